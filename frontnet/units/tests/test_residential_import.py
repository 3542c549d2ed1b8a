import io

import pytest
import xlsxwriter

from frontnet.audit.models import AuditEntry
from frontnet.units.models import Unit
from frontnet.units.services import residential_committees_import

pytestmark = pytest.mark.django_db


def workbook(rows, title_rows=1) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Danh sách")
    for r in range(title_rows):
        sheet.merge_range(r, 0, r, 1, "DANH SÁCH BAN CÔNG TÁC MẶT TRẬN")
    for offset, row in enumerate(rows):
        for col, value in enumerate(row):
            sheet.write(title_rows + offset, col, value)
    book.close()
    return buffer.getvalue()


def test_file_with_title_rows_adds_committees_under_their_communes(tree, users):
    data = workbook([["Tên", "Mã xã"], ["Thôn Bắc", "99101"], ["Xóm 2", 99102.0], ["", ""]])
    result = residential_committees_import(
        data=data, filename="btt.xlsx", within=[tree["district_a"]], by=users["huyen"]
    )
    assert (result.created, result.unchanged, result.errors) == (2, 0, [])
    assert Unit.objects.get(name="Thôn Bắc").parent == tree["commune_a1"]
    assert Unit.objects.get(name="Xóm 2").division_type == "xóm"
    assert AuditEntry.objects.filter(channel="import", action="create").count() == 2


def test_loading_the_same_file_twice_adds_nothing(tree, users):
    data = workbook([["Tên", "Mã xã"], ["Thôn Bắc", "99101"]])
    residential_committees_import(data=data, filename="a.xlsx", within=[tree["province"]], by=None)
    again = residential_committees_import(
        data=data, filename="a.xlsx", within=[tree["province"]], by=None
    )
    assert (again.created, again.unchanged) == (0, 1)


def test_one_bad_row_writes_nothing_and_names_sheet_row_and_column(tree, users):
    before = Unit.objects.count()
    data = workbook([["Tên", "Mã xã"], ["Thôn Bắc", "99101"], ["Thôn Nam", "12345"], ["", "99101"]])
    result = residential_committees_import(
        data=data, filename="loi.xlsx", within=[tree["district_a"]], by=users["huyen"]
    )
    assert Unit.objects.count() == before
    messages = [str(e) for e in result.errors]
    assert messages == [
        "Trang “Danh sách”, dòng 4, cột “Mã xã”: không có xã mã “12345” trong phạm vi của bạn.",
        "Trang “Danh sách”, dòng 5, cột “Tên”: thiếu tên.",
    ]


def test_commune_outside_scope_is_rejected(tree, users):
    data = workbook([["Tên", "Mã xã"], ["Thôn Lạ", "99201"]])
    result = residential_committees_import(
        data=data, filename="x.xlsx", within=[tree["district_a"]], by=users["huyen"]
    )
    assert result.created == 0 and len(result.errors) == 1
    assert not Unit.objects.filter(name="Thôn Lạ").exists()


def test_a_file_that_is_not_a_spreadsheet_is_refused(tree):
    result = residential_committees_import(
        data=b"%PDF-1.4 not a sheet", filename="baocao.xlsx", within=[tree["province"]], by=None
    )
    assert "Không đọc được tệp “baocao.xlsx”" in str(result.errors[0])


def test_missing_headers_are_explained(tree):
    data = workbook([["Họ tên", "Điện thoại"], ["A", "1"]])
    result = residential_committees_import(
        data=data, filename="sai.xlsx", within=[tree["province"]], by=None
    )
    assert "Không tìm thấy dòng tiêu đề" in str(result.errors[0])
