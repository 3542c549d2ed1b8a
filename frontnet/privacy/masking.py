"""Masked forms of contact details, for users who do not need them (pure: no database)."""

import re
from urllib.parse import urlsplit

from frontnet.cadres.fields import personal_fields
from frontnet.core.vntext import clean_text

MASK = "x"


def national(e164: str) -> str:
    """+84912345678 -> 0912345678; other forms are returned as their digits."""
    digits = re.sub(r"\D", "", e164 or "")
    if (e164 or "").startswith("+84"):
        return "0" + digits[2:]
    return digits


def mask_phone(phone: str) -> str:
    """ "09xx xxx 678": the first two and the last three digits, grouped like a mobile."""
    digits = national(phone)
    if len(digits) < 6:
        return MASK * len(digits)
    shown = digits[:2] + MASK * (len(digits) - 5) + digits[-3:]
    return f"{shown[:4]} {shown[4:-3]} {shown[-3:]}"


def mask_name(name: str) -> str:
    """The family name in full, every other word as its initial: "Nguyễn V. T."."""
    words = clean_text(name or "").split()
    if not words:
        return ""
    return " ".join([words[0], *(f"{w[0].upper()}." for w in words[1:])])


def mask_link(link: str) -> str:
    """The site and the first two characters of the account: "facebook.com/ng…"."""
    if not link:
        return ""
    if re.fullmatch(r"[\d+\s.\-()]{6,}", link):  # a Zalo account typed as its phone
        return mask_phone(link)
    parts = urlsplit(link if "//" in link else f"//{link}")
    host = (parts.hostname or "").removeprefix("www.")
    account = parts.path.strip("/")
    if re.fullmatch(r"[\d+]{6,}", account):  # a personal Zalo link is a phone number
        return f"{host}/{mask_phone(account)}"
    return f"{host}/{account[:2]}…" if account else host


def mask_email(email: str) -> str:
    name, at, domain = (email or "").partition("@")
    return f"{name[:1]}…@{domain}" if at else ""


# What a masked gender or birth year shows: nothing of the value.
HIDDEN = "[ẩn]"


def mask_whole(_value) -> str:
    return HIDDEN


MASKERS = {
    "phone": mask_phone,
    "email": mask_email,
    "facebook": mask_link,
    "zalo": mask_link,
    # Basic personal data in Decree 356/2025 (gender, date of birth): hidden whole.
    "gender": mask_whole,
    "birth_year": mask_whole,
}

# What is masked for a user who does not see personal data: the fields flagged `personal` in
# cadres/fields.py. A masked value that comes back unchanged (a template, the edit form) is
# read as the stored one (`unmasked`), so masking never turns into a change.
PERSONAL_FIELDS = tuple(f.name for f in personal_fields() if f.name in MASKERS)


def mask_value(name: str, value) -> str:
    """A personal field's value as a user who may not see it is shown it ("" stays "")."""
    if value in (None, "") or name not in PERSONAL_FIELDS:
        return value
    return MASKERS[name](str(value))


def unmasked(cells: dict, stored: dict) -> dict:
    """An imported row's cells with each masked value (as a masked template shows it) put
    back to the stored value, so a template downloaded masked comes back unchanged."""
    out = dict(cells)
    for key, value in stored.items():
        if value and out.get(key) and str(out[key]) == MASKERS[key](str(value)):
            out[key] = value
    return out


def masked_row(values: list, keys: list[str]) -> list:
    """A template row (values in the order of `keys`) with its personal cells masked."""
    return [mask_value(key, value) for key, value in zip(keys, values, strict=False)] + list(
        values[len(keys) :]
    )
