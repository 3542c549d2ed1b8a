"""Scoped reads for the pages where the province administrator edits the criteria and the
year rule. A criterion belongs to a province or to every province (no province: the seeded
ones); who may change which is decided as for targets
(`frontnet.monitoring.target_selectors`)."""

from django.db.models import Q, QuerySet

from frontnet.monitoring.target_selectors import owned_rules_checker, rule_get_for_user
from frontnet.units.models import Unit

from .models import Criterion, YearRule


def criteria_of_province(province: Unit) -> QuerySet[Criterion]:
    """Every criterion that applies in the province, active or not."""
    return (
        Criterion.objects.filter(Q(province__isnull=True) | Q(province=province))
        .prefetch_related("levels")
        .order_by("-active", "order", "code")
    )


def criterion_get_for_user(user, pk) -> tuple[Criterion, Unit]:
    return rule_get_for_user(user, pk, criteria_of_province)


def criterion_can_edit(user, criterion: Criterion, province: Unit) -> bool:
    return owned_rules_checker(user, province)(criterion.province_id)


def year_rule_of(province: Unit) -> YearRule | None:
    """The province's own year rule, else the one for every province (as scoring reads it)."""
    rules = {
        r.province_id: r
        for r in YearRule.objects.filter(Q(province=province) | Q(province__isnull=True))
    }
    return rules.get(province.pk) or rules.get(None)
