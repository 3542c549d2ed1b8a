import io

import pytest
import xlsxwriter
from python_calamine import CalamineWorkbook

from frontnet.cadres.models import (
    Cadre,
    CadreCategory,
    ChannelFollow,
    OfficialChannel,
    Platform,
    SocialAccount,
)
from frontnet.core.vntext import fold_search


@pytest.fixture
def channels(tree, levels):
    platform = Platform.objects.get(key="facebook_page")
    zalo = Platform.objects.get(key="zalo_oa")
    return [
        OfficialChannel.objects.create(
            province=tree["province"],
            platform=platform,
            name="Fanpage Mặt trận tỉnh",
            link_raw="https://www.facebook.com/mattranthu",
            canonical="https://www.facebook.com/mattranthu",
            order=1,
        ),
        OfficialChannel.objects.create(
            province=tree["province"],
            platform=zalo,
            name="Zalo Mặt trận tỉnh",
            link_raw="https://zalo.me/123456789012",
            canonical="https://zalo.me/123456789012",
            order=2,
        ),
    ]


@pytest.fixture
def cadres(tree, channels):
    """Three cadres of huyện An's subtree and one of huyện Bình."""
    full_time = CadreCategory.objects.get(key="full_time")
    member = CadreCategory.objects.get(key="committee_member")
    facebook = Platform.objects.get(key="facebook_profile")

    def make(unit, name, category, phone="", fb=None):
        cadre = Cadre.objects.create(
            unit=unit,
            full_name=name,
            search_name=fold_search(name),
            category=category,
            phone=phone,
            phone_raw=phone,
            gender="female",
        )
        if fb:
            SocialAccount.objects.create(
                unit=unit, cadre=cadre, platform=facebook, link_raw=fb, canonical=fb
            )
        return cadre

    made = {
        "lan": make(
            tree["district_a"],
            "Nguyễn Thị Lan",
            full_time,
            "+84912345678",
            "https://www.facebook.com/nguyenthilan",
        ),
        "hoa": make(tree["commune_a1"], "Trần Thị Hòa", member, "+84987654321"),
        "mai": make(tree["commune_a2"], "Lê Thị Mai", full_time),
        "binh": make(tree["commune_b1"], "Phạm Văn Bình", full_time, "+84911111111"),
    }
    ChannelFollow.objects.create(cadre=made["lan"], channel=channels[0], status="yes")
    return made


def read_rows(data: bytes, sheet: str) -> list[list]:
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    return book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)


def write_book(sheets: dict[str, list[list]], title_rows: int = 0) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_numbers": False, "strings_to_urls": False}
    )
    for name, rows in sheets.items():
        sheet = book.add_worksheet(name)
        for r in range(title_rows):
            sheet.merge_range(r, 0, r, 4, "DANH SÁCH CÁN BỘ MẶT TRẬN THAM GIA MẠNG XÃ HỘI")
        for r, row in enumerate(rows, start=title_rows):
            for c, value in enumerate(row):
                if value is None or value == "":
                    continue
                if isinstance(value, int | float):
                    sheet.write_number(r, c, value)
                else:
                    sheet.write_string(r, c, value)
    book.close()
    return buffer.getvalue()
