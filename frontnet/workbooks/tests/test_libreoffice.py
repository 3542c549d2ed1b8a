"""A workbook re-saved by LibreOffice (xlsx and ods) imports the same as the original."""

import pytest

from conftest import libreoffice_convert
from frontnet.workbooks.columns import CADRE_SHEET
from frontnet.workbooks.export import template_build
from frontnet.workbooks.importing import plan_import

from .conftest import read_rows, write_book

pytestmark = [pytest.mark.django_db, pytest.mark.libreoffice]


def convert(tmp_path, data: bytes, target: str) -> bytes:
    source = tmp_path / "bieu-mau.xlsx"
    source.write_bytes(data)
    return libreoffice_convert(source, target)


def edited_template(tree) -> bytes:
    rows = read_rows(template_build(unit=tree["district_a"]), CADRE_SHEET)
    for row in rows:
        if row[2] == "Trần Thị Hòa":
            row[7] = "0977 000 111"
    rows.append(
        ["", "Xã An Hai", "Hoàng Văn Nam", "Nam", 1980, "", "Cán bộ chuyên trách", 912000111]
    )
    return write_book({CADRE_SHEET: rows})


@pytest.mark.parametrize("target", ["xlsx", "ods"])
def test_libreoffice_copy_imports_the_same_as_the_original(tree, cadres, tmp_path, target):
    original = edited_template(tree)
    converted = convert(tmp_path, original, target)
    first = plan_import(data=original, filename="goc.xlsx", unit=tree["district_a"])
    second = plan_import(data=converted, filename=f"lo.{target}", unit=tree["district_a"])
    assert first.counts == {"created": 1, "updated": 1, "unchanged": 2, "rejected": 0}
    assert second.counts == first.counts
    assert [(r.cadre_id, r.action, r.data) for r in second.cadre_rows] == [
        (r.cadre_id, r.action, r.data) for r in first.cadre_rows
    ]


def test_template_itself_survives_libreoffice(tree, cadres, tmp_path):
    converted = convert(tmp_path, template_build(unit=tree["district_a"]), "xlsx")
    plan = plan_import(data=converted, filename="lo.xlsx", unit=tree["district_a"])
    assert plan.counts == {"created": 0, "updated": 0, "unchanged": 3, "rejected": 0}
