"""Reads of community pages. Scope and who may verify come from `frontnet.units.access`.

Who verifies a reported page: the level above (anyone who may edit the page's parent unit)
or an area specialist following the unit. Never the unit's own staff nor the person who
reported it: a page is checked by someone other than the people who made it.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from frontnet.cadres.models import Cadre, Platform
from frontnet.cadres.normalize import LinkError, format_phone_national, normalize_link
from frontnet.units.access import (
    one_or_404,
    scope_q,
    user_can_edit_unit,
    user_can_verify_unit_page,
    verifiable_pages_q,
)
from frontnet.units.models import Unit

from .models import CommunityPage, NameVerdict, NamingRule, PageStatus
from .naming import NameCheck, check_page_name, expected_page_name


def pages_visible_to(user) -> QuerySet[CommunityPage]:
    return CommunityPage.objects.filter(scope_q(user=user, prefix="unit__")).select_related(
        "unit", "unit__level", "platform", "manager"
    )


def page_get_for_user(user, pk) -> CommunityPage:
    return one_or_404(pages_visible_to(user), pk, "page not in scope")


def pages_of_unit(unit: Unit) -> QuerySet[CommunityPage]:
    return (
        CommunityPage.objects.filter(unit=unit, active=True)
        .select_related("platform", "manager")
        .order_by("platform__order", "name")
    )


def pages_in_subtree(
    user, unit: Unit, *, status: str = "", several: bool = False
) -> QuerySet[CommunityPage]:
    """The pages of a unit and of the units below it (what the level above aggregates);
    `several`: only those of units running more than one active page on the same platform."""
    qs = pages_visible_to(user).filter(unit__path__startswith=unit.path, active=True)
    if status:
        qs = qs.filter(status=status)
    if several:
        qs = qs.filter(_has_twin())
    return qs.order_by("unit__path", "platform__order", "name")


def _has_twin() -> Exists:
    """Another active page of the same unit on the same platform."""
    return Exists(
        CommunityPage.objects.filter(
            unit_id=OuterRef("unit_id"), platform_id=OuterRef("platform_id"), active=True
        ).exclude(pk=OuterRef("pk"))
    )


def units_with_several_pages_count(user, unit: Unit) -> int:
    """How many units of the subtree run several active pages on one platform."""
    return (
        pages_visible_to(user)
        .filter(_has_twin(), unit__path__startswith=unit.path, active=True)
        .values("unit_id")
        .distinct()
        .count()
    )


def page_get_editable(user, pk) -> CommunityPage:
    """A page in scope that the user may change and report (403 when only seen)."""
    page = page_get_for_user(user, pk)
    if not page_can_edit(user, page):
        raise PermissionDenied
    return page


def page_get_reviewable(user, pk) -> CommunityPage:
    """A page in scope that the user may verify or return (403 when only seen)."""
    page = page_get_for_user(user, pk)
    if not page_can_verify(user, page):
        raise PermissionDenied
    return page


def page_form_initial(page: CommunityPage) -> dict:
    """The page form's values for a stored page (web and API edits start from them)."""
    return {
        "platform": page.platform_id,
        "name": page.name,
        "link_raw": page.link_raw,
        "manager": page.manager_id,
        "created_on": page.created_on,
    }


def page_can_verify(user, page: CommunityPage) -> bool:
    """Who may verify or return this page (`access.user_can_verify_unit_page`)."""
    return user_can_verify_unit_page(user=user, unit=page.unit, reported_by_id=page.reported_by_id)


def page_can_edit(user, page: CommunityPage) -> bool:
    """Register, change and report: the unit's own people and those above them."""
    return user_can_edit_unit(user=user, unit=page.unit)


def review_queue(user) -> QuerySet[CommunityPage]:
    """Reported pages waiting for this user's check, oldest report first."""
    return (
        pages_visible_to(user)
        .filter(verifiable_pages_q(user=user), status=PageStatus.REPORTED, active=True)
        .select_related("unit", "platform")
        .order_by("reported_at", "pk")
    )


def review_queue_count(user) -> int:
    return review_queue(user).count()


def naming_rule_for(unit: Unit) -> NamingRule | None:
    """The rule of the unit's level for its scheme, else the level's rule for every scheme."""
    rules = NamingRule.objects.filter(level_id=unit.level_id, scheme__in=[unit.scheme, ""])
    by_scheme = {r.scheme: r for r in rules}
    return by_scheme.get(unit.scheme) or by_scheme.get("")


def name_parts_for(unit: Unit) -> dict[str, str]:
    """{unit} and {<level key>} for the unit and each ancestor, read in one query."""
    parts = {
        a.level.key: a.front_name
        for a in Unit.objects.filter(pk__in=unit.ancestor_ids()).select_related("level")
    }
    parts[unit.level.key] = unit.front_name
    parts["unit"] = unit.front_name
    return parts


def expected_name_for(unit: Unit) -> str:
    """The page name the convention expects for the unit, "" when its level has no rule."""
    rule = naming_rule_for(unit)
    if rule is None:
        return ""
    try:
        return expected_page_name(rule.template, name_parts_for(unit))
    except ValueError:
        # A rule naming a level the unit has no ancestor at (a local unit placed oddly):
        # no expected name rather than a wrong one.
        return ""


def platforms_for_pages() -> QuerySet[Platform]:
    return Platform.objects.filter(for_units=True)


def page_manager_choices(unit: Unit) -> QuerySet[Cadre]:
    """Cadres who may manage a unit's page: the unit's own cadres still in office."""
    return Cadre.objects.filter(unit=unit).filter(
        Q(active_to__isnull=True) | Q(active_to__gte=timezone.localdate())
    )


def name_check_for(unit: Unit, name: str, *, expected: str | None = None) -> NameCheck | None:
    """The naming check of a typed name against the unit's expected name; None when the
    unit's level has no rule or nothing was typed."""
    expected = expected_name_for(unit) if expected is None else expected
    if not expected or not name.strip():
        return None
    return check_page_name(name, expected)


def return_reason_suggestion(page: CommunityPage) -> str:
    """What a reviewer most often writes when returning a misnamed page, to start from."""
    if page.name_verdict != NameVerdict.MISMATCH or not page.expected_name:
        return ""
    return _("Tên trang chưa đúng quy ước, đề nghị đổi thành: %(name)s") % {
        "name": page.expected_name
    }


def districts_without_page_manager(unit: Unit, day=None) -> QuerySet[Unit]:
    """Districts of the unit's subtree (valid on `day`) whose active community page names no
    manager: the contact point of seed 002 item 4 is the manager of the district's page, so
    no separate field on the unit is kept."""
    day = day or timezone.localdate()
    with_manager = CommunityPage.objects.filter(active=True, manager__isnull=False).values(
        "unit_id"
    )
    return (
        Unit.objects.filter(path__startswith=unit.path, level__key="district")
        .valid_on(day)
        .exclude(pk__in=with_manager)
        .order_by("path")
    )


def same_platform_pages(page: CommunityPage) -> QuerySet[CommunityPage]:
    """The unit's other active pages on the same platform: a unit normally runs one."""
    return CommunityPage.objects.filter(
        unit_id=page.unit_id, platform_id=page.platform_id, active=True
    ).exclude(pk=page.pk)


NETWORK_NAMES = {"facebook": "Facebook", "zalo": "Zalo", "tiktok": "TikTok", "youtube": "YouTube"}


def link_kind(page: CommunityPage) -> tuple[str, bool]:
    """What the page's link is, in words, and whether it names one account for sure: a
    zalo.me/<phone> link is a personal Zalo (not a community page's Official Account), a
    zalo.me/<id> one an Official Account; only a share link or an unknown address of a
    network cannot be checked without going online."""
    try:
        link = normalize_link(page.canonical or page.link_raw, default_platform=None)
    except LinkError:
        return _("Liên kết không đọc được"), False
    if link.kind == "personal":
        phone = format_phone_national(link.phone_e164 or "")
        return _("Zalo cá nhân của số %(phone)s, không phải Zalo OA") % {"phone": phone}, False
    network = NETWORK_NAMES.get(link.platform or "", link.platform or "")
    known = {
        "official_account": _("Zalo Official Account"),
        "group": _("Nhóm %(network)s") % {"network": network},
        "profile_or_page": _("Trang hoặc tài khoản Facebook"),
        "channel": _("Kênh %(network)s") % {"network": network},
        "website": _("Trang web"),
    }
    if link.kind in known:
        return known[link.kind], True
    if link.kind == "share":
        return _("Liên kết chia sẻ: chưa xác định được trang"), False
    return _("Địa chỉ khác của mạng này: chưa xác định được trang"), False
