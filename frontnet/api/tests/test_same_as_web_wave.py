"""The writes this wave added to the API leave the web's audit entries, apart from the
channel: each test makes the same change twice, once through the web and once through the
API, and compares every entry written (the records' own ids and times aside, and the
fields named, which differ because two records are changed instead of one)."""

import re

import pytest
from django.db.models import Max
from django.urls import reverse
from rest_framework.test import APIClient

from frontnet.api.services import token_create
from frontnet.audit.models import AuditEntry, Channel
from frontnet.cadres.models import CadreCategory, Platform
from frontnet.cadres.services import cadre_create
from frontnet.campaigns.models import Campaign
from frontnet.monitoring.models import Target
from frontnet.pages.services import page_register
from frontnet.privacy.models import GrantKind, PersonalDataGrant
from frontnet.scoring.models import Criterion
from frontnet.support.models import Thread, Topic

pytestmark = pytest.mark.django_db

TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T")


def _api(user) -> APIClient:
    _token, text = token_create(user=user, name="thử")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {text}")
    return client


def _masked(value):
    return "<time>" if isinstance(value, str) and TIME.match(value) else value


def _written(call, *, masked=()) -> list[dict]:
    """The entries `call` writes, each as who, what, where and how."""
    mark = AuditEntry.objects.aggregate(m=Max("pk"))["m"] or 0
    response = call()
    assert response.status_code in (200, 201, 202, 302), response.content
    entries = []
    # The token a test makes for its call is not part of the write.
    written = AuditEntry.objects.filter(pk__gt=mark).exclude(model="api.apitoken")
    for entry in written.order_by("pk"):
        changes = {
            key: "<differs>"
            if key in ("id", *masked)
            else [_masked(v) for v in pair]
            if isinstance(pair, list)
            else pair
            for key, pair in entry.changes.items()
        }
        entries.append(
            {
                "model": entry.model,
                "action": entry.action,
                "actor": entry.actor_id,
                "unit": entry.unit_id,
                "changes": changes,
                "note": entry.note,
                "channel": entry.channel,
            }
        )
    return entries


def assert_same(web: list[dict], through_api: list[dict]):
    assert web, "the web write left no entry"
    assert {e.pop("channel") for e in web} == {Channel.WEB}
    assert {e.pop("channel") for e in through_api} == {Channel.API}
    assert web == through_api


def test_a_thread_opened_answered_and_reopened(client, users, tree):
    topic = Topic.objects.get_or_create(name="Phần mềm")[0]
    body = {"topic": str(topic.pk), "title": "Không tải được biểu mẫu", "text": "Báo lỗi khi mở."}
    unit = tree["commune_a1"].pk
    client.force_login(users["xa"])
    web = _written(lambda: client.post(reverse("support_thread_create", args=[unit]), body))
    api = _written(lambda: _api(users["xa"]).post(f"/api/v1/units/{unit}/support/threads/", body))
    assert_same(web, api)
    web_thread, api_thread = Thread.objects.order_by("pk")

    client.force_login(users["chuyenvien1"])
    helper = _api(users["chuyenvien1"])
    answer = {"text": "Hãy tải lại mẫu mới."}
    web = _written(
        lambda: client.post(reverse("support_thread_reply", args=[web_thread.pk]), answer)
    )
    api = _written(lambda: helper.post(f"/api/v1/support/threads/{api_thread.pk}/replies/", answer))
    assert_same(web, api)

    client.force_login(users["xa"])
    reopen = {"action": "reopen"}
    web = _written(
        lambda: client.post(reverse("support_thread_state", args=[web_thread.pk]), reopen)
    )
    api = _written(
        lambda: _api(users["xa"]).post(f"/api/v1/support/threads/{api_thread.pk}/state/", reopen)
    )
    assert_same(web, api)
    assert api[0]["changes"]["state"] == ["answered", "reopened"]


def test_guidance_published(client, users, tree):
    topic = Topic.objects.get_or_create(name="Phần mềm")[0]
    body = {
        "unit": str(tree["district_a"].pk),
        "topic": str(topic.pk),
        "title": "Cách điền cột điện thoại",
        "text": "Ghi số có 10 chữ số.",
    }
    client.force_login(users["chuyenvien1"])
    web = _written(lambda: client.post(reverse("guidance_create"), body))
    api = _written(lambda: _api(users["chuyenvien1"]).post("/api/v1/guidance/", body))
    assert_same(web, api)


def test_a_campaign_created_and_a_share_reported(client, users, tree, levels):
    province = tree["province"].pk
    items = [("Bài về Đại hội", "https://www.facebook.com/mattrantinh/posts/1")]
    web_body = {
        "name": "Đợt tháng 4",
        "starts_on": "2026-04-01",
        "ends_on": "2026-04-30",
        "levels": [levels["commune"].pk],
        "items": "\n".join(f"{t} | {link}" for t, link in items),
    }
    api_body = {**web_body, "items": [{"title": t, "link": link} for t, link in items]}
    client.force_login(users["tinh"])
    web = _written(lambda: client.post(reverse("campaign_create", args=[province]), web_body))
    api = _written(
        lambda: _api(users["tinh"]).post(
            f"/api/v1/units/{province}/campaigns/", api_body, format="json"
        )
    )
    assert_same(web, api)

    web_campaign, api_campaign = Campaign.objects.order_by("pk")
    web_item, api_item = web_campaign.items.get(), api_campaign.items.get()
    client.force_login(users["xa"])
    web = _written(
        lambda: client.post(
            reverse("campaign_report", args=[web_campaign.pk]),
            {
                f"i{web_item.pk}-post_link": "facebook.com/xa/posts/5",
                f"i{web_item.pk}-cadres_shared": "3",
            },
        ),
        masked=("item_id",),
    )
    api = _written(
        lambda: _api(users["xa"]).post(
            f"/api/v1/campaigns/{api_campaign.pk}/shares/",
            {"item": api_item.pk, "post_link": "facebook.com/xa/posts/5", "cadres_shared": 3},
            format="json",
        ),
        masked=("item_id",),
    )
    assert_same(web, api)


def test_a_page_month_entered_by_hand(client, users, tree):
    def page(key, name, link):
        return page_register(
            unit=tree["commune_a1"],
            platform=Platform.objects.get(key=key),
            name=name,
            link=link,
            by=None,
        )

    web_page = page("facebook_page", "Mặt trận xã An Một", "https://www.facebook.com/mtxaanmot")
    api_page = page("zalo_oa", "Mặt trận xã An Một", "https://zalo.me/4000000000000000009")
    body = {"month": "10/2026", "followers": "120", "posts": "8", "interactions": "40"}
    client.force_login(users["xa"])
    web = _written(
        lambda: client.post(reverse("page_stats_month", args=[web_page.pk]), body),
        masked=("page_id",),
    )
    api = _written(
        lambda: _api(users["xa"]).put(f"/api/v1/pages/{api_page.pk}/months/", body),
        masked=("page_id",),
    )
    assert_same(web, api)


def test_a_data_subject_request_recorded(client, users, tree):
    PersonalDataGrant.objects.create(
        user=users["tinh"], province=tree["province"], kind=GrantKind.DPO
    )
    category = CadreCategory.objects.get(key="full_time")
    web_cadre, api_cadre = (
        cadre_create(
            unit=tree["commune_a1"], by=users["xa"], full_name="Lê Văn Tư", category=category
        )
        for _ in range(2)
    )
    body = {"kind": "access", "received_on": "2026-11-02", "note": "Qua thư"}
    province = tree["province"].pk
    client.force_login(users["tinh"])
    web = _written(
        lambda: client.post(
            reverse("privacy_requests", args=[province]), {**body, "cadre": web_cadre.pk}
        ),
        masked=("cadre_id",),
    )
    api = _written(
        lambda: _api(users["tinh"]).post(
            f"/api/v1/units/{province}/privacy/requests/", {**body, "cadre": api_cadre.pk}
        ),
        masked=("cadre_id",),
    )
    assert_same(web, api)


def test_an_account_created_and_deactivated(client, users, tree):
    from frontnet.accounts.models import User

    body = {"full_name": "Phạm Thị Năm", "unit": tree["commune_a2"].pk, "role": "unit_staff"}
    unit = tree["district_a"].pk
    client.force_login(users["huyen"])
    api_client = _api(users["huyen"])
    web = _written(
        lambda: client.post(reverse("user_add", args=[unit]), {**body, "username": "nam-web"}),
        masked=("username",),
    )
    api = _written(
        lambda: api_client.post(f"/api/v1/units/{unit}/users/", {**body, "username": "nam-api"}),
        masked=("username",),
    )
    assert_same(web, api)

    web_user, api_user = User.objects.get(username="nam-web"), User.objects.get(username="nam-api")
    web = _written(lambda: client.post(reverse("user_deactivate", args=[web_user.pk])))
    api = _written(lambda: api_client.post(f"/api/v1/users/{api_user.pk}/deactivate/"))
    assert_same(web, api)


def test_a_target_added_changed_and_stopped(client, users, tree, levels):
    body = {
        "name": "Xã báo cáo trang cộng đồng",
        "measure": "page_reported",
        "level": levels["commune"].pk,
        "threshold": "80",
        "start": "2026-01-01",
        "deadline": "2026-12-31",
        "source": "Công văn 12",
        "remind_days": "7,1",
    }
    province = tree["province"].pk
    client.force_login(users["tinh"])
    api_client = _api(users["tinh"])
    web = _written(lambda: client.post(reverse("target_add", args=[province]), body))
    api = _written(lambda: api_client.post(f"/api/v1/units/{province}/targets/", body))
    assert_same(web, api)

    web_target, api_target = Target.objects.filter(name=body["name"]).order_by("pk")
    web = _written(
        lambda: client.post(
            reverse("target_edit", args=[web_target.pk]), {**body, "threshold": "90"}
        )
    )
    api = _written(
        lambda: api_client.patch(
            f"/api/v1/targets/{api_target.pk}/", {"threshold": 90}, format="json"
        )
    )
    assert_same(web, api)
    assert api[0]["changes"]["threshold"] == [80, 90]

    web = _written(lambda: client.post(reverse("target_deactivate", args=[web_target.pk])))
    api = _written(lambda: api_client.post(f"/api/v1/targets/{api_target.pk}/deactivate/"))
    assert_same(web, api)


def test_a_criterion_added_and_changed(client, users, tree, levels):
    body = {
        "name": "Trang cộng đồng đặt tên đúng quy định",
        "measure": "page_verified_named",
        "rule": "deadline",
        "weight": "10",
        "floor": "0",
        "target": "100",
        "deadline": "2026-06-30",
        "penalty": "0",
        "levels": [levels["district"].pk, levels["commune"].pk],
        "order": "8",
    }
    province = tree["province"].pk
    client.force_login(users["tinh"])
    api_client = _api(users["tinh"])
    web = _written(
        lambda: client.post(reverse("criterion_add", args=[province]), {**body, "code": "ten-web"}),
        masked=("code",),
    )
    api = _written(
        lambda: api_client.post(
            f"/api/v1/units/{province}/criteria/", {**body, "code": "ten-api"}, format="json"
        ),
        masked=("code",),
    )
    assert_same(web, api)

    web_c, api_c = Criterion.objects.get(code="ten-web"), Criterion.objects.get(code="ten-api")
    web = _written(
        lambda: client.post(reverse("criterion_edit", args=[web_c.pk]), {**body, "weight": "12,5"})
    )
    api = _written(
        lambda: api_client.patch(f"/api/v1/criteria/{api_c.pk}/", {"weight": "12.5"}, format="json")
    )
    assert_same(web, api)
    assert api[0]["changes"]["weight"] == ["10.00", "12.50"]
