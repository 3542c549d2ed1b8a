"""How to find page statistics outside a user's scope, for tests/test_scope_sweep.py."""

import datetime as dt

from frontnet.accounts.models import User
from frontnet.pages.tests.scope_cases import page_outside
from frontnet.pagestats.models import StatsUpload
from frontnet.units.models import Unit
from frontnet.units.tests.scope_cases import unit_outside


def upload_outside(tree, user):
    unit = Unit.objects.get(pk=unit_outside(tree, user))
    owner, _ = User.objects.get_or_create(username="ngoai-pham-vi", defaults={"unit": unit})
    upload = StatsUpload.objects.create(
        unit=unit,
        uploaded_by=owner,
        filename="ngoai.csv",
        sha256="0" * 64,
        content=b"sep=,\n",
        exported_on=dt.date(2025, 1, 1),
    )
    return upload.pk


OUT_OF_SCOPE = {
    "unit_page_stats": unit_outside,
    "unit_page_stats_xlsx": unit_outside,
    "page_stats_upload": unit_outside,
    "page_stats_preview": upload_outside,
    "page_stats": page_outside,
    "page_stats_month": page_outside,
}

OUT_OF_SCOPE |= {
    "api_unit_page_stats": unit_outside,
    "api_page_stats_upload": unit_outside,
    "api_page_stats_preview": upload_outside,
    "api_page_stats_commit": upload_outside,
    "api_page_months": page_outside,
}
