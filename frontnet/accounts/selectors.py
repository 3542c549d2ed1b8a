"""Reading accounts and area assignments, always through the access module."""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from frontnet.units import access
from frontnet.units.models import Unit

from .models import AreaAssignment, Role, User


def accounts_visible_to(*, user) -> QuerySet[User]:
    """Accounts whose unit the user sees (people without a unit: superusers only)."""
    return access.scoped(user=user, queryset=User.objects.select_related("unit", "unit__level"))


def account_get_for_user(*, user, pk) -> User:
    """An account whose unit the user sees, else 404."""
    return access.get_scoped(user=user, queryset=accounts_visible_to(user=user), pk=pk)


def unit_get_for_accounts(*, user, pk) -> Unit:
    """A unit whose accounts the user manages: 404 out of scope, 403 otherwise."""
    unit = access.unit_get_for_user(user=user, pk=pk)
    if not access.user_can_manage_accounts(user=user, unit=unit):
        raise PermissionDenied
    return unit


def account_get_managed(*, user, pk) -> User:
    """An account the user may change: 404 out of scope, 403 otherwise (one's own too)."""
    account = account_get_for_user(user=user, pk=pk)
    if not access.user_can_manage_account(user=user, account=account):
        raise PermissionDenied
    return account


def accounts_of_subtree(*, unit: Unit, own_only: bool = False) -> QuerySet[User]:
    """The accounts of a unit (or its whole subtree), by unit then name."""
    qs = User.objects.select_related("unit", "unit__level")
    qs = qs.filter(unit=unit) if own_only else qs.filter(unit__path__startswith=unit.path)
    return qs.order_by("unit__path", "full_name", "username")


def specialists_of_province(*, province: Unit) -> QuerySet[User]:
    """The active area specialists of a province (they belong to its office)."""
    return User.objects.filter(
        role=Role.AREA_SPECIALIST, is_active=True, unit__path__startswith=province.path
    ).order_by("full_name", "username")


def assignments_of_unit(*, unit: Unit) -> QuerySet[AreaAssignment]:
    """Everyone who follows or followed this unit itself, newest first."""
    return (
        AreaAssignment.objects.filter(unit=unit)
        .select_related("user")
        .order_by("-valid_from", "-id")
    )


def specialists_following(*, unit: Unit, start: dt.date, end: dt.date | None = None) -> list[User]:
    """Who followed the unit (through it or a unit above it) on any day from `start` to `end`:
    "who followed Nghi Lộc in March 2022" is `specialists_following(unit=nghi_loc,
    start=date(2022, 3, 1), end=date(2022, 3, 31))`."""
    end = end or start
    ancestors = [int(p) for p in unit.path.split("/") if p]
    rows = (
        AreaAssignment.objects.filter(unit_id__in=ancestors, valid_from__lte=end)
        .exclude(valid_to__lt=start)
        .select_related("user")
        .order_by("valid_from", "id")
    )
    seen, people = set(), []
    for row in rows:
        if row.user_id not in seen:
            seen.add(row.user_id)
            people.append(row.user)
    return people


def specialists_of_unit_on(*, unit: Unit, day: dt.date) -> list[User]:
    """The specialists following the unit on `day` (for notices and reminder summaries)."""
    return [u for u in specialists_following(unit=unit, start=day) if u.is_active]


def assignment_get_for_user(*, user, pk) -> AreaAssignment:
    """An assignment of a unit the user sees, else 404."""
    return access.get_scoped(
        user=user, queryset=AreaAssignment.objects.select_related("unit", "user"), pk=pk
    )


def account_unit_choices(*, user, within: Unit) -> QuerySet[Unit]:
    """The units of `within`'s subtree an account may be put in by the user."""
    if not access.user_can_manage_accounts(user=user, unit=within):
        raise Http404("not in scope")
    return access.units_visible_to(user=user).filter(path__startswith=within.path)


def unit_staff(*, unit: Unit) -> list[User]:
    """The active staff accounts of the unit itself."""
    return list(User.objects.filter(unit=unit, role=Role.UNIT_STAFF, is_active=True))


def account_of_cadre(*, cadre) -> User | None:
    """The account of a cadre, if any: a user of the cadre's unit with the same phone or
    e-mail (accounts and cadres are separate records; these are what both hold)."""
    if cadre is None:
        return None
    from django.db.models import Q

    q = Q(pk__in=[])
    if cadre.phone:
        q |= Q(phone=cadre.phone)
    if cadre.email:
        q |= Q(email__iexact=cadre.email)
    return User.objects.filter(q, unit_id=cadre.unit_id, is_active=True).first()
