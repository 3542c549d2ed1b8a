import datetime as dt
import importlib
import io

import pytest
from django.apps import apps
from django.core.management import call_command
from django.utils import timezone, translation

from frontnet.accounts.models import AreaAssignment
from frontnet.cadres.models import Platform
from frontnet.monitoring.models import Reminder, Target
from frontnet.notifications.models import Notification
from frontnet.pages.models import CommunityPage, PageEvent

pytestmark = pytest.mark.django_db


def _at(day):
    return timezone.make_aware(dt.datetime.fromisoformat(day + "T09:00"))


@pytest.fixture
def story(users, tree):
    """The 2022 targets; huyện An reported its page on 20/01/2022, huyện Bình has none (and
    no account of its own); the specialists follow their districts since 01/01/2022."""
    importlib.import_module("frontnet.monitoring.migrations.0002_seed_targets").seed(apps, None)
    AreaAssignment.objects.update(valid_from=dt.date(2022, 1, 1))
    page = CommunityPage.objects.create(
        unit=tree["district_a"],
        platform=Platform.objects.get(key="facebook_page"),
        name="Mặt trận huyện An",
        link_raw="facebook.com/mthuyenan",
        canonical="https://www.facebook.com/mthuyenan",
        status="reported",
        reported_at=_at("2022-01-20"),
    )
    CommunityPage.objects.filter(pk=page.pk).update(created_at=_at("2022-01-20"))
    PageEvent.objects.create(page=page, action="register", at=_at("2022-01-20"))
    PageEvent.objects.create(page=page, action="report", at=_at("2022-01-20"))
    return tree


def run(*args):
    out = io.StringIO()
    call_command("send_reminders", *args, stdout=out)
    return out.getvalue().strip()


def told(kind):
    # Rendered when read, in the reader's language: read here in Vietnamese.
    with translation.override("vi"):
        return sorted(
            (n.recipient.username, n.text)
            for n in Notification.objects.filter(kind=kind).select_related("recipient")
        )


def test_a_week_before_only_the_district_without_a_reported_page_is_reminded(story, users):
    assert run("--today", "2022-01-24", "--dry-run") == "sent=2 skipped=0"
    assert not Reminder.objects.exists()
    # huyện Bình's reminder (nobody there to read it) and, since it has no account, the
    # province's summary naming it.
    assert run("--today", "2022-01-24") == "sent=2 skipped=0"
    reminded = Reminder.objects.filter(kind="reminder")
    assert [r.unit.name for r in reminded] == ["Huyện Bình"]
    assert told("reminder_summary") == [
        (
            "tinh",
            "Chỉ tiêu “100% Mặt trận cấp huyện có Trang cộng đồng” (hạn 31/01/2022): 1 đơn vị "
            "chưa đạt: Huyện Bình (chưa có trang cộng đồng) — chưa có tài khoản.",
        )
    ]
    assert run("--today", "2022-01-24") == "sent=0 skipped=2"
    assert run("--today", "2022-01-25") == "sent=0 skipped=0"  # not a reminder day


def test_a_unit_with_an_account_is_reminded_in_words(story, users, tree):
    users["huyen"].unit = tree["district_b"]
    users["huyen"].save()
    assert run("--today", "2022-01-30") == "sent=1 skipped=0"  # 1 day before; no summary
    assert told("reminder_due") == [
        (
            "huyen",
            "Còn 1 ngày đến hạn 31/01/2022 của chỉ tiêu “100% Mặt trận cấp huyện có Trang "
            "cộng đồng”: Huyện Bình chưa đạt (chưa có trang cộng đồng).",
        )
    ]


def test_the_day_after_overdue_notices_and_one_summary_per_parent(story, users):
    assert run("--today", "2022-02-01") == "sent=3 skipped=0"
    assert sorted(Reminder.objects.values_list("kind", flat=True)) == [
        "overdue",
        f"specialist:{users['chuyenvien2'].pk}",
        "summary",
    ]
    summaries = told("reminder_summary")
    assert [who for who, _text in summaries] == ["chuyenvien2", "tinh"]
    assert "1 đơn vị chưa đạt: Huyện Bình" in summaries[1][1]
    assert run("--today", "2022-02-01") == "sent=0 skipped=3"


def test_days_before_are_set_per_target(story):
    Target.objects.filter(deadline=dt.date(2022, 1, 31)).update(remind_days="3")
    assert run("--today", "2022-01-24") == "sent=0 skipped=0"
    assert run("--today", "2022-01-28") == "sent=2 skipped=0"
