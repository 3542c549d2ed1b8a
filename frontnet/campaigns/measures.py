"""Campaign figures that scoring criteria and monitoring targets read, as of a day.

- items shared: the content items a unit reported shared, of the items addressed to it;
- cadres interacting: the cadres of a unit's subtree recorded (per cadre) as having shared
  or commented an item: "cadres who interact with the province's channels".

A criterion reads the campaigns running in the day's month; a target those running
between its start and the day.
"""

import datetime as dt

from django.db.models import Count, Q
from django.db.models.functions import Substr
from django.utils.translation import gettext as _

from .models import CadreInteraction, Campaign, ContentItem, ShareReport
from .selectors import _end_of


def _province_path(unit) -> str:
    return unit.path.split("/")[0] + "/"


def _month_items(unit, day: dt.date):
    return ContentItem.objects.filter(
        campaign__province__path=_province_path(unit),
        campaign__starts_on__lte=day,
        campaign__ends_on__gte=day.replace(day=1),
    )


def items_shared(unit, day: dt.date) -> tuple[int, int]:
    """(items the unit reported shared by `day`, items addressed to it) over the campaigns
    of its province running in `day`'s month up to that day."""
    items = (
        _month_items(unit, day)
        .filter(Q(campaign__levels=unit.level_id) | Q(campaign__units=unit))
        .distinct()
    )
    whole = items.count()
    part = items.filter(reports__unit=unit, reports__reported_at__lt=_end_of(day)).count()
    return part, whole


def cadres_interacting(unit, day: dt.date) -> int:
    """Cadres of the unit's subtree who shared or commented an item of the month's
    campaigns, recorded by `day`."""
    return (
        CadreInteraction.objects.filter(
            item__in=_month_items(unit, day),
            unit__path__startswith=unit.path,
            recorded_at__lt=_end_of(day),
        )
        .values("cadre")
        .distinct()
        .count()
    )


# --- Targets: every covered unit at once --------------------------------------------------


def _campaigns_between(province_path: str, start: dt.date, day: dt.date):
    return Campaign.objects.filter(
        province__path=province_path, starts_on__lte=day, ends_on__gte=start
    ).prefetch_related("levels", "units", "items")


def shared_counts(units, start: dt.date, day: dt.date) -> dict[int, tuple[int, int]]:
    """Unit id → (items it reported shared by `day`, items addressed to it), over the
    campaigns running between `start` and `day`."""
    units = list(units)
    if not units:
        return {}
    campaigns = list(_campaigns_between(_province_path(units[0]), start, day))
    addressed: dict[int, int] = {}
    for c in campaigns:
        levels = {lv.pk for lv in c.levels.all()}
        listed = {u.pk for u in c.units.all()}
        n = len(c.items.all())
        for u in units:
            if u.level_id in levels or u.pk in listed:
                addressed[u.pk] = addressed.get(u.pk, 0) + n
    shared = dict(
        ShareReport.objects.filter(
            item__campaign__in=campaigns,
            unit__in=[u.pk for u in units],
            reported_at__lt=_end_of(day),
        )
        .values("unit")
        .annotate(n=Count("pk"))
        .values_list("unit", "n")
    )
    return {u.pk: (shared.get(u.pk, 0), addressed.get(u.pk, 0)) for u in units}


def interacting_counts(units, start: dt.date, day: dt.date) -> dict[str, int]:
    """Unit path → cadres of its subtree recorded interacting with an item of the campaigns
    running between `start` and `day`. Paths of one length at a time (no overlaps)."""
    units = list(units)
    if not units:
        return {}
    campaigns = _campaigns_between(_province_path(units[0]), start, day)
    found: dict[str, int] = {}
    for length in sorted({len(u.path) for u in units}):
        paths = [u.path for u in units if len(u.path) == length]
        within = Q(pk__in=[])
        for path in paths:
            within |= Q(unit__path__startswith=path)
        rows = (
            CadreInteraction.objects.filter(within)
            .filter(item__campaign__in=campaigns, recorded_at__lt=_end_of(day))
            .annotate(prefix=Substr("unit__path", 1, length))
            .order_by()
            .values("prefix")
            .annotate(n=Count("cadre", distinct=True))
        )
        found.update({r["prefix"]: r["n"] for r in rows if r["prefix"] in paths})
    return found


def shared_reason(shared: int, addressed: int, k: int) -> str:
    return _("%(shared)s/%(items)s bài đã chia sẻ, cần ít nhất %(k)s") % {
        "shared": shared,
        "items": addressed,
        "k": k,
    }


def interacting_reason(n: int, cadres: int) -> str:
    return _("%(n)s/%(cadres)s cán bộ đã chia sẻ hoặc bình luận") % {"n": n, "cadres": cadres}
