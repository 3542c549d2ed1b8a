"""The pure scoring rules: examples worked by hand, then properties over any input."""

import datetime as dt
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from frontnet.scoring.rules import (
    Rule,
    RuleKind,
    Value,
    YearMethod,
    combine_months,
    competition_ranks,
    months_late,
    score,
)

DEADLINE = dt.date(2022, 1, 31)
LINEAR = Rule(RuleKind.LINEAR, Decimal(25), Decimal(50), Decimal(100))


def test_linear_between_floor_and_target():
    assert score(LINEAR, Value(1, 2)) == 0  # at the floor
    assert score(LINEAR, Value(3, 4)) == Decimal("12.50")  # halfway
    assert score(LINEAR, Value(2, 3)) == Decimal("8.33")  # 25 × 1/3
    assert score(LINEAR, Value(1, 1)) == 25
    assert score(LINEAR, Value(0, 0)) == 0  # no cadres: nothing earned


def test_by_deadline_is_all_or_nothing():
    rule = Rule(RuleKind.BY_DEADLINE, Decimal(15), target=Decimal(100), deadline=DEADLINE)
    assert score(rule, Value(1, 1)) == 15
    assert score(rule, Value(9, 10)) == 0


def test_late_penalty_per_calendar_month():
    rule = Rule(RuleKind.LATE_PENALTY, Decimal(15), deadline=DEADLINE, penalty=Decimal(5))
    assert score(rule, Value(1, 1, dt.date(2022, 1, 31))) == 15
    assert score(rule, Value(1, 1, dt.date(2022, 2, 1))) == 10
    assert score(rule, Value(1, 1, dt.date(2022, 3, 31))) == 5
    assert score(rule, Value(1, 1, dt.date(2022, 6, 1))) == 0  # never below zero
    assert score(rule, Value(0, 1)) == 0  # not reported
    assert months_late(dt.date(2023, 1, 2), DEADLINE) == 12


def test_competition_ranking_1224():
    ranks = competition_ranks(
        [("a", Decimal(90)), ("b", Decimal("80.00")), ("c", Decimal(80)), ("d", Decimal(70))]
    )
    assert ranks == {"a": 1, "b": 2, "c": 2, "d": 4}


def test_year_methods():
    months = [Decimal(0), Decimal(30), Decimal(30)]
    assert combine_months(YearMethod.MEAN, months) == 20
    assert combine_months(YearMethod.SUM, months) == 60
    assert combine_months(YearMethod.LAST, months) == 30
    assert combine_months(YearMethod.MEAN, []) == 0


shares = st.integers(0, 200).flatmap(lambda whole: st.tuples(st.integers(0, whole), st.just(whole)))
percents = st.integers(0, 100).map(Decimal)


@given(shares, shares, percents, percents, st.integers(0, 100).map(Decimal))
def test_linear_stays_in_bounds_and_never_falls_as_the_share_rises(a, b, p, q, weight):
    floor, target = min(p, q), max(p, q)
    rule = Rule(RuleKind.LINEAR, weight, floor, target)
    low, high = sorted([Value(*a), Value(*b)], key=lambda v: v.share or 0)
    assert 0 <= score(rule, low) <= weight
    if low.whole and high.whole:
        assert score(rule, low) <= score(rule, high)


@given(st.lists(st.integers(0, 10_000).map(lambda n: Decimal(n) / 100), max_size=30))
def test_rank_is_one_plus_the_number_of_units_strictly_ahead(points):
    ranks = competition_ranks(list(enumerate(points)))
    for key, value in enumerate(points):
        assert ranks[key] == 1 + sum(1 for other in points if other > value)
