"""The scoring engine: measuring every unit of a province for a period and computing its
score lines, unsaved. It reads (the rollup, the criteria, the month scores a year is made
of) and never writes; `services.scores_compute` stores what it makes.

A month is scored from the data as of its last day (today for the running month), read
through monitoring's rollup: every unit of a level some criterion applies to is measured as a
child of its parent.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.utils.translation import gettext_noop

from frontnet.monitoring.selectors import Row, rollup, valid_q
from frontnet.units.models import Unit

from . import rules, texts
from .criterion_selectors import criteria_for
from .measures import describe_rule, describe_value, measure_value
from .models import Criterion, Period, Score, ScoreLine


def _line(*, rule: list, value: list, **fields) -> ScoreLine:
    """A line keeping its rule and value as pieces, and whole in Vietnamese for the reports."""
    return ScoreLine(
        rule_text=texts.render_vi(rule)[:300],
        value_text=texts.render_vi(value)[:300],
        texts={"rule": rule, "value": value},
        **fields,
    )


def rank(scores: list[Score]) -> None:
    by_level, by_parent = defaultdict(list), defaultdict(list)
    for s in scores:
        by_level[s.level_id].append(s)
        by_parent[(s.level_id, s.parent_id)].append(s)
    for groups, rank_field, count_field in (
        (by_level, "rank_in_level", "level_count"),
        (by_parent, "rank_in_parent", "parent_count"),
    ):
        for group in groups.values():
            ranks = rules.competition_ranks((id(s), s.points) for s in group)
            for s in group:
                setattr(s, rank_field, ranks[id(s)])
                setattr(s, count_field, len(group))


def month_scores(province: Unit, start: dt.date, as_of: dt.date):
    """The unsaved scores of every unit for one month, with their lines."""
    criteria = criteria_for(province)
    level_ids = {lv.pk for c in criteria for lv in c.levels.all()}
    units = (
        Unit.objects.filter(path__startswith=province.path, level_id__in=level_ids)
        .exclude(parent__isnull=True)
        .filter(valid_q(as_of))
        .select_related("level", "parent")
        .order_by("path")
    )
    rollups: dict[tuple[int, dt.date], dict[int, Row]] = {}

    def row_of(unit: Unit, day: dt.date) -> Row | None:
        key = (unit.parent_id, day)
        if key not in rollups:
            data = rollup(unit.parent, day, with_targets=False)
            rollups[key] = {r.unit.pk: r for r in data.rows}
        return rollups[key].get(unit.pk)

    made = []
    for unit in units:
        lines = []
        for order, c in enumerate(c for c in criteria if unit.level in c.levels.all()):
            day, deadline = as_of, c.deadline
            created_late = deadline and unit.valid_from and unit.valid_from > deadline
            if (
                c.rule == rules.RuleKind.BY_DEADLINE
                and deadline
                and deadline < as_of
                and not created_late
            ):
                day = deadline  # what counts is what was done in time
            if created_late:
                deadline = None  # a unit created after the deadline was not due by it
            row = row_of(unit, day)
            value = measure_value(c.measure, row, day)
            rule = rules.Rule(c.rule, c.weight, c.floor, c.target, deadline, c.penalty)
            lines.append(
                _line(
                    criterion=c,
                    order=order,
                    name=c.name,
                    rule=describe_rule(c),
                    value=describe_value(c, value, row, day),
                    points=rules.score(rule, value),
                    max_points=rules.to_points(c.weight),
                )
            )
        if not lines:
            continue
        score = Score(
            unit=unit,
            unit_name=unit.name,
            level=unit.level,
            parent=unit.parent,
            points=sum((line.points for line in lines), Decimal(0)),
            max_points=sum((line.max_points for line in lines), Decimal(0)),
        )
        made.append((score, lines))
    return made


def year_scores(months: list[Period], method: str):
    """Each unit's year from its month scores: per criterion, the year method over the months
    the unit was scored in (a criterion missing in one of them counts 0 there)."""
    per_unit: dict[int, list[Score]] = defaultdict(list)
    scores = (
        Score.objects.filter(period__in=months)
        .select_related("period", "level", "parent")
        .prefetch_related("lines")
        .order_by("period__start")
    )
    for s in scores:
        per_unit[s.unit_id].append(s)
    label = {
        rules.YearMethod.MEAN: gettext_noop("Trung bình %(n)s tháng"),
        rules.YearMethod.SUM: gettext_noop("Tổng %(n)s tháng"),
        rules.YearMethod.LAST: gettext_noop("Kết quả tháng cuối (%(n)s tháng)"),
    }[method]
    made = []
    for unit_months in per_unit.values():
        keys: dict[str, tuple[int, Criterion | None, str]] = {}
        for s in unit_months:
            for line in s.lines.all():
                key = str(line.criterion_id or line.name)
                keys.setdefault(key, (line.order, line.criterion_id, line.name))
        lines = []
        for key, (order, criterion_id, name) in sorted(keys.items(), key=lambda kv: kv[1][0]):
            month_points, month_max, parts = [], [], []
            for s in unit_months:
                line = next(
                    (ln for ln in s.lines.all() if str(ln.criterion_id or ln.name) == key), None
                )
                month_points.append(line.points if line else Decimal(0))
                month_max.append(line.max_points if line else Decimal(0))
                if parts:
                    parts.append("; ")
                parts.append(
                    texts.piece(
                        gettext_noop("T%(month)s: %(points)s"),
                        month=s.period.start.month,
                        points=texts.number(month_points[-1]),
                    )
                )
            lines.append(
                _line(
                    criterion_id=criterion_id,
                    order=order,
                    name=name,
                    rule=[texts.piece(label, n=len(unit_months))],
                    value=parts,
                    points=rules.combine_months(method, month_points),
                    max_points=rules.combine_months(method, month_max),
                )
            )
        last = unit_months[-1]
        score = Score(
            unit_id=last.unit_id,
            unit_name=last.unit_name,
            level=last.level,
            parent=last.parent,
            points=sum((line.points for line in lines), Decimal(0)),
            max_points=sum((line.max_points for line in lines), Decimal(0)),
            months=len(unit_months),
        )
        made.append((score, lines))
    return made
