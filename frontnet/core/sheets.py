"""Reading spreadsheets (xlsx, xls, ods, csv) into plain rows with python-calamine."""

import csv
import io
from dataclasses import dataclass

from django.utils.translation import gettext as _
from python_calamine import CalamineWorkbook

from .vntext import fold_search


class SheetError(ValueError):
    """A file that cannot be read at all; the message says why, in Vietnamese."""


@dataclass
class Sheet:
    name: str
    rows: list[list]


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_workbook(data: bytes, filename: str) -> list[Sheet]:
    if not data:
        raise SheetError(_("Tệp “%(file)s” rỗng.") % {"file": filename})
    if filename.lower().endswith(".csv"):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise SheetError(
                _("Tệp “%(file)s” không phải văn bản UTF-8.") % {"file": filename}
            ) from None
        return [Sheet(name=filename, rows=[list(r) for r in csv.reader(io.StringIO(text))])]
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        return [
            Sheet(name=name, rows=book.get_sheet_by_name(name).to_python(skip_empty_area=False))
            for name in book.sheet_names
        ]
    except Exception as exc:  # calamine raises several kinds for unreadable files
        raise SheetError(
            _("Không đọc được tệp “%(file)s”: không phải bảng tính Excel/ODS hợp lệ (%(why)s).")
            % {"file": filename, "why": type(exc).__name__}
        ) from None


def find_header(rows: list[list], wanted: dict[str, set[str]], scan: int = 20):
    """Find the header row among the first rows (title rows above it are common).

    `wanted` maps a field to the folded header texts that name it. Returns
    (row_index, {field: column_index}) for the row naming the most fields.
    """
    best = (None, {})
    for index, row in enumerate(rows[:scan]):
        found = {}
        for col, value in enumerate(row):
            text = fold_search(cell_text(value))
            for field, names in wanted.items():
                if field not in found and text in names:
                    found[field] = col
        if len(found) > len(best[1]):
            best = (index, found)
    return best
