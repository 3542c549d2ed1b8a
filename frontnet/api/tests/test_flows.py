"""The README's session, through the API: upload a workbook, read its preview, commit it;
a page reported by its unit and verified from above; the judgements of a district."""

import pytest
from rest_framework.test import APIClient

from frontnet.api.services import token_create
from frontnet.audit.models import AuditEntry, Channel
from frontnet.cadres.models import Cadre, Platform
from frontnet.workbooks.columns import CADRE_SHEET
from frontnet.workbooks.tests.conftest import cadres, channels, write_book  # noqa: F401

pytestmark = pytest.mark.django_db


def api_for(user) -> APIClient:
    _token, text = token_create(user=user, name="thử")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {text}")
    return client


def test_upload_preview_and_commit_a_workbook(users, tree, cadres):  # noqa: F811
    api = api_for(users["huyen"])
    rows = [
        ["Họ và tên", "Đơn vị", "Loại cán bộ", "SĐT"],
        ["Người Mới", "Xã An Một", "Cán bộ hợp đồng", "0912 000 555"],
        ["Sai Số", "Xã An Một", "Cán bộ hợp đồng", "99"],
    ]
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("bieu-mau.xlsx", write_book({CADRE_SHEET: rows}))
    answer = api.post(
        f"/api/v1/units/{tree['district_a'].pk}/imports/", {"file": upload}, format="multipart"
    )
    assert answer.status_code == 201, answer.content
    batch = answer.json()
    assert (batch["status"], batch["created"], batch["rejected"]) == ("validated", 1, 1)
    assert not Cadre.objects.filter(full_name="Người Mới").exists()

    preview = api.get(f"/api/v1/imports/{batch['id']}/").json()
    [rejection] = preview["rejections"]
    assert rejection["sheet"] == CADRE_SHEET and rejection["column"] == "SĐT"
    assert rejection["row"] == 3

    committed = api.post(f"/api/v1/imports/{batch['id']}/commit/")
    assert committed.status_code == 202
    assert committed.json()["status"] == "committed"
    assert Cadre.objects.get(full_name="Người Mới").phone == "+84912000555"
    # Committing twice is refused, naming why.
    again = api.post(f"/api/v1/imports/{batch['id']}/commit/")
    assert again.status_code == 400 and "status" in again.json()["errors"]


def test_a_page_is_reported_by_its_unit_and_verified_from_above(users, tree):
    xa, huyen = api_for(users["xa"]), api_for(users["huyen"])
    platform = Platform.objects.get(key="facebook_page")
    made = xa.post(
        f"/api/v1/units/{tree['commune_a1'].pk}/pages/",
        {
            "platform": platform.pk,
            "name": "Mặt trận xã An Một",
            "link_raw": "https://www.facebook.com/mattranxaanmot",
        },
        format="json",
    )
    assert made.status_code == 201, made.content
    page = made.json()["id"]
    # The unit cannot verify its own page; the level above can, once it is reported.
    assert xa.post(f"/api/v1/pages/{page}/verify/", {}, format="json").status_code == 403
    assert xa.post(f"/api/v1/pages/{page}/report/").json()["status"] == "reported"
    returned = huyen.post(f"/api/v1/pages/{page}/return/", {}, format="json")
    assert returned.status_code == 400 and "reason" in returned.json()["errors"]
    verified = huyen.post(f"/api/v1/pages/{page}/verify/", {"note": "Đúng tên"}, format="json")
    assert verified.status_code == 200 and verified.json()["status"] == "verified"
    events = xa.get(f"/api/v1/pages/{page}/events/").json()
    assert [e["action"] for e in events["results"]][-2:] == ["report", "verify"]
    entry = AuditEntry.objects.filter(action="verify").get()
    assert (entry.channel, entry.actor, entry.note) == (Channel.API, users["huyen"], "Đúng tên")


def test_units_search_without_diacritics_and_count(users, tree):
    api = api_for(users["huyen"])
    found = api.get("/api/v1/units/", {"q": "xa an mot"}).json()
    assert found["count"] == 1 and found["results"][0]["name"] == "Xã An Một"
    # huyện An's user does not see huyện Bình's communes.
    assert api.get("/api/v1/units/", {"q": "binh"}).json()["count"] == 0


def test_no_token_and_a_bad_token_are_401_problems(tree):
    assert APIClient().get("/api/v1/units/").status_code == 401
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Bearer fn_abc_def")
    answer = client.get("/api/v1/units/")
    assert answer.status_code == 401
    assert answer["Content-Type"] == "application/problem+json"
    assert answer.json()["detail"] == "Mã truy cập không hợp lệ, đã hết hạn hoặc đã bị thu hồi."


@pytest.mark.parametrize("where", ["imports", "page-stats/uploads"])
def test_a_file_past_the_upload_limit_is_a_413_problem(users, tree, settings, where):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.FRONTNET_UPLOAD_MAX_BYTES = 1000
    api = api_for(users["huyen"])
    upload = SimpleUploadedFile("lon.xlsx", b"x" * 5000)
    answer = api.post(
        f"/api/v1/units/{tree['district_a'].pk}/{where}/", {"file": upload}, format="multipart"
    )
    assert answer.status_code == 413, answer.content.decode()
    assert answer["Content-Type"] == "application/problem+json"
    assert "lon.xlsx" in answer.json()["errors"]["file"][0]


def test_the_docs_page_runs_from_our_own_files_without_inline_script(client, users):
    client.force_login(users["xem"])
    page = client.get("/api/v1/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<script>" not in html and "cdn" not in html.lower()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in html
    script = client.get("/api/v1/docs/?script=")
    assert script.status_code == 200 and b"SwaggerUIBundle" in script.content
