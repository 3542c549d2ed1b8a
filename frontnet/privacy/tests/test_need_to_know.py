import io
import re
import zipfile

import pytest
from django.urls import reverse
from python_calamine import CalamineWorkbook

from frontnet.privacy import masking, services
from frontnet.privacy.models import AccessAction, AccessLogEntry, GrantKind
from frontnet.workbooks.applying import apply_plan
from frontnet.workbooks.importing import plan_import

from .conftest import EMAIL, NAME

pytestmark = pytest.mark.django_db

FULL = "0912 468 135"
MASKED = "09xx xxx 135"


def test_mask_forms():
    assert masking.mask_phone("+84912345678") == "09xx xxx 678"
    assert masking.mask_link("https://www.facebook.com/tranthibichngoc.xa") == "facebook.com/tr…"
    assert masking.mask_link("0987 606 505") == "09xx xxx 505"
    assert masking.mask_email(EMAIL) == "b…@example.vn"


@pytest.mark.parametrize("username", ["xem", "huyen"])
def test_viewer_and_district_user_see_a_communes_cadre_masked(client_for, ngoc, username):
    client = client_for(username)
    listing = client.get(reverse("cadre_list", args=[ngoc.unit_id])).content.decode()
    detail = client.get(reverse("cadre_detail", args=[ngoc.pk])).content.decode()
    for page in (listing, detail):
        assert MASKED in page and FULL not in page and "+84912468135" not in page
    assert "tranthibichngoc.xa" not in detail and EMAIL not in detail
    assert "facebook.com/tr…" in detail
    assert not AccessLogEntry.objects.exists()  # nothing was shown unmasked


def test_the_communes_own_staff_see_the_phone(client_for, ngoc):
    page = client_for("xa").get(reverse("cadre_detail", args=[ngoc.pk])).content.decode()
    assert FULL in page and "tranthibichngoc.xa" in page and EMAIL in page
    assert not AccessLogEntry.objects.exists()  # their own unit: not logged


def test_a_granted_district_user_sees_it_and_the_view_is_logged(client_for, ngoc, users, tree):
    services.grant_give(
        user=users["huyen"], province=tree["province"], kind=GrantKind.PERSONAL_DATA, by=None
    )
    client = client_for("huyen")
    assert FULL in client.get(reverse("cadre_detail", args=[ngoc.pk])).content.decode()
    assert FULL in client.get(reverse("cadre_list", args=[ngoc.unit_id])).content.decode()
    detail, listing = AccessLogEntry.objects.order_by("id")
    assert (detail.action, detail.cadre, detail.user) == (AccessAction.VIEW, ngoc, users["huyen"])
    assert (listing.action, listing.cadre, listing.count) == (AccessAction.VIEW, None, 1)


def test_reveal_is_a_logged_post_and_viewers_may_not(client_for, ngoc, users):
    url = reverse("cadre_reveal", args=[ngoc.pk])
    assert client_for("huyen").get(url).status_code == 405
    response = client_for("huyen").post(url, HTTP_HX_REQUEST="true")
    assert FULL in response.content.decode()
    entry = AccessLogEntry.objects.get()
    assert (entry.action, entry.cadre, entry.user) == (AccessAction.REVEAL, ngoc, users["huyen"])
    assert client_for("xem").post(url).status_code == 403
    assert AccessLogEntry.objects.count() == 1


def _xlsx_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return "".join(archive.read(n).decode("utf-8", "ignore") for n in archive.namelist())


def _cells(data: bytes) -> list[str]:
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    return [
        str(value)
        for name in book.sheet_names
        for row in book.get_sheet_by_name(name).to_python()
        for value in row
    ]


def test_the_district_template_is_masked_logged_and_comes_back_unchanged(
    client_for, ngoc, other, tree, users
):
    client = client_for("huyen")
    url = reverse("template_download", args=[tree["district_a"].pk])
    response = client.get(url, {"reason": "Gửi các xã rà soát"})
    text = _xlsx_text(response.content)
    assert NAME in text and MASKED in text
    for cell in _cells(response.content):
        digits = re.sub(r"\D", "", cell)
        for phone in ("912468135", "977111222", "987606505"):  # no full number, in any form
            assert phone not in digits, cell
    assert "tranthibichngoc.xa" not in text and EMAIL not in text
    entry = AccessLogEntry.objects.get()
    assert (entry.action, entry.unit, entry.count) == (AccessAction.EXPORT, tree["district_a"], 2)
    assert entry.reason == "Gửi các xã rà soát" and entry.filters == {"unit": tree["district_a"].pk}

    plan = plan_import(data=response.content, filename="tra-lai.xlsx", unit=tree["district_a"])
    assert plan.counts == {"created": 0, "updated": 0, "unchanged": 2, "rejected": 0}
    apply_plan(plan, by=users["huyen"])
    ngoc.refresh_from_db()
    assert (ngoc.phone, ngoc.email) == ("+84912468135", EMAIL)
    assert {a.canonical for a in ngoc.accounts.all()} == {
        "https://www.facebook.com/tranthibichngoc.xa",
        "https://zalo.me/+84987606505",
    }


def test_the_communes_own_template_is_whole(client_for, ngoc, tree):
    response = client_for("xa").get(
        reverse("template_download", args=[tree["commune_a1"].pk]), {"reason": "Rà soát"}
    )
    assert FULL in _xlsx_text(response.content)


def test_restricted_cadres_leave_lists_and_exports_except_for_the_officer(
    client_for, ngoc, other, dpo, tree
):
    services.restriction_add(cadre=ngoc, by=dpo)
    listing = reverse("cadre_list", args=[ngoc.unit_id])
    assert NAME not in client_for("xa").get(listing).content.decode()
    assert "Lê Văn Khác" in client_for("xa").get(listing).content.decode()
    assert NAME in client_for("tinh").get(listing).content.decode()
    data = client_for("xa").get(
        reverse("template_download", args=[tree["commune_a1"].pk]), {"reason": "Rà soát"}
    )
    assert NAME not in _xlsx_text(data.content)
    assert AccessLogEntry.objects.get(action=AccessAction.EXPORT).count == 1


def test_the_officer_searches_the_access_log(client_for, ngoc, other, dpo, users, tree):
    services.access_log(user=users["huyen"], action=AccessAction.REVEAL, cadre=ngoc)
    services.access_log(user=users["xa"], action=AccessAction.REVEAL, cadre=other)
    url = reverse("privacy_access_log", args=[tree["province"].pk])
    by_person = client_for("tinh").get(url, {"cadre": ngoc.pk}).content.decode()
    assert f"#{ngoc.pk}<" in by_person and f"#{other.pk}<" not in by_person
    by_user = client_for("tinh").get(url, {"user": "xa"}).content.decode()
    assert f"#{other.pk}<" in by_user and f"#{ngoc.pk}<" not in by_user
    assert client_for("huyen").get(url).status_code == 404  # sees no province
    assert NAME not in by_person
