"""The "Hiệu quả trang" sheet of the form template: one row per page for last month, so a
district sends all its communes' figures at once. The page statistics upload reads it back
(`parsers.parse_month_sheet`); the cadre import leaves the sheet alone."""

from django.utils import timezone

from .parsers import MONTH_COLUMNS, SHEET_NAME

WIDTHS = {"page_ref": 8, "unit": 24, "page_name": 34, "best_post_url": 40}


def add_stats_sheet(book, *, pages, labels: dict[int, str], fmt: dict) -> None:
    last = (timezone.localdate().replace(day=1) - timezone.timedelta(days=1)).replace(day=1)
    sheet = book.add_worksheet(SHEET_NAME)
    sheet.set_row(0, 42)
    for col, (name, header, _aliases) in enumerate(MONTH_COLUMNS):
        sheet.write_string(0, col, header, fmt["head"])
        sheet.set_column(col, col, WIDTHS.get(name, 14), fmt["id"] if col == 0 else fmt["cell"])
    for row, page in enumerate(pages, start=1):
        sheet.write_number(row, 0, page.pk, fmt["id"])
        sheet.write_string(row, 1, labels.get(page.unit_id, page.unit.name), fmt["text"])
        sheet.write_string(row, 2, page.name, fmt["text"])
        sheet.write_string(row, 3, f"{last:%m/%Y}", fmt["text"])
    sheet.freeze_panes(1, 3)
