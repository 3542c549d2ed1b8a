"""The form-template round trip as a district cadre does it in a browser: download the
pre-filled workbook from the unit page, fill it (one colleague's position changed, one new
colleague, one row with a wrong phone), upload it, read the preview and the located reason,
download the rejected row to fix it, commit, and find the batch and the new colleague."""

import pytest

from frontnet.audit.models import AuditEntry
from frontnet.cadres.models import Cadre
from frontnet.workbooks.columns import CADRE_SHEET, PAGE_SHEET
from frontnet.workbooks.models import ImportBatch
from frontnet.workbooks.tests.conftest import read_rows as read_sheet
from frontnet.workbooks.tests.conftest import write_book

from .conftest import download

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW = "Ngô Thị Mười"
BAD = "Đinh Văn Lỗi"


def counts(page) -> dict[str, str]:
    table = page.locator("table.counts")
    return {
        row.locator("th").inner_text(): row.locator("td").inner_text()
        for row in table.locator("tr").all()
    }


def test_district_fills_the_template_previews_fixes_and_commits(
    desktop_page, live_server, login, users, tree, province_story
):
    page = desktop_page
    login(page, "huyen")
    assert page.locator("h1").inner_text() == "Huyện An"

    # 1. The pre-filled template, from the unit page.
    page.get_by_label("Lý do tải").fill("Gửi các xã điền")  # exports say why (privacy)
    name, data = download(
        page, lambda: page.get_by_role("button", name="Tải biểu mẫu (xlsx)").click()
    )
    assert name.startswith("bieu-mau-") and name.endswith(".xlsx")
    rows = read_sheet(data, CADRE_SHEET)
    header = rows[0]
    col = {h: i for i, h in enumerate(header)}
    stored = [r for r in rows[1:] if r[col["Họ và tên"]]]
    # huyện An's subtree: the five cadres of the story, none of huyện Bình's.
    assert sorted(r[col["Họ và tên"]] for r in stored) == [
        "Hoàng Văn Bốn",
        "Lê Văn Hai",
        "Nguyễn Văn An",
        "Phạm Thị Ba",
        "Trần Thị Một",
    ]
    ids = {r[col["Họ và tên"]]: int(r[0]) for r in stored}
    assert ids["Lê Văn Hai"] == Cadre.objects.get(full_name="Lê Văn Hai").pk

    # 2. Filled in: one position changed, one new cadre, one wrong phone.
    for r in stored:
        if r[col["Họ và tên"]] == "Lê Văn Hai":
            r[col["Chức vụ"]] = "Phó Chủ tịch"
    blank = ["" for _ in header]

    def new_row(**values):
        row = list(blank)
        for key, value in values.items():
            row[col[key]] = value
        return row

    category = "Cán bộ chuyên trách"
    filled = (
        [header]
        + stored
        + [
            new_row(
                **{
                    "Đơn vị": "Xã An Hai",
                    "Họ và tên": NEW,
                    "Giới tính": "Nữ",
                    "Năm sinh": 1990,
                    "Chức vụ": "Ủy viên",
                    "Loại cán bộ": category,
                    "Số điện thoại": "0987 654 321",
                    "Facebook cá nhân (liên kết)": "https://m.facebook.com/ngo.thi.muoi",
                }
            ),
            new_row(
                **{
                    "Đơn vị": "Xã An Một",
                    "Họ và tên": BAD,
                    "Loại cán bộ": category,
                    "Số điện thoại": "12345",
                }
            ),
        ]
    )
    pages = read_sheet(data, PAGE_SHEET)[:1]
    upload = write_book({CADRE_SHEET: filled, PAGE_SHEET: pages})

    # 3. Upload: the preview, nothing written yet.
    page.get_by_role("link", name="Nhập biểu mẫu đã điền").click()
    page.set_input_files(
        "input[type=file]",
        files=[
            {
                "name": "bieu-mau-da-dien.xlsx",
                "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "buffer": upload,
            }
        ],
    )
    page.get_by_role("button", name="Tải lên và kiểm tra").click()
    page.wait_for_selector("table.counts")
    assert "bieu-mau-da-dien.xlsx" in page.locator("h1").inner_text()
    assert counts(page) == {"Thêm mới": "1", "Cập nhật": "1", "Không đổi": "4", "Bị từ chối": "1"}
    assert not Cadre.objects.filter(full_name=NEW).exists()
    rejection = page.locator("#batch-status table").last.locator("tbody tr")
    assert rejection.count() == 1
    cells = rejection.first.locator("td").all_inner_texts()
    # Sheet, row (the 8th row of the file: header, 5 stored, the new one, this one), column.
    assert cells[:3] == [CADRE_SHEET, "8", "Số điện thoại"]
    assert cells[3].startswith("«12345» không phải là số điện thoại hợp lệ"), cells[3]

    # 4. The rejected row, with its reason, to fix.
    name, data = download(
        page,
        lambda: page.get_by_role("link", name="Tải các dòng bị từ chối (kèm lý do) để sửa").click(),
    )
    assert name.endswith(".xlsx")
    rejected = read_sheet(data, CADRE_SHEET)
    assert rejected[0][:2] == ["Lý do bị từ chối", "Dòng trong tệp gốc"]
    assert len(rejected) == 2
    assert rejected[1][0] == f"Số điện thoại: {cells[3]}"
    assert rejected[1][1] == 8
    assert BAD in rejected[1] and "12345" in rejected[1]

    # 5. Commit the valid rows.
    page.get_by_role("button", name="Ghi 2 dòng hợp lệ vào hệ thống").click()
    page.wait_for_selector("#batch-status >> text=Đã ghi vào hệ thống")
    assert page.get_by_role("button", name="Ghi 2 dòng hợp lệ vào hệ thống").count() == 0
    batch = ImportBatch.objects.get()
    assert (batch.status, batch.committed_by) == ("committed", users["huyen"])
    new = Cadre.objects.get(full_name=NEW)
    assert (new.unit, new.phone, new.birth_year) == (tree["commune_a2"], "+84987654321", 1990)
    assert Cadre.objects.get(pk=ids["Lê Văn Hai"]).position == "Phó Chủ tịch"
    assert not Cadre.objects.filter(full_name=BAD).exists()
    assert (
        AuditEntry.objects.get(channel="import", action="create", object_id=str(new.pk)).actor
        == (users["huyen"])
    )

    # 6. The batch in the list, then the new colleague in the commune's cadre list.
    page.get_by_role("link", name="các lần nhập").click()
    row = page.locator("tr", has_text="bieu-mau-da-dien.xlsx")
    assert "Đã ghi vào hệ thống" in row.inner_text()
    assert "1 / 1 / 4 / 1" in row.inner_text()
    page.locator("nav.crumbs").get_by_role("link", name="Huyện An").click()
    assert page.locator("h1").inner_text() == "Huyện An"
    page.locator("main").get_by_role("link", name="Xã An Hai", exact=True).first.click()
    assert page.locator("h1").inner_text() == "Xã An Hai"
    page.get_by_role("link", name="Cán bộ của đơn vị").click()
    assert page.locator("#cadre-rows").get_by_text(NEW).is_visible()
    assert page.locator("#cadre-rows").get_by_text("Hoàng Văn Bốn").is_visible()


def test_commune_on_a_phone_fixes_the_rejected_rows_and_uploads_them_again(
    phone_page, live_server, login, users, tree, province_story
):
    """A commune cadre on a phone names a unit outside the commune by mistake: the row is
    refused with the reason, the rest is written, and the downloaded rejected rows, fixed,
    go back in as they are."""
    page = phone_page
    login(page, "xa")
    assert page.locator("h1").inner_text() == "Xã An Một"
    page.get_by_label("Lý do tải").fill("Sửa các dòng bị từ chối")  # exports say why (privacy)
    _name, data = download(
        page, lambda: page.get_by_role("button", name="Tải biểu mẫu (xlsx)").click()
    )
    rows = read_sheet(data, CADRE_SHEET)
    header = rows[0]
    col = {h: i for i, h in enumerate(header)}
    stored = [r for r in rows[1:] if r[col["Họ và tên"]]]
    # The commune and its residential committee only.
    assert sorted(r[col["Họ và tên"]] for r in stored) == [
        "Lê Văn Hai",
        "Phạm Thị Ba",
        "Trần Thị Một",
    ]
    for r in stored:
        if r[col["Họ và tên"]] == "Lê Văn Hai":
            r[col["Facebook cá nhân (liên kết)"]] = "fb.com/le.van.hai.99"
    wrong = ["" for _ in header]
    for key, value in {
        "Đơn vị": "Xã An Hai",  # the neighbouring commune: outside xã An Một
        "Họ và tên": "Mai Thị Thu",
        "Loại cán bộ": "Thành viên Ban công tác Mặt trận",
        "Số điện thoại": "0912 888 999",
        "Zalo (số điện thoại hoặc liên kết)": "0912 888 999",
    }.items():
        wrong[col[key]] = value
    upload = write_book({CADRE_SHEET: [header, *stored, wrong]})

    def send(name: str, data: bytes):
        page.get_by_role("link", name="Nhập biểu mẫu đã điền").click()
        page.set_input_files(
            "input[type=file]", files=[{"name": name, "mimeType": "", "buffer": data}]
        )
        page.get_by_role("button", name="Tải lên và kiểm tra").click()
        page.wait_for_selector("table.counts")

    send("xa-an-mot.xlsx", upload)
    assert counts(page) == {"Thêm mới": "0", "Cập nhật": "1", "Không đổi": "2", "Bị từ chối": "1"}
    cells = page.locator("#batch-status table").last.locator("tbody td").all_inner_texts()
    assert cells == [
        CADRE_SHEET,
        "5",
        "Đơn vị",
        "không có đơn vị “Xã An Hai” trong phạm vi Xã An Một.",
    ]
    _name, rejected = download(
        page,
        lambda: page.get_by_role("link", name="Tải các dòng bị từ chối (kèm lý do) để sửa").click(),
    )
    page.get_by_role("button", name="Ghi 1 dòng hợp lệ vào hệ thống").click()
    page.wait_for_selector("#batch-status >> text=Đã ghi vào hệ thống")
    hai = Cadre.objects.get(full_name="Lê Văn Hai")
    assert hai.accounts.get(platform__key="facebook_profile").canonical == (
        "https://www.facebook.com/le.van.hai.99"
    )

    # The rejected rows, fixed in place (the unit is thôn 1), uploaded as they are.
    fixed = read_sheet(rejected, CADRE_SHEET)
    unit = fixed[0].index("Đơn vị")
    assert fixed[1][unit] == "Xã An Hai"
    fixed[1][unit] = "Thôn 1"
    page.locator("nav.crumbs").get_by_role("link", name="Xã An Một").click()
    send("xa-an-mot-da-sua.xlsx", write_book({CADRE_SHEET: fixed}))
    assert counts(page) == {"Thêm mới": "1", "Cập nhật": "0", "Không đổi": "0", "Bị từ chối": "0"}
    page.get_by_role("button", name="Ghi 1 dòng hợp lệ vào hệ thống").click()
    page.wait_for_selector("#batch-status >> text=Đã ghi vào hệ thống")
    thu = Cadre.objects.get(full_name="Mai Thị Thu")
    assert (thu.unit, thu.phone) == (tree["village"], "+84912888999")
    assert thu.accounts.get(platform__key="zalo").canonical.endswith("84912888999")

    page.get_by_role("link", name="các lần nhập").click()
    listed = page.locator("main tbody").inner_text()
    assert "xa-an-mot.xlsx" in listed and "xa-an-mot-da-sua.xlsx" in listed
    page.locator("nav.crumbs").get_by_role("link", name="Xã An Một").click()
    page.locator("main").get_by_role("link", name="Thôn 1", exact=True).click()
    assert page.locator("h1").inner_text() == "Thôn 1"
    page.get_by_role("link", name="Cán bộ của đơn vị").click()
    assert page.locator("#cadre-rows").get_by_text("Mai Thị Thu").is_visible()
