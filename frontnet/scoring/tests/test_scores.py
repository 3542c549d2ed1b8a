"""Scores and ranks of the story in conftest.py, worked out by hand.

Accounts: 40 × (share − ½) / ½ between 50% and 100%. On time: 20, less 5 per month late.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from frontnet.audit.models import AuditEntry
from frontnet.cadres.models import SocialAccount
from frontnet.cadres.services import social_account_add
from frontnet.scoring.models import Period, Score
from frontnet.scoring.services import period_publish, period_unpublish, scores_compute

pytestmark = pytest.mark.django_db

JAN, FEB, YEAR = dt.date(2022, 1, 1), dt.date(2022, 2, 1), dt.date(2022, 1, 1)


def compute(tree, start, kind="month", by=None):
    return scores_compute(province=tree["province"], kind=kind, start=start, by=by)


def scores(period) -> dict[str, Score]:
    return {s.unit_name: s for s in period.scores.prefetch_related("lines")}


def points(period) -> dict[str, Decimal]:
    return {name: s.points for name, s in scores(period).items()}


def test_january_scores_and_breakdown(story, tree):
    period = compute(tree, JAN)
    assert period.as_of == dt.date(2022, 1, 31)
    # huyện An: 5 of 6 cadres with an account → 40 × (5/6 − 1/2) / (1/2) = 80/3 = 26.67;
    # page reported 20/01, on time → 20.
    district_a = Decimal("26.67") + 20
    # huyện Bình: 1 of 2 → 0; page not reported yet → 0.
    # xã An Một: 3 of 4 (with thôn 1) → 40 × 1/2 = 20; page 25/01 → 20.
    # xã An Hai: 1 of 1 → 40; no page. xã Bình Một: 0 of 1, no page.
    # xã Bình Hai does not exist yet (15/02/2022).
    assert points(period) == {
        "Huyện An": district_a,
        "Huyện Bình": Decimal(0),
        "Xã An Một": Decimal(40),
        "Xã An Hai": Decimal(40),
        "Xã Bình Một": Decimal(0),
    }
    a1 = scores(period)["Xã An Một"]
    assert [(line.name, line.points, line.max_points) for line in a1.lines.all()] == [
        ("Cán bộ có tài khoản", Decimal(20), Decimal(40)),
        ("Báo cáo trang đúng hạn", Decimal(20), Decimal(20)),
    ]
    assert "75% (3/4 cán bộ)" in a1.lines.all()[0].value_text
    assert a1.max_points == 60


def test_tie_shares_a_rank_and_the_next_rank_skips(story, tree):
    january = scores(compute(tree, JAN))
    ranks = {name: (s.rank_in_level, s.level_count) for name, s in january.items()}
    # Districts: 46.67 > 0. Communes: 40 = 40 > 0 → 1, 1, 3.
    assert ranks == {
        "Huyện An": (1, 2),
        "Huyện Bình": (2, 2),
        "Xã An Một": (1, 3),
        "Xã An Hai": (1, 3),
        "Xã Bình Một": (3, 3),
    }
    assert january["Xã Bình Một"].rank_in_parent == 1  # alone in huyện Bình
    february = scores(compute(tree, FEB))
    # xã Bình Hai 60 > 40 = 40 > 0 → "1224"
    communes = {n: s.rank_in_level for n, s in february.items() if s.level.key == "commune"}
    assert communes == {"Xã Bình Hai": 1, "Xã An Một": 2, "Xã An Hai": 2, "Xã Bình Một": 4}
    assert (february["Xã Bình Một"].rank_in_parent, february["Xã Bình Một"].parent_count) == (2, 2)


def test_late_page_report_loses_points_per_month_and_new_unit_counts_from_creation(story, tree):
    february = scores(compute(tree, FEB))
    district_b = february["Huyện Bình"]
    # 2 of 3 cadres (xã Bình Hai's from 16/02) → 40 × (2/3 − 1/2) / (1/2) = 40/3 = 13.33;
    # page reported 05/02, one month after the 31/01 deadline → 20 − 5 = 15.
    assert [line.points for line in district_b.lines.all()] == [Decimal("13.33"), Decimal(15)]
    assert district_b.points == Decimal("28.33")
    assert "chậm 1 tháng" in district_b.lines.all()[1].value_text
    # xã Bình Hai, created 15/02 after the deadline: reported 20/02 is not late → 40 + 20.
    assert february["Xã Bình Hai"].points == 60


def test_recomputing_a_month_gives_the_same_result(story, tree):
    first = points(compute(tree, JAN))
    second = compute(tree, JAN)
    assert points(second) == first
    assert Score.objects.filter(period=second).count() == 5
    assert Period.objects.filter(kind="month", start=JAN).count() == 1


def test_year_is_the_mean_of_the_months_each_unit_was_scored_in(story, tree):
    year = scores(compute(tree, YEAR, "year"))
    # Data is the same from February to December.
    # huyện Bình: accounts (0 + 11 × 13.33) / 12 = 146.63 / 12 = 12.22;
    # on time (0 + 11 × 15) / 12 = 13.75.
    assert [line.points for line in year["Huyện Bình"].lines.all()] == [
        Decimal("12.22"),
        Decimal("13.75"),
    ]
    assert year["Huyện Bình"].points == Decimal("25.97")
    assert year["Huyện An"].points == Decimal("46.67")
    # xã Bình Hai existed 11 months, 60 each: judged on those months, not twelve.
    assert (year["Xã Bình Hai"].points, year["Xã Bình Hai"].months) == (60, 11)
    assert year["Huyện An"].months == 12
    communes = {n: s.rank_in_level for n, s in year.items() if s.level.key == "commune"}
    assert communes == {"Xã Bình Hai": 1, "Xã An Một": 2, "Xã An Hai": 2, "Xã Bình Một": 4}
    assert Period.objects.filter(kind="month", published=False).count() == 12


def test_published_month_stays_frozen_after_the_data_changes(story, tree, users):
    january = compute(tree, JAN)
    period_publish(period=january, by=users["tinh"])
    # xã Bình Một's cadre turns out to have had an account since 10/01/2022.
    cadre = story["b1_cadre"]
    account = social_account_add(
        cadre=cadre, platform=story["platform"]["zalo"], link="zalo.me/0912345008", by=None
    )
    SocialAccount.objects.filter(pk=account.pk).update(
        created_at=account.created_at.replace(year=2022, month=1, day=10)
    )
    with pytest.raises(ValidationError):
        compute(tree, JAN)
    assert points(january)["Xã Bình Một"] == 0
    # The year reads the frozen January: 0 then 11 months of 40 → 440 / 12 = 36.67.
    year = scores(compute(tree, YEAR, "year"))
    assert year["Xã Bình Một"].points == Decimal("36.67")

    with pytest.raises(ValidationError):
        period_unpublish(period=january, by=users["tinh"], reason="  ")
    period_unpublish(period=january, by=users["tinh"], reason="Huyện Bình bổ sung số liệu")
    entry = AuditEntry.objects.filter(action="unpublish").get()
    assert (entry.note, entry.actor, entry.unit_id) == (
        "Huyện Bình bổ sung số liệu",
        users["tinh"],
        tree["province"].pk,
    )
    assert points(compute(tree, JAN))["Xã Bình Một"] == 40  # 1 of 1 now


def test_demo_step_publishes_three_months_and_can_run_again(story, tree, users):
    from frontnet.demo.scoring import demo_scoring

    first = demo_scoring(province=tree["province"])
    assert [(p.key, p.published) for p in first] == [
        ("2022-01", True),
        ("2022-02", True),
        ("2022-03", True),
    ]
    again = demo_scoring(province=tree["province"])
    assert [p.pk for p in again] == [p.pk for p in first]
    assert AuditEntry.objects.filter(action="publish").count() == 3
