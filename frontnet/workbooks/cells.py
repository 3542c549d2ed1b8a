"""Reading one cell of a workbook as a value, with a Vietnamese message when it cannot be."""

import datetime as dt

from django.utils.translation import gettext_noop as N_

from frontnet.core.sheets import cell_text

from .plan import Said


def parse_date(value) -> tuple[dt.date | None, Said | None]:
    if value in (None, ""):
        return None, None
    if isinstance(value, dt.datetime):
        return value.date(), None
    if isinstance(value, dt.date):
        return value, None
    text = cell_text(value)
    for fmt in ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, fmt).date(), None
        except ValueError:
            continue
    return None, Said(N_("“%(value)s” không phải ngày (ghi dd/mm/yyyy)."), {"value": text})
