"""How a measured value becomes points, how points rank, how months make a year.
Pure functions: no database, exact arithmetic (shares are kept as fractions of counts).

Points are rounded half up to two decimals per criterion, and a unit's total is the sum of
its rounded criterion points, so the breakdown a unit sees always adds up to its total.

Ties ("1224", standard competition ranking): units with equal totals (to two decimals)
share a rank, and the next rank skips as many places as units shared the previous one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

CENT = Decimal("0.01")


class RuleKind:
    LINEAR = "linear"  # from 0 at the floor to full points at the target
    BY_DEADLINE = "deadline"  # full points when the target is met by the deadline, else 0
    LATE_PENALTY = "late"  # full points when done by the deadline, less a penalty per month late


class YearMethod:
    MEAN = "mean"  # mean of the months the unit was scored in
    SUM = "sum"
    LAST = "last"  # the last month the unit was scored in


@dataclass(frozen=True)
class Rule:
    kind: str
    weight: Decimal  # full points
    floor: Decimal = Decimal(0)  # percent
    target: Decimal = Decimal(100)  # percent
    deadline: dt.date | None = None
    penalty: Decimal = Decimal(0)  # points per month late


@dataclass(frozen=True)
class Value:
    """A share `part/whole` (a yes/no measure is 1/1 or 0/1); `whole == 0` means nothing to
    measure (no cadres yet). `done_on` is when a dated measure was first done."""

    part: int
    whole: int
    done_on: dt.date | None = None

    @property
    def share(self) -> Fraction | None:
        return Fraction(self.part, self.whole) if self.whole else None


def to_points(amount: Fraction | Decimal | int) -> Decimal:
    if isinstance(amount, Fraction):
        amount = Decimal(amount.numerator) / Decimal(amount.denominator)
    return Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP)


def months_late(done_on: dt.date, deadline: dt.date) -> int:
    """Calendar months from the deadline's month to the month it was done, at least 1."""
    return max(1, (done_on.year - deadline.year) * 12 + done_on.month - deadline.month)


def meets(value: Value, target: Decimal) -> bool:
    share = value.share
    return share is not None and share * 100 >= Fraction(target)


def score(rule: Rule, value: Value) -> Decimal:
    """The points `value` earns under `rule` (0 … rule.weight)."""
    weight = Fraction(rule.weight)
    share = value.share
    if rule.kind == RuleKind.LINEAR:
        if share is None:
            return to_points(0)
        floor, target = Fraction(rule.floor) / 100, Fraction(rule.target) / 100
        if target <= floor:
            fraction = Fraction(1 if share >= target else 0)
        else:
            fraction = min(max((share - floor) / (target - floor), Fraction(0)), Fraction(1))
        return to_points(weight * fraction)
    if rule.kind == RuleKind.BY_DEADLINE:
        # The caller measures the value on the deadline once it has passed.
        return to_points(weight if meets(value, rule.target) else 0)
    if rule.kind == RuleKind.LATE_PENALTY:
        if not meets(value, rule.target):
            return to_points(0)
        if rule.deadline is None or value.done_on is None or value.done_on <= rule.deadline:
            return to_points(weight)
        late = months_late(value.done_on, rule.deadline)
        return to_points(max(weight - Fraction(rule.penalty) * late, Fraction(0)))
    raise ValueError(f"unknown rule kind {rule.kind!r}")


def competition_ranks(points: Iterable[tuple[Hashable, Decimal]]) -> dict[Hashable, int]:
    """Rank 1 for the most points; equal points share a rank and the next rank skips
    ("1224")."""
    ordered = sorted(points, key=lambda item: item[1], reverse=True)
    ranks: dict[Hashable, int] = {}
    previous = None
    for place, (key, value) in enumerate(ordered, start=1):
        value = to_points(value)
        if value != previous:
            rank, previous = place, value
        ranks[key] = rank
    return ranks


def combine_months(method: str, months: list[Decimal]) -> Decimal:
    """A year's points from the points of the months a unit was scored in (in month order).
    A unit created mid-year is judged on the months it existed."""
    if not months:
        return to_points(0)
    if method == YearMethod.MEAN:
        return to_points(Fraction(sum(months, Decimal(0))) / len(months))
    if method == YearMethod.SUM:
        return to_points(sum(months, Decimal(0)))
    if method == YearMethod.LAST:
        return to_points(months[-1])
    raise ValueError(f"unknown year method {method!r}")
