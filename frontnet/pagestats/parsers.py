"""Reading the files Meta Business Suite gives, and the form template's "Hiệu quả trang" sheet.

Pure: bytes in, rows and located problems out; no database. The layout and the encoding are
recognised from the content, never from the file name:
- a posts export: CSV in UTF-8 with a byte-order mark (or .xlsx), one row per post, 32 to 34
  columns whose headers are in the language of the person who downloaded it (English or
  Vietnamese); columns are found by their header text, in any order;
- a page-level metric export: UTF-16 LE, first line `sep=,`, then the metric's name, then
  `"Date","Primary"` and one row a day; an audience file stacks several such blocks;
- the template sheet: one row per page and month.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from frontnet.core.filesafety import check_extent
from frontnet.core.sheets import (
    RawSheet,
    UnreadableFile,
    cell_text,
    find_header,
    fold_header,
    header_signature,
    read_workbook,
)

SHEET_NAME = "Hiệu quả trang"

# Header texts (folded: no diacritics, lower case, punctuation as spaces) of the posts export.
# English as Business Suite writes it; Vietnamese as its Vietnamese interface names the same
# columns (our list, from the interface's wording; an unknown header goes to the mapping step).
POST_HEADERS: dict[str, set[str]] = {
    "post_id": {"post id", "id bai viet", "ma bai viet"},
    "page_id": {"page id", "id trang", "ma trang"},
    "page_name": {"page name", "ten trang"},
    "published_at": {"publish time", "thoi gian dang", "thoi gian xuat ban", "ngay dang"},
    "permalink": {"permalink", "lien ket co dinh", "lien ket"},
    "post_type": {"post type", "loai bai viet"},
    "views": {"views", "luot xem"},
    "reach": {"reach", "luot tiep can", "so nguoi tiep can", "nguoi tiep can"},
    "reactions": {"reactions", "cam xuc", "luot bay to cam xuc"},
    "comments": {"comments", "binh luan", "luot binh luan"},
    "shares": {"shares", "luot chia se", "chia se"},
}
POST_REQUIRED = ("post_id", "published_at")
POST_METRICS = ("views", "reach", "reactions", "comments", "shares")

# The metric name line of a page-level export, folded, to what it gives.
METRIC_NAMES: dict[str, set[str]] = {
    "follows": {"follows", "luot theo doi", "luot theo doi moi", "new follows"},
    "unfollows": {"unfollows", "luot bo theo doi"},
    "followers": {
        "facebook followers",
        "followers",
        "total followers",
        "nguoi theo doi tren facebook",
        "nguoi theo doi",
        "tong so nguoi theo doi",
    },
    "views": {"views", "luot xem"},
    "viewers": {"viewers", "nguoi xem"},
    "interactions": {
        "content interactions",
        "luot tuong tac voi noi dung",
        "tuong tac voi noi dung",
        "luot tuong tac",
    },
    "visits": {"visits", "facebook visits", "luot truy cap", "luot truy cap trang"},
    "link_clicks": {"link clicks", "luot click vao lien ket", "luot nhap vao lien ket"},
}
DATE_HEADERS = {"date", "ngay"}
VALUE_HEADERS = {"primary", "chinh", "value", "gia tri"}

# The template sheet's columns: field -> (header, folded aliases).
MONTH_COLUMNS: list[tuple[str, str, set[str]]] = [
    ("page_ref", "Mã trang", {"ma trang", "id"}),
    ("unit", "Đơn vị", {"don vi"}),
    ("page_name", "Tên trang", {"ten trang", "trang"}),
    ("month", "Tháng (MM/YYYY)", {"thang mm yyyy", "thang"}),
    ("followers", "Người theo dõi cuối tháng", {"nguoi theo doi cuoi thang", "nguoi theo doi"}),
    ("new_follows", "Lượt theo dõi mới", {"luot theo doi moi", "theo doi moi"}),
    ("posts", "Bài viết đã đăng", {"bai viet da dang", "bai viet", "so bai viet"}),
    ("reach", "Người tiếp cận", {"nguoi tiep can", "luot tiep can"}),
    ("views", "Lượt xem", {"luot xem"}),
    ("interactions", "Lượt tương tác", {"luot tuong tac", "tuong tac"}),
    ("best_post_url", "Liên kết bài nổi bật", {"lien ket bai noi bat", "bai noi bat"}),
]
MONTH_NUMBERS = ("followers", "new_follows", "posts", "reach", "views", "interactions")


@dataclass(frozen=True)
class Problem:
    sheet: str
    line: int  # as the file numbers it (1-based)
    column: str
    reason: str

    def message(self, filename: str) -> str:
        return _(
            "Tệp “%(file)s”, trang “%(sheet)s”, dòng %(row)s, cột “%(column)s”: %(reason)s"
        ) % {
            "file": filename,
            "sheet": self.sheet,
            "row": self.line,
            "column": self.column,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class PostRow:
    line: int
    post_id: str
    published_at: dt.datetime  # naive, the page's local time as Meta writes it
    page_id: str = ""
    page_name: str = ""
    permalink: str = ""
    post_type: str = ""
    views: int = 0
    reach: int = 0
    reactions: int = 0
    comments: int = 0
    shares: int = 0

    @property
    def engagement(self) -> int:
        return self.reactions + self.comments + self.shares


@dataclass(frozen=True)
class DayValue:
    line: int
    metric: str  # a key of METRIC_NAMES
    day: dt.date
    value: int


@dataclass(frozen=True)
class MonthRow:
    line: int
    month: dt.date
    page_ref: str = ""
    unit: str = ""
    page_name: str = ""
    values: tuple = ()  # (field, int) for the numbers given
    best_post_url: str = ""


@dataclass
class Parsed:
    layout: str  # "posts", "metric" or "monthly"
    sheet: str
    posts: list[PostRow] = field(default_factory=list)
    days: list[DayValue] = field(default_factory=list)
    months: list[MonthRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # An unknown header: the fields not found, and the file's headers to pick them from.
    missing: list[str] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)
    signature: str = ""

    @property
    def page_ids(self) -> set[str]:
        return {p.page_id for p in self.posts if p.page_id}

    @property
    def page_names(self) -> set[str]:
        return {p.page_name for p in self.posts if p.page_name}

    @property
    def rows(self) -> int:
        return len(self.posts) + len(self.days) + len(self.months)


# --- Encoding and layout -----------------------------------------------------------------


def decode(data: bytes, filename: str) -> str:
    """The text of a CSV, from its byte-order mark or, without one, from where the zero bytes
    fall (UTF-16 text of Latin letters has a zero byte after each)."""
    if data.startswith(b"\xff\xfe"):
        encoding, body = "utf-16-le", data[2:]
    elif data.startswith(b"\xfe\xff"):
        encoding, body = "utf-16-be", data[2:]
    elif data.startswith(b"\xef\xbb\xbf"):
        encoding, body = "utf-8", data[3:]
    else:
        head = data[:400]
        odd, even = head[1::2].count(0), head[0::2].count(0)
        if head and odd > len(head) // 4 and odd > even:
            encoding, body = "utf-16-le", data
        elif head and even > len(head) // 4:
            encoding, body = "utf-16-be", data
        else:
            encoding, body = "utf-8", data
    try:
        return body.decode(encoding)
    except UnicodeDecodeError:
        raise UnreadableFile(
            _("Tệp “%(file)s” không đọc được: không phải văn bản UTF-8 hay UTF-16.")
            % {"file": filename}
        ) from None


def read_rows(data: bytes, filename: str) -> list[RawSheet]:
    """The file's sheets: an .xlsx (or .xls, .ods) by its content, else CSV text."""
    if not data:
        raise UnreadableFile(_("Tệp “%(file)s” rỗng.") % {"file": filename})
    if data[:4] == b"PK\x03\x04" or data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return read_workbook(data, filename)
    text = decode(data, filename)
    if "\x00" in text:
        raise UnreadableFile(_("Tệp “%(file)s” không phải tệp văn bản CSV.") % {"file": filename})
    lines = text.splitlines()
    delimiter = ","
    if lines and lines[0].strip().lower().startswith("sep="):
        delimiter = lines[0].strip()[4:5] or ","
        lines[0] = ""  # kept as an empty line, so line numbers stay the file's
    elif lines and lines[0].count("\t") > lines[0].count(","):
        delimiter = "\t"
    rows = [list(r) for r in csv.reader(lines, delimiter=delimiter)]
    # The guard's extent limits, as for a CSV read by core.sheets (the size was checked
    # before decoding, by the caller: pagestats.services.check_size).
    check_extent(filename, filename, len(rows), max((len(r) for r in rows), default=0))
    return [RawSheet(name=filename, rows=rows)]


def parse_file(data: bytes, filename: str, *, mapping: dict[str, int] | None = None) -> Parsed:
    """Read any of the layouts above; raises UnreadableFile when no layout fits."""
    sheets = read_rows(data, filename)
    for sheet in sheets:
        if fold_header(sheet.name) == fold_header(SHEET_NAME):
            return parse_month_sheet(sheet)
    for sheet in sheets:
        if _metric_blocks(sheet.rows):
            return parse_metric_sheet(sheet)
    for sheet in sheets:
        found = parse_posts_sheet(sheet, mapping=mapping)
        if found is not None:
            return found
    raise UnreadableFile(
        _(
            "Tệp “%(file)s” không giống tệp xuất từ Meta Business Suite (bài viết hoặc chỉ số "
            "trang) hay trang “%(sheet)s” của biểu mẫu."
        )
        % {"file": filename, "sheet": SHEET_NAME}
    )


# --- Numbers and dates -------------------------------------------------------------------


def parse_count(value) -> int | None:
    """A count as Meta or a person writes it: 1234, "1,234", "1.234", "1 234"; blank is 0.
    None when it is not a whole number of zero or more."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    if isinstance(value, float):
        return int(value) if value.is_integer() and value >= 0 else None
    text = cell_text(value).replace("\u00a0", "").replace(" ", "")
    if text in {"", "-", "--"}:
        return 0
    if re.fullmatch(r"\d{1,3}([.,]\d{3})+", text):
        text = re.sub(r"[.,]", "", text)
    if re.fullmatch(r"\d+(\.0+)?", text):
        return int(text.split(".")[0])
    return None


_DATE_FORMATS_ISO = ("%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d")


def parse_when(value, *, day_first: bool) -> dt.datetime | None:
    """A publish time or a day: ISO, or mm/dd/yyyy (English) / dd/mm/yyyy (Vietnamese)."""
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time.min)
    text = cell_text(value)
    if not text:
        return None
    text = re.sub(r"[+-]\d{2}:?\d{2}$|Z$", "", text)
    for fmt in _DATE_FORMATS_ISO:
        try:
            return dt.datetime.strptime(text, fmt)
        except ValueError:
            pass
    match = re.fullmatch(
        r"(\d{1,2})/(\d{1,2})/(\d{4})(?:[ ,]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?", text
    )
    if not match:
        return None
    a, b, year = int(match[1]), int(match[2]), int(match[3])
    day, month = (a, b) if day_first else (b, a)
    try:
        return dt.datetime(
            year, month, day, int(match[4] or 0), int(match[5] or 0), int(match[6] or 0)
        )
    except ValueError:
        return None


def day_first_for(values: list, *, vietnamese: bool) -> bool:
    """Whether slashed dates of one column are day-first: a part above 12 decides; when none
    does, the export's language does (Business Suite writes mm/dd in English)."""
    for value in values:
        match = re.match(r"\s*(\d{1,2})/(\d{1,2})/\d{4}", cell_text(value))
        if match:
            if int(match[1]) > 12:
                return True
            if int(match[2]) > 12:
                return False
    return vietnamese


def _refused(sheet: str, line: int, column: str, message: str, value) -> Problem:
    """A cell that is not what its column holds; `message` (translated) quotes it as
    %(value)s."""
    return Problem(sheet, line, column, message % {"value": cell_text(value)})


def _read_counts(names, cell, labels, sheet: str, line: int):
    """([(field, count)], None) for the cells of `names`, or (…, the Problem of the first
    cell that is not a count)."""
    values = []
    for name in names:
        number = parse_count(cell(name))
        if number is None:
            return values, _refused(
                sheet,
                line,
                labels[name],
                _("“%(value)s” không phải số nguyên không âm."),
                cell(name),
            )
        values.append((name, number))
    return values, None


# --- Posts export ------------------------------------------------------------------------


def parse_posts_sheet(sheet: RawSheet, *, mapping: dict[str, int] | None = None) -> Parsed | None:
    found = find_header(sheet, POST_HEADERS, scan=20)
    if found is None:
        return None
    index, columns, folded = found.row, found.columns, found.headers
    headers = [cell_text(v) for v in sheet.rows[index]]
    if mapping:
        columns = {**columns, **{k: v for k, v in mapping.items() if 0 <= v < len(headers)}}
    parsed = Parsed(layout="posts", sheet=sheet.name, headers=headers)
    parsed.signature = header_signature(folded)
    parsed.missing = [f for f in POST_REQUIRED if f not in columns]
    if not any(m in columns for m in POST_METRICS):
        parsed.missing.append("reach")
    if parsed.missing:
        return parsed
    vietnamese = any(h in _ALL and h not in _ENGLISH for h in folded)
    rows = sheet.rows[index + 1 :]
    day_first = day_first_for(
        [r[columns["published_at"]] for r in rows if len(r) > columns["published_at"]],
        vietnamese=vietnamese,
    )
    label = {f: headers[c] for f, c in columns.items()}
    seen: dict[str, int] = {}
    for offset, row in enumerate(rows):
        line = index + 2 + offset
        if not any(cell_text(v) for v in row):
            continue

        def cell(name, row=row):
            col = columns.get(name)
            return row[col] if col is not None and col < len(row) else None

        post_id = cell_text(cell("post_id"))
        if not post_id:
            parsed.problems.append(
                Problem(sheet.name, line, label["post_id"], _("Thiếu mã bài viết."))
            )
            continue
        if post_id in seen:
            parsed.problems.append(
                Problem(
                    sheet.name,
                    line,
                    label["post_id"],
                    _("Bài viết %(id)s đã có ở dòng %(line)s.")
                    % {"id": post_id, "line": seen[post_id]},
                )
            )
            continue
        when = parse_when(cell("published_at"), day_first=day_first)
        if when is None:
            parsed.problems.append(
                _refused(
                    sheet.name,
                    line,
                    label["published_at"],
                    _("“%(value)s” không phải ngày giờ (ví dụ 05/01/2025 08:30)."),
                    cell("published_at"),
                )
            )
            continue
        given = [name for name in POST_METRICS if name in columns]
        values, bad = _read_counts(given, cell, label, sheet.name, line)
        if bad:
            parsed.problems.append(bad)
            continue
        counts = dict.fromkeys(POST_METRICS, 0) | dict(values)
        seen[post_id] = line
        parsed.posts.append(
            PostRow(
                line=line,
                post_id=post_id,
                published_at=when,
                page_id=cell_text(cell("page_id")),
                page_name=cell_text(cell("page_name")),
                permalink=cell_text(cell("permalink"))[:500],
                post_type=cell_text(cell("post_type"))[:40],
                **counts,
            )
        )
    return parsed


_ALL = {h for names in POST_HEADERS.values() for h in names}
_ENGLISH = {
    "post id",
    "page id",
    "page name",
    "publish time",
    "permalink",
    "post type",
    "views",
    "reach",
    "reactions",
    "comments",
    "shares",
}


# --- Page-level metric exports -----------------------------------------------------------


def _metric_key(text: str) -> str | None:
    folded = fold_header(text)
    for key, names in METRIC_NAMES.items():
        if folded in names:
            return key
    return None


def _is_date_value_header(row: list) -> bool:
    cells = [fold_header(v) for v in row if cell_text(v)]
    return len(cells) == 2 and cells[0] in DATE_HEADERS and cells[1] in VALUE_HEADERS


def _metric_blocks(rows: list[list]) -> list[tuple[int, str]]:
    """(index of the "Date","Primary" row, the metric name above it) for each block."""
    blocks = []
    for index, row in enumerate(rows):
        if index and _is_date_value_header(row):
            name = next((cell_text(v) for v in rows[index - 1] if cell_text(v)), "")
            blocks.append((index, name))
    return blocks


def parse_metric_sheet(sheet: RawSheet) -> Parsed:
    parsed = Parsed(layout="metric", sheet=sheet.name)
    blocks = _metric_blocks(sheet.rows)
    ends = [start - 1 for start, _name in blocks[1:]] + [len(sheet.rows)]
    for (start, name), end in zip(blocks, ends, strict=True):
        key = _metric_key(name)
        if key is None:
            parsed.problems.append(
                Problem(
                    sheet.name,
                    start,
                    name or "—",
                    _("Không biết chỉ số “%(name)s”.") % {"name": name},
                )
            )
            continue
        for index in range(start + 1, end):
            row = sheet.rows[index]
            cells = [v for v in row if cell_text(v)]
            if not cells:
                continue
            line = index + 1
            when = parse_when(cells[0], day_first=True)
            if when is None:
                parsed.problems.append(
                    _refused(sheet.name, line, "Date", _("“%(value)s” không phải ngày."), cells[0])
                )
                continue
            value = parse_count(cells[1] if len(cells) > 1 else "")
            if value is None:
                parsed.problems.append(
                    _refused(
                        sheet.name,
                        line,
                        "Primary",
                        _("“%(value)s” không phải số nguyên không âm."),
                        cells[1],
                    )
                )
                continue
            parsed.days.append(DayValue(line=line, metric=key, day=when.date(), value=value))
    return parsed


# --- The template sheet ------------------------------------------------------------------


def parse_month(value) -> dt.date | None:
    if isinstance(value, dt.datetime | dt.date):
        return dt.date(value.year, value.month, 1)
    text = cell_text(value)
    match = re.fullmatch(r"(\d{1,2})\s*[/.-]\s*(\d{4})", text) or None
    if match:
        month, year = int(match[1]), int(match[2])
    else:
        match = re.fullmatch(r"(\d{4})\s*-\s*(\d{1,2})(?:-\d{1,2})?", text)
        if not match:
            return None
        year, month = int(match[1]), int(match[2])
    if not 1 <= month <= 12 or not 2000 <= year <= 2100:
        return None
    return dt.date(year, month, 1)


def parse_month_sheet(sheet: RawSheet) -> Parsed:
    parsed = Parsed(layout="monthly", sheet=sheet.name)
    header_index, columns = None, {}
    for index, row in enumerate(sheet.rows[:20]):
        folded = [fold_header(v) for v in row]
        found = {}
        for col, text in enumerate(folded):
            for name, _header, aliases in MONTH_COLUMNS:
                if name not in found and (text in aliases or text == fold_header(_header)):
                    found[name] = col
        if "month" in found and len(found) >= 3:
            header_index, columns = index, found
            break
    if header_index is None:
        parsed.problems.append(
            Problem(sheet.name, 1, "Tháng", _("Không tìm thấy dòng tiêu đề (cột “Tháng”)."))
        )
        return parsed
    labels = {name: header for name, header, _a in MONTH_COLUMNS}
    for offset, row in enumerate(sheet.rows[header_index + 1 :]):
        line = header_index + 2 + offset

        def cell(name, row=row):
            col = columns.get(name)
            return row[col] if col is not None and col < len(row) else None

        numbers = [n for n in MONTH_NUMBERS if cell_text(cell(n))]
        if not numbers and not cell_text(cell("best_post_url")):
            continue  # a page listed by the template with nothing filled in
        month = parse_month(cell("month"))
        if month is None:
            parsed.problems.append(
                _refused(
                    sheet.name,
                    line,
                    labels["month"],
                    _("“%(value)s” không phải tháng (ví dụ 01/2025)."),
                    cell("month"),
                )
            )
            continue
        values, bad = _read_counts(numbers, cell, labels, sheet.name, line)
        if bad:
            parsed.problems.append(bad)
            continue
        parsed.months.append(
            MonthRow(
                line=line,
                month=month,
                page_ref=cell_text(cell("page_ref")),
                unit=cell_text(cell("unit")),
                page_name=cell_text(cell("page_name")),
                values=tuple(values),
                best_post_url=cell_text(cell("best_post_url"))[:500],
            )
        )
    return parsed


# --- From rows to months (pure) ----------------------------------------------------------


def month_of(day: dt.date | dt.datetime) -> dt.date:
    return dt.date(day.year, day.month, 1)


@dataclass
class PostTotals:
    posts: int = 0
    post_views: int = 0
    post_reach: int = 0
    reactions: int = 0
    comments: int = 0
    shares: int = 0
    best_post_url: str = ""
    best_score: tuple = ()


def post_totals(posts) -> dict[dt.date, PostTotals]:
    """Each month's posts added up; the best post is the one with the most reactions, comments
    and shares (then views, then the smallest id, so the choice never depends on order).
    `posts` are objects with published_at (local), views, reach, reactions, comments, shares,
    permalink, post_id."""
    months: dict[dt.date, PostTotals] = defaultdict(PostTotals)
    for post in posts:
        totals = months[month_of(post.published_at)]
        totals.posts += 1
        totals.post_views += post.views
        totals.post_reach += post.reach
        totals.reactions += post.reactions
        totals.comments += post.comments
        totals.shares += post.shares
        score = (post.reactions + post.comments + post.shares, post.views, _neg(post.post_id))
        if not totals.best_score or score > totals.best_score:
            totals.best_score = score
            totals.best_post_url = post.permalink
    return dict(months)


def _neg(text: str) -> tuple:
    return tuple(-ord(c) for c in text)


def metric_totals(days: list[DayValue]) -> dict[dt.date, dict[str, int]]:
    """Each month's figures from daily values: follows, views, viewers and interactions are
    added up over the days the file has; followers is the value of the month's last day."""
    sums: dict[dt.date, dict[str, int]] = defaultdict(dict)
    last_day: dict[dt.date, dt.date] = {}
    by_metric_day: dict[tuple[str, dt.date], int] = {}
    for d in days:
        by_metric_day[(d.metric, d.day)] = d.value  # a day given twice: the later line wins
    for (metric, day), value in sorted(by_metric_day.items(), key=lambda kv: kv[0][1]):
        month = month_of(day)
        figures = sums[month]
        if metric == "followers":
            if day >= last_day.get(month, day):
                figures["followers"] = value
                last_day[month] = day
        elif metric in KEPT_METRICS:
            name = KEPT_METRICS[metric]
            figures[name] = figures.get(name, 0) + value
    return dict(sums)


# Daily metric -> the month's field. Visits, link clicks and unfollows are read (so their
# files are recognised) but not kept: nothing in the month's figures needs them.
KEPT_METRICS = {
    "follows": "new_follows",
    "views": "views",
    "viewers": "reach",
    "interactions": "interactions",
}
