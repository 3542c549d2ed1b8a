"""The wave's endpoints as a script uses them: an import waiting on its columns mapped; a page
statistics file uploaded, previewed with its mapping and committed; a difficulty answered;
personal data for the data-protection officer only; accounts within what one may grant."""

import datetime as dt

import pytest
from django.utils import timezone

from frontnet.accounts.models import User
from frontnet.audit.models import AuditEntry, Channel
from frontnet.cadres.models import CadreCategory
from frontnet.cadres.services import cadre_create
from frontnet.pagestats.models import PageMonth
from frontnet.pagestats.samples import post, posts_csv
from frontnet.pagestats.tests.conftest import page_a1  # noqa: F401
from frontnet.privacy.models import AccessLogEntry, GrantKind, PersonalDataGrant
from frontnet.support.models import Topic
from frontnet.workbooks.models import ImportBatch
from frontnet.workbooks.tests.conftest import channels, write_book  # noqa: F401

from .test_flows import api_for

pytestmark = pytest.mark.django_db


def test_an_import_of_another_layout_is_mapped_through_the_api(users, tree, channels):  # noqa: F811
    api = api_for(users["huyen"])
    rows = [
        ["Cột A", "Cột B", "Cột C", "Cột D"],
        ["Người Cũ", "Xã An Một", "Cán bộ chuyên trách", "0912 111 222"],
    ]
    book = write_book({"Báo cáo": rows})
    from django.core.files.uploadedfile import SimpleUploadedFile

    answer = api.post(
        f"/api/v1/units/{tree['district_a'].pk}/imports/",
        {"file": SimpleUploadedFile("khac.xlsx", book)},
        format="multipart",
    )
    batch = ImportBatch.objects.get(pk=answer.json()["id"])
    assert batch.status == "mapping"
    asked = api.get(f"/api/v1/imports/{batch.pk}/mapping/").json()
    assert asked["headers"] == ["Cột A", "Cột B", "Cột C", "Cột D"]
    assert {"full_name", "unit", "category", "phone"} <= set(asked["fields"])

    twice = {"mapping": {"full_name": 0, "unit": 0}}
    refused = api.put(f"/api/v1/imports/{batch.pk}/mapping/", twice, format="json")
    assert refused.status_code == 400
    assert refused.json()["errors"]["non_field_errors"] == ["Mỗi cột chỉ được ghép với một trường."]
    mapping = {"full_name": 0, "unit": 1, "category": 2, "phone": 3}
    answer = api.put(f"/api/v1/imports/{batch.pk}/mapping/", {"mapping": mapping}, format="json")
    assert answer.status_code == 202, answer.content
    batch.refresh_from_db()
    assert (batch.status, batch.created) == ("validated", 1)
    entry = AuditEntry.objects.get(model="workbooks.importbatch", object_id=str(batch.pk))
    assert (entry.channel, entry.changes["mapping"][1]) == (Channel.API, mapping)


def test_a_page_statistics_file_is_mapped_previewed_and_committed(users, tree, page_a1):  # noqa: F811
    first = timezone.localdate().replace(day=1)
    posts = [
        post("r1", dt.datetime.combine(first, dt.time(8)), views=40, reach=30, reactions=4),
        post("r2", dt.datetime.combine(first, dt.time(9)), views=60, reach=50, shares=2),
    ]
    data = posts_csv(posts).replace(b"Post ID", b"Ma so bai").replace(b"Publish time", b"Gio")
    from django.core.files.uploadedfile import SimpleUploadedFile

    api = api_for(users["xa"])
    answer = api.post(
        f"/api/v1/units/{tree['commune_a1'].pk}/page-stats/uploads/",
        {"file": SimpleUploadedFile("bai.csv", data)},
        format="multipart",
    )
    assert answer.status_code == 201, answer.content
    plan = answer.json()
    assert set(plan["missing"]) == {"post_id", "published_at"} and not plan["ready"]
    upload = plan["upload"]["id"]

    preview = api.get(f"/api/v1/page-stats/uploads/{upload}/?map_post_id=0&map_published_at=6")
    assert preview.json()["ready"] and preview.json()["counts"]["created"] == 2
    assert not PageMonth.objects.exists()  # a preview writes nothing

    body = {"mapping": {"post_id": 0, "published_at": 6}}
    done = api.post(f"/api/v1/page-stats/uploads/{upload}/commit/", body, format="json")
    assert done.status_code == 200, done.content
    assert done.json()["upload"]["committed_at"]
    assert PageMonth.objects.get(page=page_a1, month=first).posts == 2
    again = api.post(f"/api/v1/page-stats/uploads/{upload}/commit/", body, format="json")
    assert again.json()["errors"]["non_field_errors"] == ["Tệp này đã được ghi rồi."]
    months = api.get(f"/api/v1/pages/{page_a1.pk}/months/").json()
    assert months[-1]["figures"]["posts"] == 2 and months[0]["figures"] is None
    # Out of xa's scope: xã An Hai's table.
    assert api.get(f"/api/v1/units/{tree['commune_a2'].pk}/page-stats/").status_code == 404


def test_a_difficulty_is_taken_and_answered_by_the_specialist_following_it(users, tree):
    topic = Topic.objects.get_or_create(name="Phần mềm")[0]
    body = {"topic": topic.pk, "title": "Không đăng nhập được", "text": "Báo sai mật khẩu."}
    asker = api_for(users["xa"])
    opened = asker.post(f"/api/v1/units/{tree['commune_a1'].pk}/support/threads/", body)
    assert opened.status_code == 201, opened.content
    thread = opened.json()
    assert thread["state"] == "new" and thread["actions"] == ["solve"]

    assert (
        api_for(users["chuyenvien2"]).get(f"/api/v1/support/threads/{thread['id']}/").status_code
        == 404
    )
    helper = api_for(users["chuyenvien1"])
    inbox = helper.get("/api/v1/support/threads/?state=new").json()
    assert [t["id"] for t in inbox["results"]] == [thread["id"]] and inbox["count"] == 1
    assert helper.get(f"/api/v1/support/threads/{thread['id']}/").json()["actions"] == [
        "take",
        "solve",
    ]
    taken = helper.post(f"/api/v1/support/threads/{thread['id']}/state/", {"action": "take"})
    assert taken.json()["state"] == "in_progress"
    helper.post(f"/api/v1/support/threads/{thread['id']}/replies/", {"text": "Đặt lại mật khẩu."})
    replies = asker.get(f"/api/v1/support/threads/{thread['id']}/replies/").json()["results"]
    assert [(r["text"], r["from_helper"]) for r in replies] == [("Đặt lại mật khẩu.", True)]
    # The asker may not take it on: only solve or reopen.
    refused = asker.post(f"/api/v1/support/threads/{thread['id']}/state/", {"action": "take"})
    assert refused.status_code == 403


def test_personal_data_goes_to_the_data_protection_officer_only(users, tree):
    cadre = cadre_create(
        unit=tree["commune_a1"],
        by=users["xa"],
        full_name="Trần Thị Ngọc",
        category=CadreCategory.objects.get(key="full_time"),
        phone="0912 468 135",
    )
    province = tree["province"].pk
    office = api_for(users["tinh"])
    body = {"cadre": cadre.pk, "kind": "deletion", "received_on": "2026-11-02"}
    assert office.post(f"/api/v1/units/{province}/privacy/requests/", body).status_code == 403
    assert (
        api_for(users["xa"]).get(f"/api/v1/units/{province}/privacy/requests/").status_code == 404
    )
    assert office.post(f"/api/v1/cadres/{cadre.pk}/personal-data/erase/").status_code == 403

    PersonalDataGrant.objects.create(
        user=users["tinh"], province=tree["province"], kind=GrantKind.DPO
    )
    made = office.post(f"/api/v1/units/{province}/privacy/requests/", body)
    assert made.status_code == 201, made.content
    export = office.post(f"/api/v1/cadres/{cadre.pk}/personal-data/export/", {"reason": "Yêu cầu"})
    assert export.status_code == 200 and "Trần Thị Ngọc" in export.content.decode()
    unconfirmed = office.post(f"/api/v1/cadres/{cadre.pk}/personal-data/erase/", {})
    assert unconfirmed.status_code == 400
    closed = office.post(
        f"/api/v1/privacy/requests/{made.json()['id']}/close/", {"outcome": "done"}
    )
    assert closed.status_code == 200, closed.content
    cadre.refresh_from_db()
    assert cadre.full_name != "Trần Thị Ngọc" and closed.json()["closed_on"]

    # A viewer reads masked values only; an editor's reveal is logged with channel "api".
    assert api_for(users["xem"]).post(f"/api/v1/cadres/{cadre.pk}/reveal/").status_code == 403
    revealed = api_for(users["xa"]).post(f"/api/v1/cadres/{cadre.pk}/reveal/", {"reason": "Gọi"})
    assert revealed.status_code == 200
    assert AccessLogEntry.objects.filter(cadre=cadre, channel=Channel.API, action="reveal").exists()


def test_accounts_are_made_only_with_the_roles_one_may_grant(users, tree):
    api = api_for(users["huyen"])
    unit = tree["district_a"].pk
    body = {"full_name": "Vũ Văn Bảy", "unit": tree["commune_a2"].pk, "role": "province_admin"}
    refused = api.post(f"/api/v1/units/{unit}/users/", body)
    assert refused.status_code == 400 and "role" in refused.json()["errors"]
    made = api.post(f"/api/v1/units/{unit}/users/", {**body, "role": "unit_staff"})
    assert made.status_code == 201, made.content
    assert "/activate/" in made.json()["activation_link"]
    listed = api.get(f"/api/v1/units/{unit}/users/").json()
    assert made.json()["username"] in [u["username"] for u in listed["results"]]
    assert "activation_link" not in listed["results"][0]
    # xa manages only its commune; its own account changes through the profile page.
    xa = api_for(users["xa"])
    assert xa.get(f"/api/v1/units/{unit}/users/").status_code == 404
    assert xa.post(f"/api/v1/users/{users['xa'].pk}/deactivate/").status_code == 403
    off = api.post(f"/api/v1/users/{made.json()['id']}/deactivate/")
    assert off.json()["is_active"] is False
    assert not User.objects.get(pk=made.json()["id"]).is_active
