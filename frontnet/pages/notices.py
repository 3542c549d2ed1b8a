"""Who is told about a page's reporting steps (called from services.py on commit)."""

from django.urls import reverse

from frontnet.accounts.selectors import account_of_cadre, unit_staff
from frontnet.notifications.services import notify
from frontnet.units.access import page_verifiers

from .notice_kinds import PAGE_REPORTED, PAGE_RETURNED, PAGE_VERIFIED


def _args(page, **extra) -> dict:
    return {"page": page.name, "unit": page.unit.name, **extra}


def told_reported(page) -> None:
    """Those who may verify it."""
    notify(
        kind=PAGE_REPORTED,
        recipients=page_verifiers(unit=page.unit, reported_by_id=page.reported_by_id),
        unit=page.unit,
        url=reverse("page_detail", args=[page.pk]),
        args=_args(page),
    )


def told_answered(page, *, returned: bool) -> None:
    """The unit's staff and the page's manager (when they have an account)."""
    people = [*unit_staff(unit=page.unit), account_of_cadre(cadre=page.manager)]
    notify(
        kind=PAGE_RETURNED if returned else PAGE_VERIFIED,
        recipients=people,
        unit=page.unit,
        url=reverse("page_detail", args=[page.pk]),
        args=_args(page, reason=page.return_reason) if returned else _args(page),
    )
