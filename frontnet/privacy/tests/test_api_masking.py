"""The API masks a cadre's personal data for a reader who may not see it, as the web does."""

import json

import pytest
from rest_framework.test import APIClient

from frontnet.api.services import token_create
from frontnet.privacy import services
from frontnet.privacy.models import AccessLogEntry, GrantKind

from .conftest import EMAIL

pytestmark = pytest.mark.django_db

FULL = "+84912468135"


def api_for(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_create(user=user, name='t')[1]}")
    return client


def read_all(api, ngoc) -> str:
    answers = [
        api.get(f"/api/v1/units/{ngoc.unit_id}/cadres/"),
        api.get(f"/api/v1/cadres/{ngoc.pk}/"),
        api.get(f"/api/v1/cadres/{ngoc.pk}/accounts/"),
    ]
    assert [a.status_code for a in answers] == [200, 200, 200], [a.content for a in answers]
    return json.dumps([a.json() for a in answers], ensure_ascii=False)


@pytest.mark.parametrize("username", ["xem", "huyen"])
def test_a_viewer_and_a_district_user_get_a_communes_cadre_masked(users, ngoc, username):
    api = api_for(users[username])
    detail = api.get(f"/api/v1/cadres/{ngoc.pk}/").json()
    assert detail["phone"] == "09xx xxx 135" and detail["email"] == "b…@example.vn"
    assert (detail["gender"], detail["birth_year"]) == ("", None)
    assert set(detail["masked"]) == {"phone", "email", "gender", "birth_year"}
    text = read_all(api, ngoc)
    assert FULL not in text and "0912468135" not in text and EMAIL not in text
    assert "tranthibichngoc.xa" not in text and "1986" not in text
    assert "facebook.com/tr…" in text
    assert not AccessLogEntry.objects.exists()


def test_the_communes_own_staff_and_a_granted_user_get_the_values(users, tree, ngoc):
    for user in (users["xa"], users["huyen"]):
        if user.username == "huyen":
            services.grant_give(
                user=user, province=tree["province"], kind=GrantKind.PERSONAL_DATA, by=None
            )
        detail = api_for(user).get(f"/api/v1/cadres/{ngoc.pk}/").json()
        assert (detail["phone"], detail["email"], detail["birth_year"]) == (FULL, EMAIL, 1986)
        assert detail["masked"] == []
    # Logged as on the web: the granted district user's view, not the commune's own staff's.
    (entry,) = AccessLogEntry.objects.all()
    assert (entry.user, entry.cadre, entry.action) == (users["huyen"], ngoc, "view")


def test_a_granted_list_read_is_logged_once_with_its_count(users, tree, ngoc):
    services.grant_give(
        user=users["huyen"], province=tree["province"], kind=GrantKind.PERSONAL_DATA, by=None
    )
    listing = api_for(users["huyen"]).get(f"/api/v1/units/{ngoc.unit_id}/cadres/", {"q": "Ngọc"})
    assert FULL in json.dumps(listing.json())
    (entry,) = AccessLogEntry.objects.all()
    assert (entry.count, entry.filters) == (1, {"q": "Ngọc"})
