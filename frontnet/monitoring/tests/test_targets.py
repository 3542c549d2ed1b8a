"""Judging a target: pure, dates and counts given."""

import datetime as dt

from frontnet.monitoring.measures import grade
from frontnet.monitoring.targets import (
    Standing,
    Status,
    UnitCheck,
    doing_well_and_lagging,
    evaluate,
)

START, DEADLINE = dt.date(2022, 1, 1), dt.date(2022, 3, 31)  # 89 days


def checks(met: int, missing: int) -> list[UnitCheck]:
    return [UnitCheck(i, f"u{i}", True) for i in range(met)] + [
        UnitCheck(100 + i, f"v{i}", False, reason="chưa có trang") for i in range(missing)
    ]


def judge(met, missing, as_of, threshold=50):
    return evaluate(
        checks=checks(met, missing),
        threshold_pct=threshold,
        start=START,
        deadline=DEADLINE,
        as_of=as_of,
    )


def test_met_as_soon_as_the_threshold_is_reached():
    result = judge(5, 5, dt.date(2022, 2, 1))
    assert result.status == Status.MET
    assert result.days_left == 58


def test_on_track_when_ahead_of_the_straight_line():
    # 31 of 89 days gone: the line asks 50% × 31/89 ≈ 17%; 2 of 10 is 20%
    assert judge(2, 8, dt.date(2022, 2, 1)).status == Status.ON_TRACK


def test_at_risk_when_behind_the_straight_line():
    assert judge(1, 9, dt.date(2022, 2, 1)).status == Status.AT_RISK


def test_missed_once_the_deadline_has_passed_short_of_the_threshold():
    result = judge(4, 6, dt.date(2022, 4, 5))
    assert result.status == Status.MISSED
    assert result.days_left == -5 and result.days_overdue == 5
    assert [c.name for c in result.missing] == ["v0", "v1", "v2", "v3", "v4", "v5"]


def test_a_target_with_no_units_is_not_judged():
    assert judge(0, 0, dt.date(2022, 2, 1)).status == Status.NO_UNITS


def test_on_the_deadline_day_a_hundred_percent_target_needs_every_unit():
    assert judge(9, 1, DEADLINE, threshold=100).status == Status.AT_RISK
    assert judge(10, 0, DEADLINE, threshold=100).status == Status.MET


def test_grade_colours_a_share_against_its_bar():
    assert grade(0.5, 0.5) == "ok"
    assert grade(0.4, 0.5) == "warn"
    assert grade(0.3, 0.5) == "bad"
    assert grade(None, 0.5) == "bad"


def test_a_unit_is_never_both_doing_well_and_lagging():
    standings = [
        Standing(1, "A", 0.9, []),
        Standing(2, "B", 0.8, []),
        Standing(3, "C", 0.2, ["trang"]),
        Standing(4, "D", 0.5, ["dữ liệu"]),
    ]
    good, bad = doing_well_and_lagging(standings, size=3)
    assert [s.name for s in good] == ["A", "B"]
    assert [s.name for s in bad] == ["C", "D"]
