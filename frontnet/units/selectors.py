"""Scope: the one place that decides which units a user may see.

Every view and command that reads scoped data goes through these helpers. A unit
outside the user's scope is answered with 404 (never 403), so ids do not leak.
"""

from functools import reduce
from operator import or_

from django.db.models import Q, QuerySet
from django.http import Http404

from frontnet.accounts.models import Role

from .models import Level, Unit


def scope_roots(user) -> list[Unit]:
    """The units whose subtrees the user sees: their own unit, plus assigned areas for a
    specialist. Roots nested in another root are dropped."""
    if not user.is_authenticated or not user.is_active:
        return []
    if user.is_superuser:
        return list(Unit.objects.filter(parent__isnull=True))
    if user.role == Role.AREA_SPECIALIST:
        # A specialist works in the province office but follows only their assigned areas.
        roots = list(Unit.objects.filter(specialists__user=user))
    elif user.unit_id:
        roots = [user.unit]
    else:
        roots = []
    roots.sort(key=lambda u: u.path)
    kept: list[Unit] = []
    for unit in roots:
        if not any(unit.path.startswith(k.path) for k in kept):
            kept.append(unit)
    return kept


def scope_q(user, prefix: str = "") -> Q:
    """A filter that keeps rows whose unit lies in the user's scope; `prefix` is the
    lookup path to the unit, e.g. "unit__" for a cadre."""
    roots = scope_roots(user)
    if not roots:
        return Q(pk__in=[])
    return reduce(or_, (Q(**{f"{prefix}path__startswith": r.path}) for r in roots))


def units_visible_to(user) -> QuerySet[Unit]:
    return Unit.objects.filter(scope_q(user)).select_related("level")


def unit_get_for_user(user, pk) -> Unit:
    try:
        return units_visible_to(user).get(pk=pk)
    except (Unit.DoesNotExist, ValueError, TypeError):
        raise Http404("unit not in scope") from None


def user_can_edit_unit(user, unit: Unit) -> bool:
    return user.can_edit and any(unit.path.startswith(r.path) for r in scope_roots(user))


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
    return list(units_visible_to(user).filter(pk__in=ids).order_by("depth"))


def unit_search(user, query: str, limit: int = 30) -> QuerySet[Unit]:
    from frontnet.core.vntext import fold_search

    needle = fold_search(query)
    if not needle:
        return Unit.objects.none()
    return units_visible_to(user).filter(search_name__contains=needle)[:limit]


def levels() -> QuerySet[Level]:
    return Level.objects.all()


def unit_find_for_user(user, code_or_name: str) -> Unit:
    """A unit of the user's scope, valid today, named by official code or exact name (for
    commands). Raises Unit.DoesNotExist, or Unit.MultipleObjectsReturned naming the
    candidates when the code or name is ambiguous (codes repeat across levels)."""
    from django.utils import timezone

    from frontnet.core.vntext import fold_form, fold_search

    visible = units_visible_to(user).valid_on(timezone.localdate())
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
