"""Reads of the unit tree. Scope (who sees which unit) is decided in `access.py`."""

from django.db.models import QuerySet

from .access import units_visible_to
from .models import Level, Unit


def unit_children(unit: Unit) -> QuerySet[Unit]:
    from django.db.models import Count

    return (
        unit.children.select_related("level")
        .annotate(child_count=Count("children"))
        .order_by("level__rank", "name")
    )


def unit_ancestors_visible(user, unit: Unit) -> list[Unit]:
    """The breadcrumb: ancestors of the unit that the user may open."""
    ids = unit.ancestor_ids()
    return list(units_visible_to(user=user).filter(pk__in=ids).order_by("depth"))


def unit_search(user, query: str, limit: int = 30) -> QuerySet[Unit]:
    from frontnet.core.vntext import fold_search

    needle = fold_search(query)
    if not needle:
        return Unit.objects.none()
    return units_visible_to(user=user).filter(search_name__contains=needle)[:limit]


def levels() -> QuerySet[Level]:
    return Level.objects.all()


def unit_find_for_user(user, code_or_name: str, *, day=None) -> Unit:
    """A unit of the user's scope, valid on `day` (default today), named by official code or
    exact name (for commands): the codes of the legacy and the 2025 lists overlap, the day
    says which list is meant. Raises Unit.DoesNotExist, or Unit.MultipleObjectsReturned
    naming the candidates when the code or name is ambiguous (codes repeat across levels)."""
    from django.utils import timezone

    from frontnet.core.vntext import fold_form, fold_search

    visible = units_visible_to(user=user).valid_on(day or timezone.localdate())
    matches = list(visible.filter(code=code_or_name.strip()))
    if not matches:
        wanted = fold_form(code_or_name)
        candidates = visible.filter(search_name=fold_search(code_or_name))
        matches = [u for u in candidates if fold_form(u.name) == wanted]
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise Unit.MultipleObjectsReturned(", ".join(f"{u.name} ({u.level})" for u in matches))
    raise Unit.DoesNotExist(code_or_name)


def unit_lineage_visible(user, unit: Unit) -> tuple[list[Unit], list[Unit]]:
    """(the units this one replaced, the units that replaced it), those the user sees."""
    visible = units_visible_to(user=user)
    before = visible.filter(successions__successor=unit).distinct().order_by("path")
    after = visible.filter(predecessions__predecessor=unit).distinct().order_by("path")
    return list(before), list(after)


def unit_counterparts_on(user, unit: Unit, day) -> list[Unit]:
    """For a unit not valid on `day`, the units of its lineage that were (its predecessors
    before it began, its successors after it ended), those the user sees."""
    if unit.is_valid_on(day):
        return []
    before, after = unit_lineage_visible(user, unit)
    found = before if unit.valid_from and day < unit.valid_from else after
    return [u for u in found if u.is_valid_on(day)]
