"""An API write and the same web write go through the same form and service: they leave the
same audit entry, apart from the channel; and the API refuses bad input with the web's own
messages, per field, as problem details."""

import pytest
from django.urls import reverse

from frontnet.audit.models import AuditEntry, Channel
from frontnet.cadres.models import CadreCategory
from frontnet.cadres.services import cadre_create

pytestmark = pytest.mark.django_db


def _entry(model: str, object_id) -> dict:
    entry = AuditEntry.objects.filter(model__iendswith=model, object_id=str(object_id)).first()
    return {
        "action": entry.action,
        "actor": entry.actor_id,
        "unit": entry.unit_id,
        "changes": entry.changes,
        "note": entry.note,
        "channel": entry.channel,
    }


def _two_cadres(tree, users):
    category = CadreCategory.objects.get(key="full_time")
    return [
        cadre_create(
            unit=tree["commune_a1"],
            by=users["xa"],
            full_name="Nguyễn Văn Ba",
            category=category,
            position="Phó Chủ tịch",
        )
        for _ in range(2)
    ]


@pytest.fixture
def api(client, users):
    from rest_framework.test import APIClient

    from frontnet.api.services import token_create

    _token, text = token_create(user=users["xa"], name="thử")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {text}")
    return api


def test_editing_a_cadre_leaves_the_same_entry_as_the_web(client, api, users, tree):
    web_cadre, api_cadre = _two_cadres(tree, users)
    client.force_login(users["xa"])
    form = {
        "full_name": "Nguyễn Văn Ba",
        "category": str(web_cadre.category_id),
        "position": "Chủ tịch",
        "phone": "0912 345 678",
    }
    assert client.post(reverse("cadre_edit", args=[web_cadre.pk]), form).status_code == 302
    answer = api.patch(
        f"/api/v1/cadres/{api_cadre.pk}/",
        {"position": "Chủ tịch", "phone": "0912 345 678"},
        format="json",
    )
    assert answer.status_code == 200, answer.content
    assert answer.json()["position"] == "Chủ tịch"
    assert answer.json()["phone"] == web_cadre.__class__.objects.get(pk=web_cadre.pk).phone

    web, through_api = _entry("cadre", web_cadre.pk), _entry("cadre", api_cadre.pk)
    assert (web.pop("channel"), through_api.pop("channel")) == (Channel.WEB, Channel.API)
    assert web == through_api
    assert web["changes"]  # the position (and the phone) really changed


def test_ending_a_cadre_leaves_the_same_entry_as_the_web(client, api, users, tree):
    web_cadre, api_cadre = _two_cadres(tree, users)
    client.force_login(users["xa"])
    body = {"active_to": web_cadre.active_from.isoformat(), "end_reason": "Nghỉ hưu"}
    assert client.post(reverse("cadre_end", args=[web_cadre.pk]), body).status_code == 302
    answer = api.post(f"/api/v1/cadres/{api_cadre.pk}/end/", body, format="json")
    assert answer.status_code == 200, answer.content
    web, through_api = _entry("cadre", web_cadre.pk), _entry("cadre", api_cadre.pk)
    assert (web.pop("channel"), through_api.pop("channel")) == (Channel.WEB, Channel.API)
    assert web == through_api
    assert web["note"] == "Nghỉ hưu"


def test_bad_input_answers_the_forms_messages_per_field(api, users, tree):
    answer = api.post(
        f"/api/v1/units/{tree['commune_a1'].pk}/cadres/", {"birth_year": "abc"}, format="json"
    )
    assert answer.status_code == 400
    assert answer["Content-Type"] == "application/problem+json"
    problem = answer.json()
    assert problem["status"] == 400
    # The web form's own message for a missing name names the field.
    assert problem["errors"]["full_name"] == ["Họ và tên: chưa nhập. Ví dụ: Nguyễn Văn An"]
    assert set(problem["errors"]) >= {"full_name", "category", "birth_year"}


def test_a_unit_outside_scope_is_404_before_a_wrong_method(api, tree):
    # xã An Một's user does not see xã An Hai: 404 whatever the method.
    outside = tree["commune_a2"].pk
    assert api.delete(f"/api/v1/units/{outside}/cadres/").status_code == 404
    inside = tree["commune_a1"].pk
    assert api.delete(f"/api/v1/units/{inside}/cadres/").status_code == 405
