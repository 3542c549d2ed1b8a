"""Reads of campaigns, through `frontnet.units.access`; every figure as of a day."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils import timezone

from frontnet.units.access import one_or_404, province_wide_q, scope_q
from frontnet.units.models import Unit

from .models import CadreInteraction, Campaign, ShareReport


def campaigns_visible_to(user) -> QuerySet[Campaign]:
    """The campaigns of the provinces the user works in."""
    return Campaign.objects.filter(province_wide_q(user=user, prefix="province__"))


def campaign_get_for_user(user, pk) -> Campaign:
    return one_or_404(campaigns_visible_to(user), pk)


def addressed_units(campaign, day: dt.date | None = None) -> QuerySet[Unit]:
    """The units a campaign addresses (its levels' units in the province, and its list)."""
    day = day or timezone.localdate()
    return (
        Unit.objects.filter(path__startswith=campaign.province.path)
        .filter(Q(level__in=campaign.levels.all()) | Q(pk__in=campaign.units.all()))
        .valid_on(day)
        .order_by("path")
    )


def _end_of(day: dt.date):
    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time()))


def reports_as_of(campaign, day: dt.date) -> QuerySet[ShareReport]:
    return ShareReport.objects.filter(item__campaign=campaign, reported_at__lt=_end_of(day))


@dataclass
class UnitLine:
    unit: Unit
    shares: list  # per item: the report, or None
    items_shared: int = 0
    cadres_shared: int = 0


@dataclass
class CampaignTable:
    campaign: Campaign
    as_of: dt.date
    items: list
    lines: list[UnitLine] = field(default_factory=list)

    @property
    def reported(self) -> list[UnitLine]:
        return [line for line in self.lines if line.items_shared]

    @property
    def lagging(self) -> list[UnitLine]:
        """Units that shared fewer than all the items."""
        return [line for line in self.lines if line.items_shared < len(self.items)]

    def item_totals(self) -> list[tuple]:
        return [
            (
                item,
                sum(1 for line in self.lines if line.shares[i]),
                sum(line.shares[i].cadres_shared for line in self.lines if line.shares[i]),
            )
            for i, item in enumerate(self.items)
        ]

    @property
    def cadres_shared(self) -> int:
        return sum(line.cadres_shared for line in self.lines)


def campaign_table(user, campaign, *, as_of: dt.date | None = None) -> CampaignTable:
    """Per addressed unit the user sees: which items it reported shared, by `as_of`."""
    day = as_of or timezone.localdate()
    items = list(campaign.items.all())
    units = list(addressed_units(campaign, day).filter(scope_q(user=user)))
    by_key = {(r.unit_id, r.item_id): r for r in reports_as_of(campaign, day)}
    table = CampaignTable(campaign, day, items)
    for unit in units:
        shares = [by_key.get((unit.pk, item.pk)) for item in items]
        done = [s for s in shares if s]
        table.lines.append(UnitLine(unit, shares, len(done), sum(s.cadres_shared for s in done)))
    return table


def units_sharing_at_least(campaign, *, k: int, day: dt.date | None = None) -> int:
    """Campaign measure: addressed units that reported at least `k` items shared by `day`."""
    day = day or timezone.localdate()
    counts: dict[int, int] = {}
    for unit_id in reports_as_of(campaign, day).values_list("unit_id", flat=True):
        counts[unit_id] = counts.get(unit_id, 0) + 1
    addressed = set(addressed_units(campaign, day).values_list("pk", flat=True))
    return sum(1 for u, n in counts.items() if u in addressed and n >= k)


def unit_reports(campaign, unit) -> QuerySet[ShareReport]:
    return ShareReport.objects.filter(item__campaign=campaign, unit=unit)


def unit_cadres(user, unit):
    """The unit's cadres today (its subtree), to tick who shared or commented."""
    from frontnet.cadres.selectors import active_q, cadres_visible_to

    return (
        cadres_visible_to(user)
        .filter(unit__path__startswith=unit.path)
        .filter(active_q())
        .order_by("unit__path", "search_name")
    )


def unit_interactions(campaign, unit) -> dict[tuple[int, str], list[int]]:
    """(item id, action) → the cadre ids the unit recorded."""
    found: dict[tuple[int, str], list[int]] = {}
    for item_id, action, cadre_id in CadreInteraction.objects.filter(
        item__campaign=campaign, unit__path__startswith=unit.path
    ).values_list("item_id", "action", "cadre_id"):
        found.setdefault((item_id, action), []).append(cadre_id)
    return found


def cadres_interacting(campaign, day: dt.date) -> int:
    """Cadres recorded as having shared or commented at least one of its items by `day`."""
    return (
        CadreInteraction.objects.filter(item__campaign=campaign, recorded_at__lt=_end_of(day))
        .values("cadre")
        .distinct()
        .count()
    )
