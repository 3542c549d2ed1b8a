"""send_reminders on the demo province (slow: builds the whole Nghệ An demo once)."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from frontnet.monitoring.models import Reminder
from frontnet.pages.models import PageEvent
from frontnet.units.models import Unit

pytestmark = pytest.mark.django_db


def districts_without_a_report(by: dt.date) -> set[int]:
    """Worked out from the page events alone, not through the dashboard's code: a district
    has reported when, by the end of the day, a page's last report, return or reopen is a
    report (or its verification). A page returned by the level above must be fixed and
    reported again, so its district is reminded (missing.py says so in words)."""
    cut = timezone.make_aware(dt.datetime.combine(by + dt.timedelta(days=1), dt.time()))
    last = {}  # page -> (its unit, its last such action)
    for page_id, unit_id, action in (
        PageEvent.objects.filter(
            at__lt=cut,
            page__unit__level__key="district",
            action__in=["report", "verify", "return", "reopen"],
        )
        .order_by("at", "pk")
        .values_list("page_id", "page__unit_id", "action")
    ):
        last[page_id] = (unit_id, action)
    reported = {u for u, action in last.values() if action in ("report", "verify")}
    return set(Unit.objects.filter(level__key="district").values_list("pk", flat=True)) - reported


def run(day):
    out = io.StringIO()
    call_command("send_reminders", "--today", day, stdout=out)
    return out.getvalue().strip()


def test_demo_province_reminders_in_january_2022():
    call_command("demo", "--province", "40", "--shape", "legacy", stdout=io.StringIO())
    province = Unit.objects.get(parent__isnull=True)

    first = run("2022-01-24")
    reminded = set(Reminder.objects.filter(kind="reminder").values_list("unit_id", flat=True))
    assert reminded == districts_without_a_report(dt.date(2022, 1, 24)) != set()
    summaries = Reminder.objects.filter(kind="summary")
    assert list(summaries.values_list("unit_id", flat=True)) == [province.pk]
    assert first == f"sent={len(reminded) + 1} skipped=0"
    assert run("2022-01-24") == f"sent=0 skipped={len(reminded) + 1}"

    run("2022-02-01")
    overdue = set(Reminder.objects.filter(kind="overdue").values_list("unit_id", flat=True))
    assert overdue == districts_without_a_report(dt.date(2022, 1, 31)) != set()
    # One summary per parent: every district's parent is the province.
    assert Reminder.objects.filter(kind="summary", offset=-1).count() == 1
