"""A reminder says what is missing in words, in the reader's language."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import translation

from frontnet.monitoring.models import Target
from frontnet.notifications.models import Notification

pytestmark = pytest.mark.django_db


def remind_communes(measure, name, levels, tree):
    """A commune target due 31/01/2022 (every cadre, every commune), reminded 7 days before,
    and the reminders of 24/01/2022 sent."""
    target = Target.objects.create(
        name=name,
        measure=measure,
        level=levels["commune"],
        root=tree["province"],
        threshold=100,
        unit_threshold=100,
        start=dt.date(2022, 1, 1),
        deadline=dt.date(2022, 1, 31),
        remind_days="7",
    )
    call_command("send_reminders", "--today", "2022-01-24", stdout=io.StringIO())
    return target


def reminders_of(username, target):
    return [
        n
        for n in Notification.objects.filter(recipient__username=username, kind="reminder_due")
        if n.args["target"] == target.name
    ]


def test_a_data_target_names_the_cadres_missing_each_field(story, users, levels, tree):
    # xã An Một's subtree: Trần Thị Hai (no birth year, no phone) and, in thôn 1, Lê Văn Ba.
    target = remind_communes("data_complete", "Dữ liệu cán bộ xã đầy đủ", levels, tree)
    [notice] = reminders_of("xa", target)
    with translation.override("vi"):
        assert notice.text == (
            "Còn 7 ngày đến hạn 31/01/2022 của chỉ tiêu “Dữ liệu cán bộ xã đầy đủ”: Xã An Một "
            "chưa đạt (1 cán bộ chưa có năm sinh, 1 cán bộ chưa có số điện thoại, cần đạt 100% "
            "số cán bộ)."
        )
    with translation.override("en"):
        assert (
            "(1 cadre(s) without a birth year, 1 cadre(s) without a phone number, " in notice.text
        )
        assert "100% of the cadres needed)" in notice.text
    # The summary to huyện An names its commune with no cadres yet (xã An Hai has no account).
    [summary] = Notification.objects.filter(kind="reminder_summary", recipient__username="huyen")
    with translation.override("vi"):
        assert "Xã An Hai (chưa nhập cán bộ nào) — chưa có tài khoản" in summary.text


def test_an_account_target_counts_the_cadres_without_one(story, users, levels, tree):
    target = remind_communes("has_account", "Cán bộ xã có tài khoản", levels, tree)
    [notice] = reminders_of("xa", target)
    with translation.override("vi"):
        assert "Xã An Một chưa đạt (1/2 cán bộ chưa có tài khoản mạng xã hội, " in notice.text
