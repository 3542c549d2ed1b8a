import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from frontnet.notifications.models import Notification
from frontnet.pagestats.models import PageMonth
from frontnet.pagestats.services import remind_missing_figures

pytestmark = pytest.mark.django_db


def test_a_month_without_figures_reminds_the_units_staff_once(users, page_a1, zalo_a2, capsys):
    today = timezone.localdate() + dt.timedelta(days=40)  # the pages existed all last month
    last = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    PageMonth.objects.create(
        page=zalo_a2, month=last, posts=3, source="form", entered_at=timezone.now()
    )
    assert remind_missing_figures(today=today) == 1  # xa, for An Một; An Hai has figures
    note = Notification.objects.get()
    assert (
        note.recipient == users["xa"] and page_a1.name in note.text and f"{last:%m/%Y}" in note.text
    )
    assert note.url.startswith(f"/pages/{page_a1.pk}/stats/month/")
    call_command("remind_page_stats", today=today.isoformat())
    assert capsys.readouterr().out.strip() == "sent=0"  # already told this month
