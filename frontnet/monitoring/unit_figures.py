"""Each unit's own cadre figures as of a day, kept in `UnitFigures` so that a rollup over a
province of 200,000 cadres sums one row per unit instead of counting every cadre again.

Only the units whose row is missing or stale are counted (in one grouped query) and their
rows written; a row is stale when an audit entry of its unit is newer than the row's mark
(every change to a cadre, an account, a follow or a unit writes one), or when the measures
or the province's active channels changed (`key`). Days after today, and provinces with more
active channels than the table has slots, are counted live and never stored.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Exists, Max, Min, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Substr
from django.utils import timezone

from frontnet.audit.models import AuditEntry
from frontnet.cadres.models import Cadre, OfficialChannel
from frontnet.units.models import Unit

from .counting import cadre_aggregates, cadres_on, end_of, figures_of, in_subtree
from .measures import CADRE_COUNTS, Figures
from .models import Target, UnitFigures

# Bump when what a measure counts changes, so that stored rows are counted again.
MEASURES_VERSION = "1"
SLOTS = [f"follows_{i}" for i in range(1, UnitFigures.SLOTS + 1)]
# Up to this many units to count, name them by id; more, select them by their subtree.
BY_LIST = 500
WRITE_BATCH = 500
ANALYZE_AFTER = 2000  # rows written at once
STAMP = "%Y-%m-%dT%H:%M:%S.%f"


@dataclass
class Group:
    """The own figures of the units under one path prefix, added up, and their last change."""

    figures: Figures = field(default_factory=Figures)
    last_change_at: dt.datetime | None = None
    last_change_by: str = ""


def figures_key(channel_ids: list[int]) -> str:
    return MEASURES_VERSION + ":" + ",".join(str(pk) for pk in channel_ids)


def stamp(at: dt.datetime | None, by: str) -> str:
    if at is None:
        return ""
    return at.astimezone(dt.UTC).strftime(STAMP) + "|" + (by or "")


def unstamp(text: str | None) -> tuple[dt.datetime | None, str]:
    if not text:
        return None, ""
    at, _sep, by = text.partition("|")
    return dt.datetime.strptime(at, STAMP).replace(tzinfo=dt.UTC), by


class FiguresBook:
    """The cadre figures of one subtree, as of any day, from the units' stored own figures."""

    def __init__(self, within: Unit, channels: list[OfficialChannel]):
        self.within = within
        self.channel_ids = sorted(c.pk for c in channels)
        self.key = figures_key(self.channel_ids)
        self.ready: set[dt.date] = set()

    def storable(self, day: dt.date) -> bool:
        # The future can still change by itself (people's end dates): count, never store.
        return day <= timezone.localdate() and len(self.channel_ids) <= len(SLOTS)

    def by_prefix(self, day: dt.date, prefix_len: int) -> dict[str, Group]:
        """The subtree's figures as of `day`, added up by the first `prefix_len` characters
        of each unit's path: with a child's path length, each child's whole subtree (and
        the parent's own cadres under its own, shorter, path)."""
        if not self.storable(day):
            return self._live(day, prefix_len)
        self.store(day)
        return self._grouped(day, prefix_len)

    def store(self, day: dt.date) -> None:
        """Count and store the units of the subtree with no fresh row for `day` (once per book
        and day; nothing when the day cannot be stored)."""
        if self.storable(day) and day not in self.ready:
            self._refresh(day)
            self.ready.add(day)

    # --- Reading the stored rows -------------------------------------------------------

    def _fresh(self, day: dt.date):
        newer = AuditEntry.objects.filter(unit=OuterRef("unit"), pk__gt=OuterRef("audit_mark"))
        return UnitFigures.objects.filter(day=day, key=self.key).exclude(Exists(newer))

    def _grouped(self, day: dt.date, prefix_len: int) -> dict[str, Group]:
        slots = SLOTS[: len(self.channel_ids)]
        rows = (
            self._fresh(day)
            .filter(in_subtree(self.within.path, "unit__path"))
            .annotate(prefix=Substr("unit__path", 1, prefix_len))
            .order_by()
            .values("prefix")
            .annotate(
                **{f"sum_{n}": Sum(n) for n in (*CADRE_COUNTS, *slots)},
                last=Max("last_change"),
            )
        )
        groups = {}
        for row in rows:
            figures = Figures(**{n: row[f"sum_{n}"] or 0 for n in CADRE_COUNTS})
            figures.follows = {
                pk: row[f"sum_{slot}"] or 0
                for pk, slot in zip(self.channel_ids, slots, strict=True)
            }
            groups[row["prefix"]] = Group(figures, *unstamp(row["last"]))
        return groups

    # --- Counting what is missing ------------------------------------------------------

    def _refresh(self, day: dt.date) -> None:
        """Count and store the units of the subtree that have no fresh row for `day`."""
        # Read before counting: a change that lands while we count makes the row stale.
        mark = AuditEntry.objects.aggregate(mark=Max("pk"))["mark"] or 0
        missing = dict(
            Unit.objects.filter(in_subtree(self.within.path))
            .exclude(Exists(self._fresh(day).filter(unit=OuterRef("pk"))))
            .order_by()
            .values_list("pk", "path")
        )
        if not missing:
            return
        counted = self._count(missing, day)
        now = timezone.now()
        rows = []
        for pk, (figures, last) in counted.items():
            follows = [figures.follows.get(c, 0) for c in self.channel_ids]
            rows.append(
                UnitFigures(
                    unit_id=pk,
                    day=day,
                    key=self.key,
                    audit_mark=mark,
                    computed_at=now,
                    last_change=last,
                    **{n: getattr(figures, n) for n in CADRE_COUNTS},
                    **dict(zip(SLOTS, follows, strict=False)),
                )
            )
        UnitFigures.objects.bulk_create(
            rows,
            batch_size=WRITE_BATCH,
            update_conflicts=True,
            unique_fields=["unit", "day"],
            update_fields=[
                "key",
                "audit_mark",
                "computed_at",
                "last_change",
                *CADRE_COUNTS,
                *SLOTS,
            ],
        )
        if connection.vendor == "postgresql" and len(rows) >= ANALYZE_AFTER:
            # Until autovacuum gets to it, the planner believes the table is as small as it
            # was and reads it with nested loops: 25 s instead of 0.1 s for a province.
            with connection.cursor() as cursor:
                cursor.execute(f"ANALYZE {UnitFigures._meta.db_table}")

    def _count(self, units: dict[int, str], day: dt.date) -> dict[int, tuple[Figures, str]]:
        """The units' own figures and last change as of `day`, counted from the records."""
        by_list = len(units) <= BY_LIST
        where = Q(pk__in=list(units)) if by_list else in_subtree(self.within.path)
        cadres = Cadre.objects.filter(cadres_on(day)).filter(
            Q(unit_id__in=list(units)) if by_list else in_subtree(self.within.path, "unit__path")
        )
        counted = {
            row["unit_id"]: figures_of(row, self.channel_ids)
            for row in cadres.order_by()
            .values("unit_id")
            .annotate(**cadre_aggregates(day, self.channel_ids))
        }
        last = AuditEntry.objects.filter(unit=OuterRef("pk"), at__lt=end_of(day)).order_by(
            "-at", "-id"
        )
        changes = (
            Unit.objects.filter(where)
            .order_by()
            .annotate(
                last_at=Subquery(last.values("at")[:1]),
                last_by=Subquery(last.values("actor_name")[:1]),
            )
            .values_list("pk", "last_at", "last_by")
        )
        return {
            pk: (counted.get(pk, Figures()), stamp(last_at, last_by))
            for pk, last_at, last_by in changes
            if pk in units
        }

    def _live(self, day: dt.date, prefix_len: int) -> dict[str, Group]:
        units = dict(
            Unit.objects.filter(in_subtree(self.within.path)).order_by().values_list("pk", "path")
        )
        groups: dict[str, Group] = {}
        for pk, (figures, last) in self._count(units, day).items():
            group = groups.setdefault(units[pk][:prefix_len], Group())
            group.figures.add(figures)
            at, by = unstamp(last)
            if at and (group.last_change_at is None or at > group.last_change_at):
                group.last_change_at, group.last_change_by = at, by
        return groups


def prune(today: dt.date, keep_days: int = 7) -> int:
    """Forget stored figures of past days nobody is likely to ask again: older than
    `keep_days`, except month ends (scoring reads them) and targets' deadlines (the
    dashboard judges passed targets on them). Returns how many rows went."""
    cutoff = today - dt.timedelta(days=keep_days)
    oldest = UnitFigures.objects.filter(day__lt=cutoff).aggregate(day=Min("day"))["day"]
    if oldest is None:
        return 0
    keep = set(Target.objects.values_list("deadline", flat=True))
    month = oldest.replace(day=1)
    while month <= cutoff:
        following = (month + dt.timedelta(days=32)).replace(day=1)
        keep.add(following - dt.timedelta(days=1))
        month = following
    deleted, _by_model = (
        UnitFigures.objects.filter(day__lt=cutoff).exclude(day__in=sorted(keep)).delete()
    )
    return deleted


def forget(unit_ids) -> None:
    """Drop the stored figures of units that lost records without an audit entry of their
    own saying so (a cadre moved to another unit by an import is audited under the new one)."""
    UnitFigures.objects.filter(unit_id__in=list(unit_ids)).delete()
