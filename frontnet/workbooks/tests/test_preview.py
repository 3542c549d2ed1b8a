"""The import preview: each row that will change, before → after, filtered by outcome and
paged; the rejected rows with their reasons in the reader's language; nothing written."""

import re

import pytest
from django.urls import reverse

from frontnet.cadres.models import Cadre, SocialAccount
from frontnet.workbooks import preview
from frontnet.workbooks.columns import CADRE_COLUMNS, CADRE_SHEET, PAGE_SHEET
from frontnet.workbooks.models import ImportBatch, ImportRow

from .conftest import write_book
from .test_views import upload

pytestmark = pytest.mark.django_db

# The template's own headers (the rows below fill these columns, in this order).
FILLED = "id unit full_name gender birth_year position category phone facebook".split()
HEADER = [c.header for c in CADRE_COLUMNS if c.field in FILLED]


def text_of(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", "", response.content.decode()).split())


@pytest.fixture
def sent(client_for, tree, cadres):
    """huyện An's file: Lan's position and Facebook changed, Hòa as stored, one new cadre,
    one row with a year that is no year, and a new page."""
    lan, hoa = cadres["lan"], cadres["hoa"]
    rows = [
        HEADER,
        [
            lan.pk,
            "Huyện An",
            "Nguyễn Thị Lan",
            "Nữ",
            "",
            "Phó Chủ tịch",
            "Cán bộ chuyên trách",
            "0912 345 678",
            "https://m.facebook.com/lan.nguyen.99?mibextid=ZbWKwL",
        ],
        [
            hoa.pk,
            "Xã An Một",
            "Trần Thị Hòa",
            "Nữ",
            "",
            "",
            "Ủy viên Ủy ban MTTQ",
            "0987 654 321",
            "",
        ],
        ["", "Xã An Hai", "Ngô Văn Mới", "Nam", 1990, "Ủy viên", "Cán bộ hợp đồng", "0911 222 333"],
        ["", "Xã An Hai", "Đinh Văn Lỗi", "Nam", "năm ngoái", "", "Cán bộ hợp đồng", ""],
    ]
    pages = [
        ["Mã hệ thống", "Đơn vị", "Nền tảng", "Tên trang", "Liên kết"],
        ["", "Xã An Hai", "Fanpage Facebook", "Mặt trận xã An Hai", "fb.com/mattranxaanhai"],
    ]
    client = client_for("huyen")
    response = upload(
        client, tree["district_a"], write_book({CADRE_SHEET: rows, PAGE_SHEET: pages})
    )
    return client, ImportBatch.objects.get(), response.url


def test_an_update_shows_each_field_before_and_after_and_nothing_is_written(sent, cadres):
    client, batch, url = sent
    assert (batch.created, batch.updated, batch.unchanged, batch.rejected) == (2, 1, 1, 1)
    text = text_of(client.get(url, {"show": "updated"}))
    # Labels from cadres/fields.py; the link in its canonical form.
    assert "Chức vụ: — → Phó Chủ tịch" in text
    assert (
        "Facebook cá nhân: https://www.facebook.com/nguyenthilan → "
        "https://www.facebook.com/lan.nguyen.99"
    ) in text
    assert "Trần Thị Hòa" not in text  # unchanged: counted, not listed
    assert "Ngô Văn Mới" not in text  # created rows are another outcome
    lan = Cadre.objects.get(pk=cadres["lan"].pk)
    assert lan.position == "" and SocialAccount.objects.get(cadre=lan).canonical.endswith(
        "/nguyenthilan"
    )


def test_a_created_row_lists_what_it_brings_and_the_pages_sheet_too(sent):
    client, _batch, url = sent
    text = text_of(client.get(url, {"show": "created"}))
    assert "Ngô Văn Mới Xã An Hai" in text
    assert "Giới tính: Nam" in text and "Năm sinh: 1990" in text
    assert "Số điện thoại: 0911 222 333" in text  # as it is dialled, not +84…
    assert "Mặt trận xã An Hai" in text
    assert "Liên kết của trang: https://www.facebook.com/mattranxaanhai" in text
    assert "Nguyễn Thị Lan" not in text
    assert not Cadre.objects.filter(full_name="Ngô Văn Mới").exists()


def test_all_changes_come_with_the_rejected_rows_and_unchanged_ones_are_counted(sent):
    client, _batch, url = sent
    text = text_of(client.get(url))
    assert "Nguyễn Thị Lan" in text and "Ngô Văn Mới" in text
    assert "“năm ngoái” không phải năm sinh" in text
    assert "Không đổi (1)" in text
    unchanged = text_of(client.get(url, {"show": "unchanged"}))
    assert "1 dòng giống hệt dữ liệu đang có" in unchanged and "Nguyễn Thị Lan" not in unchanged
    rejected = text_of(client.get(url, {"show": "rejected"}))
    assert "Đinh Văn Lỗi" not in rejected.split("Các dòng bị từ chối")[0]
    assert (
        f"{CADRE_SHEET}5Năm sinh“năm ngoái” không phải năm sinh" in rejected
    )  # sheet, row, column


def test_rejection_reasons_read_in_english_under_english(sent):
    client, batch, url = sent
    # Stored by message id and arguments, with the site's language as text for the API.
    (stored,) = batch.report["rejections"]
    assert stored["message"][0]["args"] == {"value": "năm ngoái"}
    assert stored["reason"].startswith("“năm ngoái” không phải năm sinh")
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    text = text_of(client.get(url, {"show": "rejected"}))
    assert "“năm ngoái” is not a year of birth" in text, text
    assert "không phải năm sinh" not in text


def test_form_rule_messages_keep_their_arguments_in_either_language(client_for, tree, cadres):
    rows = [HEADER, ["", "Xã An Hai", "Ngô Văn Mới", "", 1890, "", "Cán bộ hợp đồng", ""]]
    client = client_for("huyen")
    url = upload(client, tree["district_a"], write_book({CADRE_SHEET: rows})).url
    assert "lớn hơn hoặc bằng với 1920" in text_of(client.get(url))  # Django's own message
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "greater than or equal to 1920" in text_of(client.get(url))


def test_phone_and_link_refusals_are_kept_by_id_and_read_in_either_language(
    client_for, tree, cadres
):
    rows = [
        HEADER,
        ["", "Xã An Hai", "Ngô Văn Mới", "", "", "", "Cán bộ hợp đồng", "0992 123 456"],
        ["", "Xã An Hai", "Lê Văn Lạ", "", "", "", "Cán bộ hợp đồng", "", "facebook.com"],
    ]
    client = client_for("huyen")
    url = upload(client, tree["district_a"], write_book({CADRE_SHEET: rows})).url
    batch = ImportBatch.objects.get()
    phone, link = (r["message"] for r in batch.report["rejections"])
    # The refusal itself is one of the stored parts (the field's example is another).
    assert {"value": "«0992 123 456»"} in [p["args"] for p in phone]
    assert any("trang chủ Facebook" in p["msgid"] for p in link)
    text = text_of(client.get(url, {"show": "rejected"}))
    assert "«0992 123 456» không phải là số điện thoại hợp lệ" in text
    assert "Liên kết chỉ là trang chủ Facebook, thiếu tên tài khoản." in text
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    text = text_of(client.get(url, {"show": "rejected"}))
    assert "«0992 123 456» is not a valid phone number" in text, text
    assert "The link is only Facebook" in text and "the account name is missing" in text
    assert "không phải là số điện thoại" not in text and "trang chủ Facebook" not in text


def test_a_large_preview_is_read_a_page_at_a_time(
    client_for, tree, cadres, django_assert_max_num_queries
):
    rows = [HEADER] + [
        ["", "Xã An Hai", f"Cán bộ số {i:03d}", "Nam", 1980, "", "Cán bộ hợp đồng", ""]
        for i in range(preview.PER_PAGE * 2 + 5)
    ]
    client = client_for("huyen")
    url = upload(client, tree["district_a"], write_book({CADRE_SHEET: rows})).url
    batch = ImportBatch.objects.get()
    assert ImportRow.objects.filter(batch=batch, outcome="created").count() == len(rows) - 1
    first = text_of(client.get(url, {"show": "created"}))
    assert "Cán bộ số 000" in first and f"Cán bộ số {preview.PER_PAGE:03d}" not in first
    assert "Trang 1/3" in first
    with django_assert_max_num_queries(25):  # a page, whatever the number of rows
        last = text_of(client.get(url, {"show": "created", "page": 3}))
    assert f"Cán bộ số {preview.PER_PAGE * 2 + 4:03d}" in last and "Cán bộ số 000" not in last


def test_contact_details_are_masked_for_a_reader_who_may_not_see_them(sent, client_for):
    _client, _batch, url = sent
    text = text_of(client_for("xem").get(url, {"show": "updated"}))  # viewer of huyện An
    assert "facebook.com/ng…" in text and "nguyenthilan" not in text


def test_the_commit_keeps_what_was_written_and_a_cancel_drops_the_preview(sent, users):
    from frontnet.workbooks.services import import_batch_cancel, import_batch_commit

    client, batch, url = sent
    import_batch_commit(batch=batch, by=users["huyen"])
    new = Cadre.objects.get(full_name="Ngô Văn Mới")
    row = ImportRow.objects.get(batch=batch, name="Ngô Văn Mới")
    assert row.record_id == new.pk
    assert reverse("cadre_detail", args=[new.pk]) in client.get(url).content.decode()

    other = ImportBatch.objects.create(
        unit=batch.unit, uploaded_by=users["huyen"], filename="x.xlsx", status="validated"
    )
    ImportRow.objects.create(batch=other, sheet="s", row=2, kind="cadre", outcome="created")
    import_batch_cancel(batch=other, by=users["huyen"])
    assert not ImportRow.objects.filter(batch=other).exists()


def test_the_api_gives_the_reasons_in_the_callers_language(sent):
    client, batch, _url = sent
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    (rejection,) = client.get(f"/api/v1/imports/{batch.pk}/").json()["rejections"]
    assert rejection["reason"].startswith("“năm ngoái” is not a year of birth")
    assert (rejection["row"], rejection["column"]) == (5, "Năm sinh")


def test_a_second_page_on_a_platform_is_named_in_the_preview(client_for, tree, cadres):
    from frontnet.cadres.models import Platform
    from frontnet.pages.services import page_register

    page_register(
        unit=tree["commune_a2"],
        platform=Platform.objects.get(key="facebook_page"),
        name="Mặt trận xã An Hai (cũ)",
        link="https://www.facebook.com/mattranxaanhai.cu",
        by=None,
    )
    pages = [
        ["Mã hệ thống", "Đơn vị", "Nền tảng", "Tên trang", "Liên kết"],
        ["", "Xã An Hai", "Fanpage Facebook", "Mặt trận xã An Hai", "fb.com/mattranxaanhai"],
    ]
    client = client_for("huyen")
    url = upload(client, tree["district_a"], write_book({PAGE_SHEET: pages})).url
    text = text_of(client.get(url, {"show": "created"}))
    assert "Đơn vị đã có trang: Mặt trận xã An Hai (cũ)" in text
