"""Reads for the pages where the province administrator edits targets (who may see and
change one is decided in `frontnet.units.access`).

Kept apart from `selectors.py` (the rollup) on purpose: these answer who may see and change
a target, not what a subtree measures. A target belongs to a province (its `root` lies in
the province's subtree) or to every province (no root). The pages live at province level:
a user who sees no province gets 404 for every target, like any out-of-scope id.
"""

from django.db.models import Q, QuerySet
from django.utils import timezone

from frontnet.units.access import rule_edit_checker, rule_get_for_user
from frontnet.units.models import Level, Unit

from .models import Target


def targets_of_province(province: Unit) -> QuerySet[Target]:
    """Every target that applies in the province, active or not."""
    return (
        Target.objects.filter(Q(root__isnull=True) | Q(root__path__startswith=province.path))
        .select_related("level", "root")
        .prefetch_related("units")
        .order_by("-active", "deadline", "name")
    )


def target_get_for_user(user, pk) -> tuple[Target, Unit]:
    return rule_get_for_user(user=user, pk=pk, rules_of_province=targets_of_province)


def target_can_edit(user, target: Target, province: Unit) -> bool:
    return rule_edit_checker(user=user, province=province)(target.root_id)


def levels_below_province(province: Unit) -> QuerySet[Level]:
    """The levels a target can count and a criterion can score."""
    return Level.objects.filter(rank__gt=province.level.rank).order_by("rank")


def target_unit_choices(province: Unit) -> QuerySet[Unit]:
    """Units a target can list: the province's units valid today, above the lowest level
    (residential committees are counted through their commune)."""
    lowest = Level.objects.order_by("-rank").values_list("rank", flat=True).first()
    return (
        Unit.objects.filter(path__startswith=province.path, parent__isnull=False)
        .valid_on(timezone.localdate())
        .exclude(level__rank=lowest)
        .select_related("parent", "level")
        .order_by("path")
    )
