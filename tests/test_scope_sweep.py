"""Every URL that takes an id answers 404 to a user for whom that id is out of scope.

A new URL with an id must say here how to find an object outside a user's scope;
the sweep fails until it does, so no view can slip past the scope rules.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

pytestmark = pytest.mark.django_db

# url name -> (what the id is: a function(tree, user) giving an out-of-scope pk)
OUT_OF_SCOPE = {}


def _unit_outside(tree, user):
    from frontnet.units.selectors import units_visible_to

    visible = set(units_visible_to(user).values_list("pk", flat=True))
    return next(u.pk for u in tree.values() if u.pk not in visible)


for name in ["unit_detail", "unit_children", "unit_add_child", "unit_edit", "residential_import"]:
    OUT_OF_SCOPE[name] = _unit_outside


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
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 404, f"{username} {method.__name__} {url}"


def test_province_admin_sweep_uses_another_province(client, users, levels):
    from frontnet.units.services import unit_create

    other = unit_create(
        parent=None, name="Tỉnh Khác", division_type="tỉnh", level=levels["province"], by=None
    )
    client.force_login(users["tinh"])
    tree = {"other": other}
    for name in id_patterns():
        url = reverse(name, kwargs={"pk": OUT_OF_SCOPE[name](tree, users["tinh"])})
        assert client.get(url).status_code == 404, url
