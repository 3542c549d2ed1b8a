"""Scoped reads for the pages where the province administrator edits the criteria and the
year rule. A criterion belongs to a province or to every province (no province: the seeded
ones); who may change which is decided as for targets
(`frontnet.monitoring.target_selectors`)."""

from django.db.models import Q, QuerySet
from django.http import Http404

from frontnet.monitoring.target_selectors import owned_rules_checker, provinces_visible_to
from frontnet.units.models import Level, Unit

from .models import Criterion, YearRule


def criteria_of_province(province: Unit) -> QuerySet[Criterion]:
    """Every criterion that applies in the province, active or not."""
    return (
        Criterion.objects.filter(Q(province__isnull=True) | Q(province=province))
        .prefetch_related("levels")
        .order_by("-active", "order", "code")
    )


def criterion_get_for_user(user, pk) -> tuple[Criterion, Unit]:
    """The criterion and the province the user sees it in; 404 when it applies in no
    province the user sees."""
    for province in provinces_visible_to(user):
        try:
            return criteria_of_province(province).get(pk=pk), province
        except (Criterion.DoesNotExist, ValueError, TypeError):
            continue
    raise Http404("criterion not in scope")


def criterion_can_edit(user, criterion: Criterion, province: Unit) -> bool:
    return owned_rules_checker(user, province)(criterion.province_id)


def criterion_levels(province: Unit) -> QuerySet[Level]:
    """Levels a criterion can score: every level below the province."""
    return Level.objects.filter(rank__gt=province.level.rank).order_by("rank")


def year_rule_of(province: Unit) -> YearRule | None:
    """The province's own year rule, else the one for every province (as scoring reads it)."""
    rules = {
        r.province_id: r
        for r in YearRule.objects.filter(Q(province=province) | Q(province__isnull=True))
    }
    return rules.get(province.pk) or rules.get(None)
