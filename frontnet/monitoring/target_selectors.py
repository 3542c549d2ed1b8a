"""Scoped reads for the pages where the province administrator edits targets.

Kept apart from `selectors.py` (the rollup) on purpose: these answer who may see and change
a target, not what a subtree measures. A target belongs to a province (its `root` lies in
the province's subtree) or to every province (no root). The pages live at province level:
a user who sees no province gets 404 for every target, like any out-of-scope id.
"""

from collections.abc import Callable

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from frontnet.accounts.models import Role
from frontnet.units.models import Level, Unit
from frontnet.units.selectors import scope_q, user_can_edit_unit

from .models import Target


def provinces_visible_to(user) -> QuerySet[Unit]:
    return Unit.objects.filter(scope_q(user), parent__isnull=True).order_by("path")


def province_get_for_user(user, pk) -> Unit:
    """A province (a root unit) the user sees; anything else is 404."""
    try:
        return provinces_visible_to(user).get(pk=pk)
    except (Unit.DoesNotExist, ValueError, TypeError):
        raise Http404("province not in scope") from None


def user_manages_province(user, province: Unit) -> bool:
    """Targets and criteria are set by the province administrator of that province."""
    if not user.is_authenticated or not user.can_edit or province.parent_id is not None:
        return False
    if not (user.is_superuser or user.role == Role.PROVINCE_ADMIN):
        return False
    return user_can_edit_unit(user, province)


def shared_rules_editable(user) -> bool:
    """A target or criterion set for every province (no province: the seeded ones) is the
    province's own while the installation serves one province. Once it serves several,
    changing it would change another province's results: only a superuser may."""
    if user.is_superuser:
        return True
    today = timezone.localdate()
    return Unit.objects.filter(parent__isnull=True).valid_on(today).count() <= 1


def targets_of_province(province: Unit) -> QuerySet[Target]:
    """Every target that applies in the province, active or not."""
    return (
        Target.objects.filter(Q(root__isnull=True) | Q(root__path__startswith=province.path))
        .select_related("level", "root")
        .prefetch_related("units")
        .order_by("-active", "deadline", "name")
    )


def rule_get_for_user(user, pk, rules_of_province: Callable[[Unit], QuerySet]):
    """A target or criterion, looked up among the `rules_of_province` (`targets_of_province`
    or `criteria_of_province`) of each province the user sees, and that province; 404 when it
    applies in no province the user sees."""
    for province in provinces_visible_to(user):
        try:
            return rules_of_province(province).get(pk=pk), province
        except (ObjectDoesNotExist, ValueError, TypeError):
            continue
    raise Http404("not in scope")


def target_get_for_user(user, pk) -> tuple[Target, Unit]:
    return rule_get_for_user(user, pk, targets_of_province)


def owned_rules_checker(user, province: Unit) -> Callable[[int | None], bool]:
    """Which of the province's targets or criteria the user may change, given the id of the
    unit that owns one (None: every province). Asks the database once for a whole list."""
    if not user_manages_province(user, province):
        return lambda owner_id: False
    shared = shared_rules_editable(user)
    return lambda owner_id: owner_id is not None or shared


def target_can_edit(user, target: Target, province: Unit) -> bool:
    return owned_rules_checker(user, province)(target.root_id)


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
