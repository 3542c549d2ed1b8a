"""The texts a score line keeps, as keys and arguments, read in the reader's language.

A line's rule and value are lists of pieces: a piece is a catalogue msgid with its arguments,
`[msgid, {name: argument}]`, or a literal string (a separator). An argument is kept as it
was measured and formatted when read: a plain number or name as is, `{"n": "66.67"}` a
number, `{"pct": "66.67"}` a percentage, `{"date": "2022-01-31"}` a day, `{"t": msgid}` a
label of its own. So a month published in January reads in English as in Vietnamese, and
still the same after the criterion changes.

The seeded criteria's names are msgids too (`SEEDED_NAMES`); a name the province typed is
its own and shown as typed.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext, gettext_noop

from frontnet.core.seeded import seeded_text

# The names 0002_seed_criteria gives (kept in step with it), so they read in English too.
SEEDED_NAMES = frozenset(
    {
        gettext_noop("Cán bộ có tài khoản mạng xã hội"),
        gettext_noop("Cán bộ theo dõi các kênh chính thức của Mặt trận tỉnh"),
        gettext_noop("Dữ liệu cán bộ đầy đủ theo biểu mẫu"),
        gettext_noop("Trang cộng đồng được xác nhận, đặt tên đúng quy định (cấp huyện)"),
        gettext_noop("Trang cộng đồng được xác nhận, đặt tên đúng quy định (cấp xã)"),
        gettext_noop("Báo cáo Trang cộng đồng đúng hạn (cấp huyện)"),
        gettext_noop("Báo cáo Trang cộng đồng đúng hạn (cấp xã)"),
    }
)


def piece(msgid: str, **args) -> list:
    return [msgid, args]


def number(value) -> dict:
    return {"n": str(value)}


def percent(value) -> dict:
    return {"pct": str(value)}


def day(value: dt.date) -> dict:
    return {"date": value.isoformat()}


def label(msgid) -> dict:
    """A label that is itself a msgid: a lazy translation gives its msgid (the Vietnamese
    text, which is what it reads as in Vietnamese)."""
    with translation.override("vi"):
        return {"t": str(msgid)}


def _number(value) -> str:
    """Two decimals at most, trailing zeros dropped, in the language's own separator."""
    rounded = Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    text = number_format(rounded, 2)
    separator = number_format(Decimal("0.5"), 1)[1]
    return text.rstrip("0").rstrip(separator) if separator in text else text


def _argument(value) -> str:
    if isinstance(value, dict):
        if "n" in value:
            return _number(value["n"])
        if "pct" in value:
            return f"{_number(value['pct'])}%"
        if "date" in value:
            return dt.date.fromisoformat(value["date"]).strftime("%d/%m/%Y")
        if "t" in value:
            return gettext(value["t"])
    return str(value)


def render(pieces: list) -> str:
    """The pieces in the active language."""
    out = []
    for p in pieces:
        if isinstance(p, str):
            out.append(p)
        else:
            msgid, args = p
            text = gettext(msgid)
            out.append(text % {k: _argument(v) for k, v in args.items()} if args else text)
    return "".join(out)


def render_vi(pieces: list) -> str:
    """The Vietnamese text the line also keeps whole (the reports are Vietnamese)."""
    with translation.override("vi"):
        return render(pieces)


def name_text(name: str) -> str:
    """A criterion's name as the reader reads it: a seeded name in their language."""
    return seeded_text(name, SEEDED_NAMES)
