"""Who hears that scores were published: the active staff of each ranked unit, each about
their own unit; never viewers, nor units that were not ranked."""

import datetime as dt

import pytest
from django.utils import translation

from frontnet.accounts.models import Role, User
from frontnet.notifications.models import Notification
from frontnet.scoring.services import period_publish, scores_compute

pytestmark = pytest.mark.django_db


def test_each_ranked_units_staff_hear_their_own_score(story, tree, users):
    User.objects.create_user(
        username="xa_cu", role=Role.UNIT_STAFF, unit=tree["commune_a1"], is_active=False
    )
    period = scores_compute(
        province=tree["province"], kind="month", start=dt.date(2022, 1, 1), by=None
    )
    assert not Notification.objects.filter(kind="scores_published").exists()  # computed only

    period_publish(period=period, by=users["tinh"])
    told = Notification.objects.filter(kind="scores_published").select_related("recipient")
    by_user = {n.recipient.username: n for n in told}
    ranked = {s.unit_id for s in period.scores.all()}
    # Only the two staff accounts of ranked units: not the viewer of huyện An, not the
    # deactivated account, not the province office (the province itself is not ranked).
    assert tree["province"].pk not in ranked
    assert set(by_user) == {"huyen", "xa"}
    for username, unit in (("huyen", tree["district_a"]), ("xa", tree["commune_a1"])):
        notice = by_user[username]
        score = period.scores.get(unit=unit)
        assert notice.unit_id == unit.pk
        with translation.override("vi"):
            assert notice.text == (
                f"Đã công bố kết quả thi đua {period.label}: {unit.name} đạt {score.points} "
                f"điểm, xếp thứ {score.rank_in_level}."
            )
