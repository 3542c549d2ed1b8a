"""Masked cells for the example units' forms shown to other units (pure).

Stand-in until the personal-data helpers of `frontnet/privacy` (branch `privacy`) are on main:
names as initials ("Nguyễn V. T."), phones as "09xx xxx 678", personal links and e-mails
removed (a mark says there was one, so completeness stays visible), birth years hidden.
"""

import re

from frontnet.core.vntext import clean_text

HIDDEN = "[đã ẩn]"


def mask_name(name: str) -> str:
    """The family name in full, every other word as its initial: "Nguyễn V. T."."""
    words = clean_text(name).split()
    if not words:
        return ""
    return " ".join([words[0], *(f"{w[0].upper()}." for w in words[1:])])


def mask_phone(phone: str) -> str:
    """ "+84912345678" or "0912 345 678" -> "09xx xxx 678"."""
    digits = re.sub(r"\D", "", phone or "")
    if (phone or "").strip().startswith("+84"):
        digits = "0" + digits[2:]
    if len(digits) < 6:
        return "x" * len(digits)
    shown = digits[:2] + "x" * (len(digits) - 5) + digits[-3:]
    return f"{shown[:4]} {shown[4:-3]} {shown[-3:]}"


def mask_cell(field: str, value):
    """A cadre cell of the form template as an example shows it."""
    if value in ("", None):
        return value
    if field == "full_name":
        return mask_name(str(value))
    if field == "phone":
        return mask_phone(str(value))
    if field in ("email", "facebook", "zalo", "birth_year"):
        return HIDDEN
    return value
