"""Reading the spreadsheets units send, as they really arrive (xlsx, xls, ods via calamine).

Headers are found by their folded text wherever the header row is (title rows and merged
cells above it are common); columns may come in any order, with extra columns; cells hold
numbers where Excel turned a phone into one, NFD text, trailing spaces, "x"/"có"/"✓" for yes.
Hyperlink cells whose shown text is not the link give their target (xlsx only: calamine
reads values, so the targets are read from the sheet's XML).
"""

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from frontnet.core.filesafety import UnreadableFile, check_extent, guarded_parse
from frontnet.core.vntext import clean_text, fold_search

__all__ = ["UnreadableFile"]  # defined with the guard, raised by every reader


YES = {"x", "co", "yes", "y", "1", "true", "dung", "✓", "✔", "☑", "v", "ok", "roi", "da theo doi"}
NO = {"", "khong", "no", "n", "0", "false", "chua", "-", "✗", "✘", "☐"}


def parse_yes_no(value) -> bool | None:
    """True/False for the usual ways people tick a box; None when the cell says something else."""
    if value is True or value is False:
        return value
    text = fold_search(cell_text(value))
    if text in YES:
        return True
    if text in NO:
        return False
    return None


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, bool):
        return "1" if value else "0"
    return clean_text(str(value))


def fold_header(text: str) -> str:
    text = fold_search(cell_text(text))
    text = re.sub(r"[^\w\s]", " ", text)
    return re.sub(r"\s+", " ", text).strip()


@dataclass
class RawSheet:
    name: str
    rows: list[list]
    # (row index, column index) -> hyperlink target, for cells whose text is not the link
    links: dict[tuple[int, int], str] = field(default_factory=dict)

    def value(self, row: int, col: int):
        if (row, col) in self.links:
            return self.links[(row, col)]
        line = self.rows[row]
        return line[col] if col < len(line) else None


def read_workbook(data: bytes, filename: str) -> list[RawSheet]:
    if not data:
        raise UnreadableFile(_("Tệp “%(file)s” rỗng.") % {"file": filename})
    if filename.lower().endswith(".csv"):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise UnreadableFile(
                _("Tệp “%(file)s” không phải văn bản UTF-8.") % {"file": filename}
            ) from None
        rows = [list(r) for r in csv.reader(io.StringIO(text))]
        check_extent(filename, filename, len(rows), max((len(r) for r in rows), default=0))
        return [RawSheet(name=filename, rows=rows)]
    if data[:4] == b"PK\x03\x04" and _is_encrypted_zip(data):
        raise UnreadableFile(
            _("Tệp “%(file)s” bị đặt mật khẩu; hãy bỏ mật khẩu rồi tải lại.") % {"file": filename}
        )
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" and b"EncryptedPackage" in data[
        :65536
    ].replace(b"\x00", b""):
        raise UnreadableFile(
            _("Tệp “%(file)s” bị đặt mật khẩu; hãy bỏ mật khẩu rồi tải lại.") % {"file": filename}
        )
    # Behind the guard: sizes checked first, then parsed in a child process with limits.
    sheets = [
        RawSheet(name=name, rows=rows, links=links)
        for name, rows, links in guarded_parse(data, filename)
    ]
    if not any(any(cell_text(v) for v in row) for s in sheets for row in s.rows):
        raise UnreadableFile(_("Tệp “%(file)s” không có dữ liệu.") % {"file": filename})
    return sheets


def _is_encrypted_zip(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return any(info.flag_bits & 0x1 for info in archive.infolist())
    except zipfile.BadZipFile:
        return False


@dataclass
class HeaderMatch:
    row: int
    columns: dict[str, int]  # field -> column index
    headers: list[str]  # the folded header texts of that row


def find_header(
    sheet: RawSheet, synonyms: dict[str, set[str]], scan: int = 30
) -> HeaderMatch | None:
    """The row among the first `scan` naming the most known fields (at least two)."""
    best: HeaderMatch | None = None
    for index, row in enumerate(sheet.rows[:scan]):
        folded = [fold_header(v) for v in row]
        columns: dict[str, int] = {}
        for col, text in enumerate(folded):
            for name, names in synonyms.items():
                if name not in columns and text in names:
                    columns[name] = col
        if len(columns) >= 2 and (best is None or len(columns) > len(best.columns)):
            best = HeaderMatch(row=index, columns=columns, headers=folded)
    return best


def header_signature(headers: list[str]) -> str:
    """A key for the shape of a file, so a column mapping is remembered for files like it."""
    return "|".join(h for h in headers if h)
