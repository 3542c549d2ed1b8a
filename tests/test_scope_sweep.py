"""Every URL that takes an id answers 404 to a user for whom that id is out of scope.

Each app says, in `frontnet/<app>/tests/scope_cases.py`, how to find an object outside a
user's scope for each of its URL names (`OUT_OF_SCOPE = {url_name: fn(tree, user) -> pk}`);
the sweep fails for a URL with an id that no app describes, so no view slips past scope.
"""

import importlib
import pkgutil

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import frontnet

pytestmark = pytest.mark.django_db

OUT_OF_SCOPE = {}
for app in pkgutil.iter_modules(frontnet.__path__):
    try:
        cases = importlib.import_module(f"frontnet.{app.name}.tests.scope_cases")
    except ModuleNotFoundError:
        continue
    OUT_OF_SCOPE.update(cases.OUT_OF_SCOPE)


def id_patterns():
    found = []

    def walk(patterns, prefix=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                if p.namespace == "admin" or str(p.pattern).startswith("admin"):
                    continue
                walk(p.url_patterns, prefix + (f"{p.namespace}:" if p.namespace else ""))
            elif isinstance(p, URLPattern) and p.pattern.converters:
                found.append(prefix + p.name)

    walk(get_resolver().url_patterns)
    return sorted(found)


def test_every_url_with_an_id_is_in_the_sweep():
    missing = [name for name in id_patterns() if name not in OUT_OF_SCOPE]
    assert not missing, f"add these to OUT_OF_SCOPE: {missing}"


@pytest.mark.parametrize("username", ["chuyenvien1", "chuyenvien2", "huyen", "xa", "xem"])
def test_out_of_scope_ids_answer_404_for_every_user(client, users, tree, username):
    client.force_login(users[username])
    for name in id_patterns():
        pk = OUT_OF_SCOPE[name](tree, users[username])
        url = reverse(name, kwargs={"pk": pk})
        # A POST-only view may refuse GET with 405 before looking anything up: it says
        # nothing about the object. Every POST must answer 404.
        assert client.get(url).status_code in (404, 405), f"{username} GET {url}"
        assert client.post(url).status_code == 404, f"{username} POST {url}"


def test_province_admin_sweep_uses_another_province(client, users, levels):
    from frontnet.units.services import unit_create

    other = unit_create(
        parent=None, name="Tỉnh Khác", division_type="tỉnh", level=levels["province"], by=None
    )
    client.force_login(users["tinh"])
    tree = {"other": other}
    for name in id_patterns():
        url = reverse(name, kwargs={"pk": OUT_OF_SCOPE[name](tree, users["tinh"])})
        assert client.get(url).status_code in (404, 405), url
        assert client.post(url).status_code == 404, url


def test_no_view_reaches_a_model_manager_itself():
    """Views read scoped data only through selectors built on `frontnet.units.access`: a
    `Model.objects…` or `get_object_or_404` in a view would skip the scope check."""
    import ast
    import pathlib

    root = pathlib.Path(frontnet.__path__[0])
    offenders = []
    for path in sorted(root.glob("*/views*.py")) + sorted(root.glob("*/api*.py")):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr in ("objects", "_default_manager"):
                offenders.append(f"{path.relative_to(root)}:{node.lineno}")
            if isinstance(node, ast.Name) and node.id in ("get_object_or_404", "get_list_or_404"):
                offenders.append(f"{path.relative_to(root)}:{node.lineno}")
    assert not offenders, f"use a scoped selector instead: {offenders}"


def test_every_scoped_selector_is_built_on_the_access_module():
    """Every `*_get_for_user` of every app gets its rows from `frontnet.units.access`."""
    import inspect

    from frontnet.units import access

    found = {}
    for app in pkgutil.iter_modules(frontnet.__path__):
        for module_name in ("selectors", "target_selectors", "criterion_selectors"):
            try:
                module = importlib.import_module(f"frontnet.{app.name}.{module_name}")
            except ModuleNotFoundError:
                continue
            for name, fn in inspect.getmembers(module, inspect.isfunction):
                scoped = name.endswith("_get_for_user") or name.endswith("_visible_to")
                if scoped and fn.__module__ == module.__name__:
                    found[f"{module.__name__}.{name}"] = inspect.getsource(fn)
    assert found
    helpers = [n for n, f in inspect.getmembers(access, inspect.isfunction)]
    helpers += [name.rsplit(".", 1)[1] for name in found]
    loose = [
        name
        for name, source in found.items()
        if not any(f"{h}(" in source.split(":", 1)[1] for h in helpers)
    ]
    assert not loose, f"build these on frontnet.units.access: {loose}"
