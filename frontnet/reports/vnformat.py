"""Numbers and dates as Vietnamese documents write them: 1.234,5 and "ngày 05 tháng 01 năm 2022"."""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal


def vn_number(value, decimals: int = 0) -> str:
    quantum = Decimal(1).scaleb(-decimals)
    number = Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)
    sign = "-" if number < 0 else ""
    whole, _, fraction = f"{abs(number):f}".partition(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    text = ".".join(groups) or "0"
    return f"{sign}{text},{fraction}" if decimals and fraction else f"{sign}{text}"


def vn_percent(value, decimals: int = 1) -> str:
    return f"{vn_number(value * 100, decimals)}%"


def vn_date(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def vn_date_line(place: str, day: dt.date) -> str:
    """The place and date line of an administrative document (Decree 30/2020/NĐ-CP)."""
    return f"{place}, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"
