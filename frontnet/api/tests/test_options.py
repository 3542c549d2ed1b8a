"""OPTIONS (what a client asks before a cross-origin write, and how DRF describes a view)
answers on every API route, as the province administrator and as a commune user: it must
never be a server error, whatever the view's serializer."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.test import APIClient

from frontnet.api.services import token_create
from tests.test_scope_sweep import OUT_OF_SCOPE

pytestmark = pytest.mark.django_db


def api_routes():
    found = []

    def walk(patterns):
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns)
            elif isinstance(p, URLPattern) and p.name and p.name.startswith("api_"):
                found.append((p.name, bool(p.pattern.converters)))

    walk(get_resolver().url_patterns)
    return sorted(found)


@pytest.mark.parametrize("username", ["tinh", "xa"])
def test_options_answers_on_every_api_route(users, tree, levels, username):
    from frontnet.units.services import unit_create

    other = unit_create(
        parent=None, name="Tỉnh Khác", division_type="tỉnh", level=levels["province"], by=None
    )
    user = users[username]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_create(user=user, name='t')[1]}")
    routes = api_routes()
    assert len(routes) > 40
    failed = []
    for name, takes_id in routes:
        kwargs = {"pk": OUT_OF_SCOPE[name](tree | {"other": other}, user)} if takes_id else {}
        url = reverse(name, kwargs=kwargs)
        if not url.startswith("/api/v1/"):
            continue  # the tokens' web pages share the prefix of their names
        answer = client.options(url)
        if answer.status_code >= 500:
            failed.append(f"{url}: {answer.status_code}")
    assert not failed, failed
