"""The dashboard table as an xlsx workbook. Every text cell is written as a string with
strings_to_formulas off, so a unit or person named "=…" stays text and never runs."""

import io

import xlsxwriter
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .measures import REQUIRED_FIELDS
from .selectors import Rollup
from .table import Table


def dashboard_xlsx(rollup: Rollup, table: Table) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(
        out,
        {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False},
    )
    bold = book.add_format({"bold": True})
    head = book.add_format(
        {"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#EEF0F3"}
    )
    pct = book.add_format({"num_format": "0%"})
    colours = {"ok": "#E3F3E8", "warn": "#FFF1D6", "bad": "#FBE3E4"}
    shaded = {
        (grade, is_share): book.add_format(
            {"bg_color": colour, **({"num_format": "0%"} if is_share else {})}
        )
        for grade, colour in colours.items()
        for is_share in (True, False)
    }

    sheet = book.add_worksheet(_("Bảng theo dõi")[:31])
    sheet.write_string(0, 0, rollup.unit.name, bold)
    sheet.write_string(
        1, 0, _("Số liệu tính đến ngày %(day)s") % {"day": date_format(rollup.as_of, "d/m/Y")}
    )
    top = 3
    for col, column in enumerate(table.columns):
        sheet.write_string(top, col, str(column.label), head)
    sheet.set_row(top, 45)
    sheet.set_column(0, 0, 28)
    sheet.set_column(1, len(table.columns) - 1, 14)

    def put(row: int, col: int, cell, fmt_bold=False):
        value = cell.value
        fmt = shaded.get((cell.grade, cell.is_share)) or (pct if cell.is_share else None)
        if fmt_bold:
            fmt = bold
        if cell.is_share and value is not None:
            sheet.write_number(row, col, value, fmt)
        elif (
            isinstance(value, int | float)
            and not isinstance(value, bool)
            and col
            and not (table.columns[col].key.startswith("page"))
        ):
            sheet.write_number(row, col, value, fmt)
        else:
            sheet.write_string(row, col, cell.text, fmt)

    r = top + 1
    for _row, cells in table.rows:
        for col, cell in enumerate(cells):
            put(r, col, cell)
        r += 1
    for col, cell in enumerate(table.total):
        put(r, col, cell, fmt_bold=col == 0)
    sheet.freeze_panes(top + 1, 1)
    sheet.autofilter(top, 0, r - 1, len(table.columns) - 1)

    targets = book.add_worksheet(_("Chỉ tiêu")[:31])
    headers = [
        _("Chỉ tiêu"),
        _("Thời hạn"),
        _("Tình trạng"),
        _("Đơn vị đạt"),
        _("Tỉ lệ"),
        _("Yêu cầu"),
        _("Số đơn vị chưa đạt"),
    ]
    for col, text in enumerate(headers):
        targets.write_string(0, col, text, head)
    for i, (target, result) in enumerate(rollup.targets, start=1):
        targets.write_string(i, 0, target.display_name)
        targets.write_string(i, 1, date_format(target.deadline, "d/m/Y"))
        targets.write_string(i, 2, str(result.label))
        targets.write_string(i, 3, f"{result.met}/{result.units}")
        targets.write_number(i, 4, result.value or 0, pct)
        targets.write_number(i, 5, result.threshold, pct)
        targets.write_number(i, 6, len(result.missing))
    targets.set_column(0, 0, 45)
    targets.set_column(6, 6, 16)

    # One row per unit short of a target, its parent in a column of its own: two communes
    # of the same name under two districts are told apart, and the sheet filters by either.
    lagging = book.add_worksheet(_("Đơn vị chưa đạt")[:31])
    headers = [_("Chỉ tiêu"), _("Đơn vị"), _("Đơn vị cấp trên"), _("Lý do")]
    for col, text in enumerate(headers):
        lagging.write_string(0, col, text, head)
    r = 1
    for target, result in rollup.targets:
        for check in result.missing:
            for col, text in enumerate(
                (target.display_name, check.name, check.parent, check.reason)
            ):
                lagging.write_string(r, col, str(text))
            r += 1
    lagging.set_column(0, 0, 45)
    lagging.set_column(1, 2, 28)
    lagging.set_column(3, 3, 50)
    lagging.freeze_panes(1, 0)
    lagging.autofilter(0, 0, max(r - 1, 1), len(headers) - 1)

    fields = book.add_worksheet(_("Trường bắt buộc")[:31])
    fields.write_string(0, 0, _("Dữ liệu cán bộ đầy đủ khi có đủ các trường:"), bold)
    for i, (_name, label, _kind) in enumerate(REQUIRED_FIELDS, start=1):
        fields.write_string(i, 0, str(label))
    book.close()
    return out.getvalue()
