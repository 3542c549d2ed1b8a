"""Access: the one module that answers "may this user see or change this?".

Every app's scoped read (`*_get_for_user`, `*_visible_to`) and every permission question is
built on these helpers; no view or selector decides scope on its own. They take keyword
arguments only, so a call site always says who and what.

Two rules hold everywhere, and the scope sweep (`tests/test_scope_sweep.py`) checks both:

1. **404 before 405.** A view with an id looks the object up through an access helper before
   anything else, so an id outside the user's scope answers 404 (never 403, never another
   unit's data), whatever the method. A POST-only view refuses a GET with 405 only for ids the
   user may see: the method says nothing about the object.
2. **Every write leaves an audit entry with its unit.** Services write `AuditEntry` rows
   through `frontnet.audit.services`; the stored dashboard figures
   (`monitoring.UnitFigures`) trust a unit's row only while no audit entry of that unit is
   newer, so a write without one leaves the dashboard stale.

Who may do what:
- *see* a unit: it lies in one of the user's scope roots (their unit's subtree; for an area
  specialist, the subtrees of their assigned units);
- *edit what a unit holds* (cadres, pages, residential committees, imports): the same scope,
  and a role that is not "viewer";
- *change a unit's identity* (name, code, type, validity, parent): only from above, i.e. the
  unit lies strictly below one of the user's roots;
- *verify or return a page*: the level above or the area specialist, never the unit's own
  people nor the person who reported it;
- *manage a province* (official channels, targets, criteria, scores): its province
  administrator.
- *manage accounts* of a unit: the province administrator (any role) and unit staff (unit
  staff and viewer), in their own subtree; nobody grants a role above their own. Area
  specialists are assigned by the province administrator only.
"""

from collections.abc import Callable
from functools import reduce
from operator import or_

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from frontnet.accounts.models import ROLE_RANK, AreaAssignment, Role, User

from .models import Unit

NOT_FOUND = (ObjectDoesNotExist, ValueError, TypeError)


# --- Scope ------------------------------------------------------------------------------------


def scope_roots(*, user, history: bool = True) -> list[Unit]:
    """The units whose subtrees the user sees, nested roots dropped. With `history`, also
    the units their units replaced (`UnitLineage`: the legacy province, district or commune
    before 1/7/2025), which they read as they were but never change."""
    if not user.is_authenticated or not user.is_active:
        return []
    if user.is_superuser:
        return list(Unit.objects.filter(parent__isnull=True))
    if user.role == Role.AREA_SPECIALIST:
        # A specialist works in the province office but follows only their assigned areas.
        # Only assignments running today count; ended ones are history.
        current = AreaAssignment.objects.filter(user=user).valid_on(timezone.localdate())
        mine = Q(specialists__in=current)
        if history:
            mine |= Q(successions__successor__specialists__in=current)
        roots = list(Unit.objects.filter(mine).distinct())
    elif user.unit_id and history:
        roots = _unit_and_replaced(user)
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


def _unit_and_replaced(user) -> list[Unit]:
    """The user's unit and the units it replaced (none before a reform), in one query the
    first time in a request; the unit read is kept as `user.unit`, so the history adds no
    query of its own to what reading the user's unit costs."""
    kept = getattr(user, "_scope_history", None)
    if kept is not None and kept[0] == user.unit_id:
        return list(kept[1])
    found = list(
        Unit.objects.filter(
            Q(pk=user.unit_id) | Q(successions__successor_id=user.unit_id)
        ).distinct()
    )
    unit_field = User._meta.get_field("unit")
    for unit in found:
        if unit.pk == user.unit_id and not unit_field.is_cached(user):
            unit_field.set_cached_value(user, unit)
    user._scope_history = (user.unit_id, found)
    return list(found)


def scope_q(*, user, prefix: str = "") -> Q:
    """A filter keeping rows whose unit (reached by `prefix`, e.g. "unit__") is in scope."""
    roots = scope_roots(user=user)
    if not roots:
        return Q(pk__in=[])
    return reduce(or_, (Q(**{f"{prefix}path__startswith": r.path}) for r in roots))


def scoped(*, user, queryset: QuerySet, prefix: str = "unit__") -> QuerySet:
    """`queryset` narrowed to the rows whose unit the user sees."""
    return queryset.filter(scope_q(user=user, prefix=prefix))


def one_or_404(queryset: QuerySet, pk, message: str = "not in scope"):
    """The row `pk` of an already scoped `queryset`; 404 when it is not there, or `pk` is
    not an id at all."""
    try:
        return queryset.get(pk=pk)
    except NOT_FOUND:
        raise Http404(message) from None


def get_scoped(*, user, queryset: QuerySet, pk, prefix: str = "unit__"):
    """One row of `queryset` whose unit the user sees, else 404."""
    return one_or_404(scoped(user=user, queryset=queryset, prefix=prefix), pk)


def owned_by(*, user, queryset: QuerySet, field: str = "user") -> QuerySet:
    """Rows that belong to the user themself (their tokens, their notifications)."""
    if not user.is_authenticated:
        return queryset.none()
    return queryset.filter(**{field: user})


def get_owned(*, user, queryset: QuerySet, pk, field: str = "user"):
    """One of the user's own rows; anyone else's is 404."""
    return one_or_404(owned_by(user=user, queryset=queryset, field=field), pk)


def in_scope(*, user, unit: Unit, history: bool = True) -> bool:
    """Whether the unit lies in the user's scope (`history`: also the units theirs replaced)."""
    return any(unit.path.startswith(r.path) for r in scope_roots(user=user, history=history))


def units_visible_to(*, user) -> QuerySet[Unit]:
    """Every unit the user sees."""
    return Unit.objects.filter(scope_q(user=user)).select_related("level")


def unit_get_for_user(*, user, pk) -> Unit:
    """The unit of a request; 404 when it is out of the user's scope."""
    return one_or_404(units_visible_to(user=user), pk)


def unit_get_editable(*, user, pk) -> Unit:
    """The unit of a request that changes what it holds: 404 out of scope, then 403 when
    the user may only read it."""
    unit = unit_get_for_user(user=user, pk=pk)
    if not user_can_edit_unit(user=user, unit=unit):
        raise PermissionDenied
    return unit


# --- Provinces --------------------------------------------------------------------------------


def province_path_of(*, unit: Unit) -> str:
    """The path of the unit's province (the root of its tree)."""
    return unit.path.split("/")[0] + "/"


def province_of(*, unit: Unit) -> Unit:
    """The province (root unit) a unit belongs to."""
    if unit.parent_id is None:
        return unit
    return Unit.objects.select_related("level").get(path=province_path_of(unit=unit))


def provinces_visible_to(*, user) -> QuerySet[Unit]:
    """The provinces (root units) the user sees."""
    return Unit.objects.filter(scope_q(user=user), parent__isnull=True).order_by("path")


def province_get_for_user(*, user, pk) -> Unit:
    """A province the user sees; any other id, a district's included, is 404."""
    return one_or_404(provinces_visible_to(user=user), pk)


def province_get_managed(*, user, pk) -> Unit:
    """A province for its office only (its channels, targets, criteria, campaigns, topics):
    404 out of scope, then 403 for anyone who may only read it."""
    province = province_get_for_user(user=user, pk=pk)
    if not user_manages_province(user=user, province=province):
        raise PermissionDenied
    return province


def office_province(*, user) -> Unit | None:
    """The user's own unit when they are its province office, else None."""
    own = user.unit if user.unit_id else None
    return own if own is not None and user_manages_province(user=user, province=own) else None


def user_manages_province(*, user, province: Unit) -> bool:
    """Official channels, targets, criteria and scores belong to the province administrator."""
    if not user.is_authenticated or not user.can_edit or province.parent_id is not None:
        return False
    if not (user.is_superuser or user.role == Role.PROVINCE_ADMIN):
        return False
    return user_can_edit_unit(user=user, unit=province)


# --- Units ------------------------------------------------------------------------------------


def user_can_edit_unit(*, user, unit: Unit) -> bool:
    """Whether the user may change what the unit holds (cadres, pages, committees, imports)."""
    return user.can_edit and in_scope(user=user, unit=unit, history=False)


def user_can_change_unit_identity(*, user, unit: Unit) -> bool:
    """Name, code, type, validity and parent change only from above, never by the unit itself."""
    if not user.is_authenticated or not user.can_edit:
        return False
    if user.is_superuser:
        return True
    roots = scope_roots(user=user, history=False)
    return any(unit.path.startswith(r.path) and unit.pk != r.pk for r in roots)


# --- Community pages --------------------------------------------------------------------------


def user_can_verify_unit_page(*, user, unit: Unit, reported_by_id: int | None) -> bool:
    """The level above or the area specialist verifies; not the unit, not the reporter."""
    if not user.is_authenticated or not user.can_edit:
        return False
    if reported_by_id is not None and reported_by_id == user.pk:
        return False
    if user.unit_id == unit.pk and not user.is_superuser:
        return False
    roots = scope_roots(user=user, history=False)
    if user.role == Role.AREA_SPECIALIST and not user.is_superuser:
        return any(unit.path.startswith(r.path) for r in roots)
    return any(unit.path.startswith(r.path) and unit.pk != r.pk for r in roots)


def verifiable_pages_q(*, user) -> Q:
    """Pages the user may verify, as a filter; mirrors `user_can_verify_unit_page`."""
    if not user.is_authenticated or not user.can_edit:
        return Q(pk__in=[])
    roots = scope_roots(user=user, history=False)
    if not roots:
        return Q(pk__in=[])
    if user.role == Role.AREA_SPECIALIST and not user.is_superuser:
        parts = [Q(unit__path__startswith=r.path) for r in roots]
    else:
        # The roots are the user's own units: only what lies strictly below them.
        parts = [Q(unit__path__startswith=r.path) & ~Q(unit=r) for r in roots]
    q = reduce(or_, parts)
    if user.unit_id and not user.is_superuser:
        q &= ~Q(unit_id=user.unit_id)
    return q & (Q(reported_by__isnull=True) | ~Q(reported_by=user))


# --- Rule records (targets, criteria) ---------------------------------------------------------


def shared_rules_editable(*, user) -> bool:
    """A rule set for every province is editable while the installation serves only one."""
    if user.is_superuser:
        return True
    today = timezone.localdate()
    return Unit.objects.filter(parent__isnull=True).valid_on(today).count() <= 1


def rule_get_for_user(*, user, pk, rules_of_province: Callable[[Unit], QuerySet]):
    """A target or criterion applying in a province the user sees, with that province; else 404."""
    for province in provinces_visible_to(user=user):
        try:
            return rules_of_province(province).get(pk=pk), province
        except NOT_FOUND:
            continue
    raise Http404("not in scope")


def rule_edit_checker(*, user, province: Unit) -> Callable[[int | None], bool]:
    """Which rules the user may change, given the id of the province owning one (None: all)."""
    if not user_manages_province(user=user, province=province):
        return lambda owner_id: False
    shared = shared_rules_editable(user=user)
    return lambda owner_id: owner_id is not None or shared


# --- Accounts ---------------------------------------------------------------------------------

# Unit staff hand out only these; the province administrator hands out every role.
STAFF_GRANTS = (Role.UNIT_STAFF, Role.VIEWER)


def roles_grantable_by(*, user) -> list[str]:
    """The roles the user may give an account, highest first (none above their own)."""
    if not user.is_authenticated or not user.can_edit:
        return []
    if user.is_superuser or user.role == Role.PROVINCE_ADMIN:
        return sorted(Role.values, key=lambda r: ROLE_RANK[r])
    if user.role == Role.UNIT_STAFF:
        return list(STAFF_GRANTS)
    return []


def user_can_manage_accounts(*, user, unit: Unit) -> bool:
    """Whether the user may create and change accounts of `unit` (their own subtree only)."""
    if not roles_grantable_by(user=user):
        return False
    if user.role == Role.AREA_SPECIALIST and not user.is_superuser:
        return False
    return in_scope(user=user, unit=unit)


def user_can_manage_account(*, user, account) -> bool:
    """Whether the user may edit, deactivate or issue links for this account."""
    if account.pk == user.pk or account.is_superuser and not user.is_superuser:
        return False  # one's own account changes through the profile page
    if account.unit_id is None:
        return user.is_superuser
    return account.role in roles_grantable_by(user=user) and user_can_manage_accounts(
        user=user, unit=account.unit
    )


def user_can_assign_specialists(*, user, unit: Unit) -> bool:
    """Area specialists are assigned by the administrator of the unit's province."""
    return user_manages_province(user=user, province=province_of(unit=unit))


def page_verifiers(*, unit: Unit, reported_by_id: int | None) -> list:
    """Whom to tell that a page of `unit` waits for verification: the staff of the level just
    above and the specialists following the unit today; when none of them has an account,
    the province administrators. Each may verify it (`user_can_verify_unit_page`)."""
    from frontnet.accounts.models import User

    today = timezone.localdate()
    ancestors = unit.ancestor_ids()
    people = list(
        User.objects.filter(is_active=True, unit_id=unit.parent_id)
        .exclude(role__in=[Role.VIEWER, Role.AREA_SPECIALIST])
        .select_related("unit")
    )
    people += list(
        User.objects.filter(
            is_active=True,
            role=Role.AREA_SPECIALIST,
            area_assignments__in=AreaAssignment.objects.valid_on(today).filter(
                unit_id__in=[*ancestors, unit.pk]
            ),
        ).distinct()
    )
    if not people and ancestors:
        people = list(
            User.objects.filter(is_active=True, role=Role.PROVINCE_ADMIN, unit_id=ancestors[0])
        )
    return [
        u
        for u in people
        if user_can_verify_unit_page(user=u, unit=unit, reported_by_id=reported_by_id)
    ]


# --- Personal data (frontnet.privacy) ---------------------------------------------------------


def _personal_data_grants(*, user) -> dict[str, set[str]]:
    """Grant kind -> paths of the provinces where the user holds it."""
    from frontnet.privacy.models import PersonalDataGrant

    found: dict[str, set[str]] = {}
    if not user.is_authenticated or not user.is_active:
        return found
    grants = PersonalDataGrant.objects.filter(user=user, revoked_at__isnull=True)
    for kind, path in grants.values_list("kind", "province__path"):
        found.setdefault(kind, set()).add(path)
    return found


def user_is_dpo(*, user, unit: Unit) -> bool:
    """The data-protection officer of the unit's province (a grant), or a superuser."""
    if user.is_authenticated and user.is_superuser:
        return True
    paths = _personal_data_grants(user=user).get("dpo", set())
    return in_scope(user=user, unit=unit) and province_path_of(unit=unit) in paths


def personal_data_checker(*, user) -> Callable[[Unit], bool]:
    """`user_sees_personal_data` for many units, the user's scope and grants read once."""
    roots = [r.path for r in scope_roots(user=user)]
    grants = _personal_data_grants(user=user)
    granted = grants.get("personal_data", set()) | grants.get("dpo", set())
    own_unit = user.unit_id if user.is_authenticated and user.role != Role.VIEWER else None

    def sees(unit: Unit) -> bool:
        if not any(unit.path.startswith(r) for r in roots):
            return False
        if user.is_superuser or unit.pk == own_unit:
            return True
        return province_path_of(unit=unit) in granted

    return sees


def user_sees_personal_data(*, user, unit: Unit) -> bool:
    """Unmasked phones and links of a unit's cadres: its own (non-viewer) staff, or a holder
    of the province's "personal data" or data-protection officer grant; others see them masked."""
    return personal_data_checker(user=user)(unit)


# --- Support threads and guidance -------------------------------------------------------------


def user_helps_unit(*, user, unit: Unit) -> bool:
    """Answers a unit's difficulties: its area specialist, the province office or a level above."""
    if not user.is_authenticated or not user.can_edit:
        return False
    if user.is_superuser or user.role in (Role.AREA_SPECIALIST, Role.PROVINCE_ADMIN):
        return in_scope(user=user, unit=unit)
    return any(unit.path.startswith(r.path) and unit.pk != r.pk for r in scope_roots(user=user))


def published_to_q(*, user, prefix: str = "unit__") -> Q:
    """Rows published to a subtree the user is in or sees (its root above or inside their scope)."""
    roots = scope_roots(user=user)
    above = {int(p) for r in roots for p in r.path.split("/") if p}
    return scope_q(user=user, prefix=prefix) | Q(**{f"{prefix}pk__in": above})


def province_wide_q(*, user, prefix: str = "unit__") -> Q:
    """Rows whose unit lies in a province the user works in (shown to every unit of it)."""
    paths = {province_path_of(unit=r) for r in scope_roots(user=user)}
    if not paths:
        return Q(pk__in=[])
    return reduce(or_, (Q(**{f"{prefix}path__startswith": p}) for p in paths))
