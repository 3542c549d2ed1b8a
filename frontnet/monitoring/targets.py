"""Judging targets and ranking units: pure functions over numbers already counted.

A target is judged on the units it covers that exist on the as-of date, with their figures
taken on the deadline once it has passed (what counts is what was done in time) and on the
as-of date before it. Progress is judged against a straight line from the start date to the
deadline.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _


class Status:
    MET = "met"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    MISSED = "missed"
    NO_UNITS = "no_units"


STATUS_LABELS = {
    Status.MET: _("Đạt"),
    Status.ON_TRACK: _("Đúng tiến độ"),
    Status.AT_RISK: _("Có nguy cơ không đạt"),
    Status.MISSED: _("Không đạt"),
    Status.NO_UNITS: _("Không có đơn vị áp dụng"),
}
STATUS_GRADES = {
    Status.MET: "ok",
    Status.ON_TRACK: "ok",
    Status.AT_RISK: "warn",
    Status.MISSED: "bad",
    Status.NO_UNITS: "",
}


@dataclass
class UnitCheck:
    """One covered unit: does it meet the measure on the judging date, and if not, why."""

    unit_id: int
    name: str
    meets: bool
    value: float | None = None  # the unit's share, for cadre measures
    reason: str = ""
    state: str = ""  # the own page's state, for page measures
    parent: str = ""  # the parent's name: two communes of the same name are told apart


@dataclass
class TargetResult:
    status: str
    units: int
    met: int
    value: float | None  # share of covered units that meet the measure
    threshold: float  # 0–1
    expected: float  # where a straight line from start to deadline says we should be
    days_left: int  # negative once the deadline has passed
    judged_on: dt.date
    missing: list[UnitCheck] = field(default_factory=list)

    @property
    def label(self):
        return STATUS_LABELS[self.status]

    @property
    def grade(self) -> str:
        return STATUS_GRADES[self.status]

    @property
    def days_overdue(self) -> int:
        return -self.days_left

    @property
    def value_percent(self) -> int:
        return round((self.value or 0) * 100)

    @property
    def threshold_percent(self) -> int:
        return round(self.threshold * 100)

    @property
    def expected_percent(self) -> int:
        return round(self.expected * 100)


def judging_date(as_of: dt.date, deadline: dt.date) -> dt.date:
    return min(as_of, deadline)


def evaluate(
    *,
    checks: list[UnitCheck],
    threshold_pct: int,
    start: dt.date,
    deadline: dt.date,
    as_of: dt.date,
) -> TargetResult:
    threshold = threshold_pct / 100
    met = sum(1 for c in checks if c.meets)
    value = met / len(checks) if checks else None
    span = (deadline - start).days
    progress = 1.0 if span <= 0 else min(max((as_of - start).days / span, 0.0), 1.0)
    expected = threshold * progress
    if not checks:
        status = Status.NO_UNITS
    elif value >= threshold:
        status = Status.MET
    elif as_of > deadline:
        status = Status.MISSED
    elif value >= expected:
        status = Status.ON_TRACK
    else:
        status = Status.AT_RISK
    return TargetResult(
        status=status,
        units=len(checks),
        met=met,
        value=value,
        threshold=threshold,
        expected=expected,
        days_left=(deadline - as_of).days,
        judged_on=judging_date(as_of, deadline),
        missing=sorted((c for c in checks if not c.meets), key=lambda c: c.name),
    )


# --- Doing well, lagging ----------------------------------------------------------------


@dataclass
class Standing:
    unit_id: int
    name: str
    score: float | None
    reasons: list[str]

    @property
    def score_percent(self) -> int:
        return round((self.score or 0) * 100)


def standing(
    *, unit_id: int, name: str, shares: dict[str, float | None], bars: dict[str, float], labels
) -> Standing:
    """A unit's score is the mean of its shares (each 0–1; a unit with no cadres scores 0 on
    cadre shares). It lags on every share under its bar (the target's threshold, or ½)."""
    values = [v or 0.0 for v in shares.values()]
    score = sum(values) / len(values) if values else None
    reasons = []
    for key, value in shares.items():
        bar = bars.get(key, 0.5)
        if (value or 0.0) < bar:
            reasons.append(
                _("%(measure)s: %(value)s (cần %(bar)s)")
                % {
                    "measure": labels[key],
                    "value": "—" if value is None else f"{value:.0%}",
                    "bar": f"{bar:.0%}",
                }
            )
    return Standing(unit_id=unit_id, name=name, score=score, reasons=reasons)


def doing_well_and_lagging(
    standings: list[Standing], size: int = 3
) -> tuple[list[Standing], list[Standing]]:
    """The best units with nothing to fix, and the worst units with something to fix; a unit
    is never in both lists."""
    ranked = sorted((s for s in standings if s.score is not None), key=lambda s: (-s.score, s.name))
    good = [s for s in ranked if not s.reasons][:size]
    bad = [s for s in reversed(ranked) if s.reasons and s not in good][:size]
    return good, bad
