"""Reads of scores, always through scope: a unit sees its own score and breakdown, and the
ranking of the units it may see. Unpublished periods are seen only by who computes them."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet

from frontnet.units.access import province_of, scope_q, user_manages_province
from frontnet.units.models import Level, Unit

from .models import Period, Score, ScoreLine
from .periods import period_parse


def periods_visible(user, province: Unit) -> QuerySet[Period]:
    qs = Period.objects.filter(province=province, computed_at__isnull=False)
    return qs if user_manages_province(user=user, province=province) else qs.filter(published=True)


def period_visible(user, province: Unit, key: str | None) -> Period | None:
    """The period named by `key` ("2022-01", "2022"), or the latest one the user may see."""
    qs = periods_visible(user, province)
    if not key:
        return qs.filter(kind="month").order_by("-start").first() or qs.first()
    try:
        kind, start = period_parse(key)
    except ValidationError:
        return None
    return qs.filter(kind=kind, start=start).first()


def _with_lines(qs):
    return qs.select_related("level", "parent", "unit").prefetch_related(
        Prefetch("lines", queryset=ScoreLine.objects.order_by("order", "id"))
    )


@dataclass
class Board:
    """A unit's score for a period and the ranking below it that the user may see."""

    unit: Unit
    province: Unit
    period: Period
    own: Score | None
    groups: list[tuple[Level, list[Score]]] = field(default_factory=list)

    @property
    def scores(self) -> list[Score]:
        return [s for _level, scores in self.groups for s in scores]

    @property
    def first_group(self) -> list[Score]:
        return self.groups[0][1] if self.groups else []


def scoreboard(user, unit: Unit, period: Period) -> Board:
    """`unit` must come from a scoped selector; the ranking is also cut to the user's scope."""
    scores = _with_lines(
        Score.objects.filter(period=period, unit__path__startswith=unit.path).filter(
            scope_q(user=user, prefix="unit__")
        )
    ).order_by("level__rank", "rank_in_level", "unit_name")
    own, groups = None, {}
    for s in scores:
        if s.unit_id == unit.pk:
            own = s
            continue
        groups.setdefault(s.level_id, (s.level, []))[1].append(s)
    return Board(
        unit=unit,
        province=province_of(unit=unit),
        period=period,
        own=own,
        groups=list(groups.values()),
    )
