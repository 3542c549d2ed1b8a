"""Reads of the criteria and the year rule: what the scoring of a province applies, and the
scoped reads for the pages where the province administrator edits them. A criterion belongs
to a province or to every province (no province: the seeded ones); who may see and change
which is decided in `frontnet.units.access`."""

from django.db.models import Q, QuerySet

from frontnet.units.access import rule_edit_checker, rule_get_for_user
from frontnet.units.models import Unit

from . import rules
from .models import Criterion, YearRule


def criteria_of_province(province: Unit) -> QuerySet[Criterion]:
    """Every criterion that applies in the province, active or not."""
    return (
        Criterion.objects.filter(Q(province__isnull=True) | Q(province=province))
        .prefetch_related("levels")
        .order_by("-active", "order", "code")
    )


def criteria_for(province: Unit) -> list[Criterion]:
    """The active criteria the province is scored by, in their order."""
    return list(criteria_of_province(province).filter(active=True).order_by("order", "code"))


def criterion_get_for_user(user, pk) -> tuple[Criterion, Unit]:
    return rule_get_for_user(user=user, pk=pk, rules_of_province=criteria_of_province)


def criterion_can_edit(user, criterion: Criterion, province: Unit) -> bool:
    return rule_edit_checker(user=user, province=province)(criterion.province_id)


def year_rule_of(province: Unit) -> YearRule | None:
    """The province's own year rule, else the one for every province (as scoring reads it)."""
    found = {
        r.province_id: r
        for r in YearRule.objects.filter(Q(province=province) | Q(province__isnull=True))
    }
    return found.get(province.pk) or found.get(None)


def year_method_for(province: Unit) -> str:
    """The province's own year rule, else the rule for every province, else the mean."""
    rule = year_rule_of(province)
    return rule.method if rule else rules.YearMethod.MEAN
