"""Periods named as people type them: "2022-01" is a month, "2022" a year."""

import calendar
import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import PeriodKind


def period_parse(text: str) -> tuple[str, dt.date]:
    """(kind, first day) of "YYYY-MM" or "YYYY"; ValidationError otherwise."""
    raw = (text or "").strip()
    try:
        if len(raw) == 4 and raw.isdigit():
            return PeriodKind.YEAR, dt.date(int(raw), 1, 1)
        if len(raw) == 7 and raw[4] == "-":
            return PeriodKind.MONTH, dt.date(int(raw[:4]), int(raw[5:]), 1)
    except ValueError:
        pass
    raise ValidationError(
        _("Kỳ “%(raw)s” không hợp lệ: ghi YYYY-MM (tháng) hoặc YYYY (năm).") % {"raw": raw}
    )


def month_end(start: dt.date) -> dt.date:
    return start.replace(day=calendar.monthrange(start.year, start.month)[1])


def period_end(kind: str, start: dt.date) -> dt.date:
    return month_end(start) if kind == PeriodKind.MONTH else dt.date(start.year, 12, 31)
