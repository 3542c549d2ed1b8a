"""Files as units really send them, and files that cannot be imported."""

import io
import unicodedata
import zipfile

import pytest
import xlsxwriter
from django.core.management import call_command
from django.core.management.base import CommandError

from frontnet.cadres.models import Cadre, ChannelFollow, SocialAccount
from frontnet.core.sheets import UnreadableFile
from frontnet.workbooks.applying import apply_plan
from frontnet.workbooks.importing import plan_import

from .conftest import write_book

pytestmark = pytest.mark.django_db


def snapshot():
    return (
        sorted(Cadre.objects.values_list("pk", "full_name", "phone", "unit_id")),
        sorted(SocialAccount.objects.values_list("pk", "canonical")),
        sorted(ChannelFollow.objects.values_list("pk", "status")),
    )


def test_messy_layout_is_read_like_the_template(tree, channels, users):
    nfd = unicodedata.normalize("NFD", "Đặng Thị Thuỷ")
    rows = [
        [
            "STT",
            "Họ tên",
            "Ghi chú",
            "SĐT",
            "Đơn vị",
            "Loại cán bộ",
            "Zalo",
            "Fanpage Mặt trận tỉnh",
            "Facebook",
        ],
        ["I. HUYỆN AN", "", "", "", "", "", "", "", ""],
        [
            1,
            f"  {nfd}  ",
            "mới",
            912345001.0,
            "Xã An Một",
            "chuyên trách",
            "0912345001",
            "x",
            "fb.com/dang.thuy",
        ],
        ["", "", "", "", "", "", "", "", ""],
        [2, "Võ Văn Tám", "", "0912 345 002", "xã an hai", "Ủy viên Ủy ban MTTQ", "", "Có", ""],
        [
            3,
            "Hồ Thị Chín",
            "",
            "+84 912-345-003",
            "Xã An Một",
            "Bán chuyên trách",
            "",
            "✓",
            "https://www.facebook.com/profile.php?id=1000123&mibextid=abc",
        ],
        [4, "Lý Văn Mười", "", "84912345004", "Huyện An", "hợp đồng", "", "1", ""],
        [
            5,
            "Đinh Thị Một",
            "",
            "",
            "Xã An Một",
            "Thành viên Ban công tác Mặt trận",
            "",
            "không",
            "",
        ],
    ]
    data = write_book({"Sheet1": rows}, title_rows=2)
    plan = plan_import(data=data, filename="cu.xlsx", unit=tree["district_a"])
    assert plan.rejections == []
    assert plan.counts["created"] == 5
    apply_plan(plan, by=users["huyen"])
    thuy = Cadre.objects.get(full_name="Đặng Thị Thủy".replace("ủy", "uỷ"))
    assert thuy.phone == "+84912345001" and thuy.unit == tree["commune_a1"]
    assert thuy.category.key == "full_time"
    assert SocialAccount.objects.get(cadre=thuy, platform__key="zalo").phone == "+84912345001"
    assert (
        SocialAccount.objects.get(cadre=thuy, platform__key="facebook_profile").canonical
        == "https://www.facebook.com/dang.thuy"
    )
    follows = dict(
        ChannelFollow.objects.filter(channel=channels[0]).values_list("cadre__full_name", "status")
    )
    assert follows == {
        thuy.full_name: "yes",
        "Võ Văn Tám": "yes",
        "Hồ Thị Chín": "yes",
        "Lý Văn Mười": "yes",
        "Đinh Thị Một": "no",
    }
    assert Cadre.objects.get(full_name="Hồ Thị Chín").category.key == "part_time"
    assert Cadre.objects.get(full_name="Lý Văn Mười").unit == tree["district_a"]


def test_bad_rows_are_located_and_nothing_is_written(tree, cadres, users):
    rows = [
        ["Họ và tên", "Đơn vị", "Loại cán bộ", "Số điện thoại", "Năm sinh"],
        ["Người Tốt", "Xã An Một", "Cán bộ chuyên trách", "0912 345 678", 1980],
        ["Số Sai", "Xã An Một", "Cán bộ chuyên trách", "12345", ""],
        ["Ngoài Phạm Vi", "Xã Bình Một", "Cán bộ chuyên trách", "", ""],
        ["Loại Lạ", "Xã An Một", "Phóng viên", "", "năm ngoái"],
    ]
    before = snapshot()
    plan = plan_import(
        data=write_book({"Cán bộ": rows}), filename="loi.xlsx", unit=tree["district_a"]
    )
    assert snapshot() == before  # validating writes nothing
    located = {(r.sheet, r.row, r.column) for r in plan.rejections}
    assert ("Cán bộ", 3, "Số điện thoại") in located
    assert ("Cán bộ", 4, "Đơn vị") in located
    assert ("Cán bộ", 5, "Loại cán bộ") in located
    assert ("Cán bộ", 5, "Năm sinh") in located
    assert plan.counts == {"created": 1, "updated": 0, "unchanged": 0, "rejected": 3}
    message = next(r for r in plan.rejections if r.row == 4).message("loi.xlsx")
    assert message.startswith(
        "Tệp “loi.xlsx”, trang “Cán bộ”, dòng 4, cột “Đơn vị”: không có đơn vị “Xã Bình Một”"
    )


def test_id_of_a_cadre_outside_scope_is_rejected(tree, cadres):
    rows = [
        ["Mã hệ thống (không sửa)", "Họ và tên", "Đơn vị", "Loại cán bộ"],
        [cadres["binh"].pk, "Phạm Văn Bình", "Xã An Một", "Cán bộ chuyên trách"],
    ]
    plan = plan_import(
        data=write_book({"Cán bộ": rows}), filename="x.xlsx", unit=tree["district_a"]
    )
    assert [r.column for r in plan.rejections] == ["Mã hệ thống (không sửa)"]


def test_duplicate_rows_in_one_file_are_caught(tree, channels):
    rows = [
        ["Họ và tên", "Đơn vị", "Loại cán bộ", "SĐT"],
        ["Hai Lần", "Xã An Một", "Cán bộ chuyên trách", "0912000999"],
        ["Hai  Lần ", "Xã An Một", "Cán bộ chuyên trách", "912000999"],
    ]
    plan = plan_import(
        data=write_book({"Cán bộ": rows}), filename="x.xlsx", unit=tree["district_a"]
    )
    assert plan.counts["created"] == 1 and plan.rejections[0].row == 3


def encrypted_ole() -> bytes:
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    return header + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 1000


def encrypted_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<x/>")
    data = bytearray(buffer.getvalue())
    data[6] |= 0x1  # the "encrypted" flag of the first local header
    central = data.find(b"PK\x01\x02")
    data[central + 8] |= 0x1
    return bytes(data)


def no_header_book() -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    book.add_worksheet("Trang1").write_number(0, 0, 42)
    book.close()
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "filename", "expected"),
    [
        (b"", "rong.xlsx", "rỗng"),
        (b"%PDF-1.7 this is a pdf", "baocao.xlsx", "không phải bảng tính"),
        (encrypted_ole(), "matkhau.xlsx", "đặt mật khẩu"),
        (encrypted_zip(), "matkhau2.xlsx", "đặt mật khẩu"),
        (no_header_book(), "sai-mau.xlsx", "không giống biểu mẫu"),
    ],
)
def test_files_that_cannot_be_imported_say_why_and_change_nothing(
    tree, cadres, data, filename, expected
):
    before = snapshot()
    with pytest.raises(UnreadableFile, match=expected) as caught:
        plan_import(data=data, filename=filename, unit=tree["district_a"])
    assert filename in str(caught.value)
    assert snapshot() == before


def test_command_prints_summary_and_exits_2_on_unreadable(tree, cadres, users, tmp_path, capsys):
    good = tmp_path / "tot.xlsx"
    good.write_bytes(
        write_book(
            {
                "Cán bộ": [
                    ["Họ và tên", "Đơn vị", "Loại cán bộ"],
                    ["Người Mới", "Xã An Một", "Cán bộ hợp đồng"],
                ]
            }
        )
    )
    call_command("import_workbook", str(good), "--unit", "991", "--as", "huyen")
    assert capsys.readouterr().out.strip() == "created=1 updated=0 unchanged=0 rejected=0"
    assert not Cadre.objects.filter(full_name="Người Mới").exists()
    call_command("import_workbook", str(good), "--unit", "991", "--as", "huyen", "--commit")
    assert Cadre.objects.filter(full_name="Người Mới").exists()
    bad = tmp_path / "hong.xlsx"
    bad.write_bytes(b"not a workbook")
    with pytest.raises(CommandError) as caught:
        call_command("import_workbook", str(bad), "--unit", "991", "--as", "huyen")
    assert caught.value.returncode == 2


def test_command_refuses_a_unit_outside_the_users_scope(tree, users, tmp_path):
    path = tmp_path / "a.xlsx"
    path.write_bytes(no_header_book())
    with pytest.raises(CommandError, match="phạm vi"):
        call_command("import_workbook", str(path), "--unit", "992", "--as", "huyen")


def test_hyperlink_cells_give_their_target(tree, channels, users):
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Cán bộ")
    for col, text in enumerate(["Họ và tên", "Đơn vị", "Loại cán bộ", "Facebook"]):
        sheet.write_string(0, col, text)
    sheet.write_row(1, 0, ["Người Có Link", "Xã An Một", "Cán bộ chuyên trách"])
    sheet.write_url(
        1, 3, "https://m.facebook.com/nguoi.co.link?ref=bookmarks", string="Trang Facebook"
    )
    book.close()
    plan = plan_import(data=buffer.getvalue(), filename="link.xlsx", unit=tree["district_a"])
    assert plan.cadre_rows[0].facebook.canonical == "https://www.facebook.com/nguoi.co.link"


def test_a_commune_file_needs_no_unit_column(tree, channels, users):
    rows = [["Họ và tên", "Loại cán bộ"], ["Một Mình", "Cán bộ chuyên trách"]]
    plan = plan_import(
        data=write_book({"Cán bộ": rows}), filename="xa.xlsx", unit=tree["commune_a2"]
    )
    assert plan.rejections == []
    assert plan.cadre_rows[0].data["unit"] == tree["commune_a2"]
