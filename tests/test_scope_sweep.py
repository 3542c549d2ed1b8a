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
