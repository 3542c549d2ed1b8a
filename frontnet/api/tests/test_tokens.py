import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from frontnet.api.models import ApiToken
from frontnet.api.services import token_create, token_revoke
from frontnet.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def bearer(text):
    return {"HTTP_AUTHORIZATION": f"Bearer {text}"}


def test_a_token_acts_as_its_user_and_sees_only_their_scope(client, users, tree):
    _token, text = token_create(user=users["xa"], name="script")
    response = client.get("/api/v1/units/", **bearer(text))
    assert response.status_code == 200
    names = {u["name"] for u in response.json()["results"]}
    assert names == {"Xã An Một", "Thôn 1"}
    assert response.json()["count"] == 2
    outside = client.get(f"/api/v1/units/{tree['commune_a2'].pk}/", **bearer(text))
    assert outside.status_code == 404
    assert outside["Content-Type"] == "application/problem+json"
    assert outside.json()["status"] == 404


def test_only_a_digest_is_stored_and_the_audit_entry_never_holds_it(users):
    token, text = token_create(user=users["huyen"], name="Báo cáo")
    secret = text.rsplit("_", 1)[1]
    assert secret not in token.digest and len(token.digest) == 64
    entry = AuditEntry.objects.get(model="api.apitoken", object_id=str(token.pk))
    assert "digest" not in entry.changes and secret not in str(entry.changes)
    assert entry.unit_id == users["huyen"].unit_id


@pytest.mark.parametrize("state", ["revoked", "expired", "wrong", "inactive"])
def test_unusable_tokens_get_401_problem_details(client, users, state):
    token, text = token_create(user=users["huyen"], name="x", expires_days=1)
    if state == "revoked":
        token_revoke(token=token, by=users["huyen"])
    elif state == "expired":
        ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(1))
    elif state == "wrong":
        text = text[:-3] + "abc"
    else:
        users["huyen"].is_active = False
        users["huyen"].save()
    response = client.get("/api/v1/units/", **bearer(text))
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    body = response.json()
    assert body["status"] == 401 and body["title"] == "Chưa xác thực"
    assert "hết hạn" in body["detail"]


def test_no_credentials_is_401_not_a_redirect_to_the_login_page(client):
    response = client.get("/api/v1/units/")
    assert response.status_code == 401


def test_last_use_is_shown_and_the_token_page_shows_a_new_token_once(client, users):
    client.force_login(users["xa"])
    page = client.post(reverse("token_list"), {"name": "Bảng tính của tôi"})
    text = page.context["made"]
    assert text.startswith("fn_") and text in page.content.decode()
    assert client.get("/api/v1/units/", **bearer(text)).status_code == 200
    again = client.get(reverse("token_list")).content.decode()
    assert text not in again and "Bảng tính của tôi" in again
    assert ApiToken.objects.get(user=users["xa"]).last_used_at is not None


def test_revoking_someone_elses_token_is_404(client, users):
    token, _text = token_create(user=users["huyen"], name="x")
    client.force_login(users["xa"])
    assert client.post(reverse("token_revoke", kwargs={"pk": token.pk})).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_rate_limit_answers_429_with_retry_after(client, users, settings):
    from django.core.cache import cache

    cache.clear()
    rf = dict(settings.REST_FRAMEWORK)
    rf["DEFAULT_THROTTLE_RATES"] = {"token": "3/minute"}
    settings.REST_FRAMEWORK = rf
    _token, text = token_create(user=users["xa"], name="x")
    codes = [client.get("/api/v1/units/", **bearer(text)).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    last = client.get("/api/v1/units/", **bearer(text))
    assert last.status_code == 429 and int(last["Retry-After"]) > 0
    assert last["Content-Type"] == "application/problem+json"
    cache.clear()


def test_create_token_command_prints_a_working_token(client, users):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("create_token", "--user", "huyen", "--expires-days", "30", stdout=out)
    text = out.getvalue().strip()
    assert client.get("/api/v1/units/", **bearer(text)).status_code == 200
    token = ApiToken.objects.get(user=users["huyen"])
    assert 29 <= (token.expires_at - timezone.now()).days <= 30


def test_schema_and_docs_are_served_from_the_app_itself(client, users):
    client.force_login(users["xa"])
    schema = client.get("/api/v1/schema/?format=json")
    assert schema.status_code == 200
    assert schema.json()["openapi"].startswith("3.")
    docs = client.get("/api/v1/docs/").content.decode()
    assert "swagger-ui" in docs and "cdn" not in docs.lower() and "https://" not in docs
