"""The one definition of a cadre's fields (cadres/fields.py) against what reads it: the web
form, the template's columns, the import's accepted headers and the completeness measure.
Walks the definition, so a field added to it is checked here without a new test."""

import pytest
from django.utils import timezone

from frontnet.cadres import services
from frontnet.cadres.fields import (
    CADRE_FIELDS,
    SHARED,
    WEB,
    completeness_fields,
    personal_fields,
    template_fields,
)
from frontnet.cadres.forms import CadreForm
from frontnet.cadres.models import Cadre, CadreCategory
from frontnet.cadres.rules import CadreFieldsForm
from frontnet.core.sheets import fold_header
from frontnet.monitoring.counting import cadre_aggregates
from frontnet.monitoring.measures import REQUIRED_FIELDS
from frontnet.workbooks.columns import CADRE_COLUMNS, CADRE_SHEET, ID_COLUMN
from frontnet.workbooks.export import template_build
from frontnet.workbooks.importing import plan_import

from .conftest import read_rows, write_book

# A valid cell per field, as a unit would write it. A field added to the definition without
# a sample here is left blank in the import test (and so is only checked as a header).
SAMPLE_CELLS = {
    "unit": "Xã An Một",
    "full_name": "Hoàng Văn Thử",
    "gender": "Nam",
    "birth_year": 1980,
    "position": "Phó Chủ tịch",
    "category": "Cán bộ chuyên trách",
    "phone": "0912 000 111",
    "email": "Thu@Example.vn",
    "facebook": "https://www.facebook.com/hoangvanthu",
    "zalo": "0912 000 111",
}


def test_the_template_columns_are_the_definition_in_its_order():
    columns = CADRE_COLUMNS[1:]
    assert CADRE_COLUMNS[0] is ID_COLUMN
    assert [c.field for c in columns] == [f.name for f in CADRE_FIELDS if f.header]
    for column, f in zip(columns, template_fields(), strict=True):
        assert (column.header, column.width, column.required) == (f.header, f.width, f.required)
        assert column.names() == {fold_header(f.header), *(fold_header(a) for a in f.aliases)}
    # The province's form as it is (and was before the definition existed): adding a field
    # changes the form units fill in, so it is added here on purpose too.
    assert [c.header for c in CADRE_COLUMNS] == [
        "Mã hệ thống (không sửa)",
        "Đơn vị",
        "Họ và tên",
        "Giới tính",
        "Năm sinh",
        "Chức vụ",
        "Loại cán bộ",
        "Số điện thoại",
        "Thư điện tử",
        "Facebook cá nhân (liên kết)",
        "Zalo (số điện thoại hoặc liên kết)",
        "Ngày đồng ý xử lý dữ liệu cá nhân",
    ]


def test_no_alias_names_two_fields():
    seen = {}
    for column in CADRE_COLUMNS:
        for name in column.names():
            assert seen.setdefault(name, column.field) == column.field, name


def test_the_exported_header_row_is_the_definition(tree, cadres, channels):
    rows = read_rows(template_build(unit=tree["district_a"]), CADRE_SHEET)
    header = rows[0]
    assert header == [
        ID_COLUMN.header,
        *(f.header for f in template_fields()),
        "Theo dõi: Fanpage Mặt trận tỉnh",
        "Theo dõi: Zalo Mặt trận tỉnh",
    ]
    # Each stored field in its own column: Nguyễn Thị Lan as the cadres fixture made her.
    lan = dict(zip(header, next(r for r in rows if r[2] == "Nguyễn Thị Lan"), strict=True))
    assert lan["Họ và tên"] == "Nguyễn Thị Lan"
    assert lan["Giới tính"] == "Nữ"
    assert lan["Loại cán bộ"] == "Cán bộ chuyên trách"
    assert lan["Số điện thoại"] == "0912 345 678"
    assert lan["Facebook cá nhân (liên kết)"] == "https://www.facebook.com/nguyenthilan"


def _imported_value(row, f):
    return row.data.get(f.model) if f.model else getattr(row, f.name)


@pytest.mark.parametrize("which", range(6))
def test_the_import_reads_every_field_under_its_header_and_each_alias(tree, levels, which):
    """Workbook `which` titles each column with the field's header (0) or its which-th alias
    (cycling through a field's aliases), and the one row's every cell must come through."""
    CadreCategory.objects.get(key="full_time")
    fields = template_fields()
    names = [(f.header, *f.aliases) for f in fields]
    header = [n[0] if which == 0 else n[1:][(which - 1) % len(n[1:])] for n in names]
    data = write_book({"Danh sách": [header, [SAMPLE_CELLS.get(f.name, "") for f in fields]]})
    plan = plan_import(data=data, filename="cb.xlsx", unit=tree["district_a"])
    assert plan.rejections == [] and plan.needs_mapping == []
    (row,) = plan.cadre_rows
    for f in fields:
        if f.name in SAMPLE_CELLS:
            assert _imported_value(row, f) not in (None, ""), (f.name, header)
    assert row.data["unit"] == tree["commune_a1"]
    assert (row.data["gender"], row.data["birth_year"]) == ("male", 1980)
    assert (row.data["phone"], row.data["email"]) == ("+84912000111", "thu@example.vn")
    assert row.zalo.canonical == "https://zalo.me/+84912000111"


def test_the_web_form_has_the_definition_fields():
    web = CadreForm()
    expected = [f.name for f in CADRE_FIELDS if f.form == SHARED]
    expected += [f.name for f in CADRE_FIELDS if f.form == WEB]
    assert list(web.fields) == expected
    assert list(CadreFieldsForm().fields) == [f.name for f in CADRE_FIELDS if f.form == SHARED]
    for f in CADRE_FIELDS:
        if f.form:
            field = web.fields[f.name]
            assert (str(field.label), field.required) == (str(f.label), f.required), f.name
        # A field on the form is a Cadre attribute, one of the two accounts the import reads
        # or the consent (a privacy.Consent record).
        assert f.model or f.name in {"facebook", "zalo", "consent"}, f.name
        for name in f.stored:
            Cadre._meta.get_field(name)
    # The service takes every field the form gives it.
    assert set(services.CADRE_FIELDS) == {f.name for f in CADRE_FIELDS if f.form and f.model}


def test_the_web_form_round_trips_a_cadre_through_the_definition(tree, levels):
    category = CadreCategory.objects.get(key="full_time")
    form = CadreForm(
        {
            "full_name": "Hoàng Văn Thử",
            "gender": "male",
            "birth_year": "1980",
            "position": "Phó Chủ tịch",
            "phone": "0912000111",
            "email": "Thu@Example.vn",
            "category": str(category.pk),
        }
    )
    assert form.is_valid(), form.errors
    cadre = services.cadre_create(unit=tree["commune_a1"], by=None, **form.service_kwargs())
    assert (cadre.phone, cadre.phone_raw, cadre.email) == (
        "+84912000111",
        "0912000111",
        "thu@example.vn",
    )
    again = CadreForm(instance=cadre)
    assert again.initial["phone"] == "0912 000 111"
    assert again.initial["category"] == category.pk
    assert again.initial["birth_year"] == 1980


def test_the_completeness_measure_counts_exactly_the_marked_fields(tree, levels):
    marked = completeness_fields()
    assert REQUIRED_FIELDS == [(f.model, f.label, f.completeness) for f in marked]
    # The measure as stored in UnitFigures (MEASURES_VERSION "1"): a change here must bump it.
    assert [f.model for f in marked] == [
        "full_name",
        "gender",
        "birth_year",
        "position",
        "category",
        "phone",
    ]
    category = CadreCategory.objects.get(key="full_time")
    unit = tree["commune_a1"]
    # Every marked field filled, nothing else: complete.
    full = Cadre.objects.create(
        unit=unit,
        full_name="Đủ Trường",
        category=category,
        gender="male",
        birth_year=1980,
        position="Cán bộ",
        phone="+84912000111",
    )
    # Only what cannot be blank (name, category) and every field that is not marked.
    bare = Cadre.objects.create(
        unit=unit, full_name="Thiếu Trường", category=category, email="a@example.vn"
    )
    # Grouped by unit, as counting.py groups them (the one unit: one row).
    (counted,) = (
        Cadre.objects.filter(pk__in=[full.pk, bare.pk])
        .values("unit")
        .annotate(**cadre_aggregates(timezone.localdate(), []))
    )
    assert counted["fields_filled"] == len(marked) + 2
    assert counted["complete"] == 1


def test_personal_data_is_marked():
    assert {f.name for f in personal_fields()} == {
        "gender",
        "birth_year",
        "phone",
        "email",
        "facebook",
        "zalo",
    }
