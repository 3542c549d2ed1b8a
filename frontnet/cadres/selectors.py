"""Reads of cadres, accounts and official channels. Scope comes from frontnet.units.selectors.

Lists are annotated in SQL (Exists, subquery counts) so their query count does not grow with
the number of cadres.
"""

import re
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import (
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from frontnet.core.vntext import fold_search
from frontnet.privacy.selectors import consent_ok_exists, listable_q
from frontnet.units.access import (
    one_or_404,
    province_path_of,
    scope_q,
    scope_roots,
    user_can_edit_unit,
)
from frontnet.units.models import Unit

from .models import (
    Cadre,
    CadreCategory,
    ChannelFollow,
    FollowStatus,
    OfficialChannel,
    SocialAccount,
)


def active_q(prefix: str = "") -> Q:
    today = timezone.localdate()
    return Q(**{f"{prefix}active_to__isnull": True}) | Q(**{f"{prefix}active_to__gte": today})


# --- Cadres ----------------------------------------------------------------------------------


def cadres_visible_to(user) -> QuerySet[Cadre]:
    return Cadre.objects.filter(scope_q(user=user, prefix="unit__")).select_related(
        "unit", "category"
    )


def cadre_get_for_user(user, pk) -> Cadre:
    return one_or_404(cadres_visible_to(user), pk, "cadre not in scope")


def cadre_can_edit(user, cadre: Cadre) -> bool:
    return user_can_edit_unit(user=user, unit=cadre.unit)


def cadre_get_editable(user, pk) -> Cadre:
    """A cadre to change: 404 out of scope, then 403 when the user may only read it."""
    cadre = cadre_get_for_user(user, pk)
    if not cadre_can_edit(user, cadre):
        raise PermissionDenied
    return cadre


def categories() -> QuerySet[CadreCategory]:
    return CadreCategory.objects.filter(active=True)


_PHONE_QUERY = re.compile(r"[0-9+\s.\-]{6,}")


def _has_account(network: str) -> Exists:
    return Exists(SocialAccount.objects.filter(cadre=OuterRef("pk"), platform__network=network))


def cadre_list(
    user,
    unit: Unit,
    *,
    subtree: bool = False,
    q: str = "",
    category: CadreCategory | None = None,
    has_facebook: bool | None = None,
    has_zalo: bool | None = None,
    follows_all: bool | None = None,
    include_ended: bool = False,
) -> QuerySet[Cadre]:
    """The cadres of a unit (or of its whole subtree), each annotated with has_facebook,
    has_zalo, follows_count (official channels followed) and follows_all.

    "Follows all" means every active official channel of the province; a province that has
    listed none has nobody who follows them all."""
    qs = cadres_visible_to(user).select_related("unit__level")
    qs = qs.filter(unit__path__startswith=unit.path) if subtree else qs.filter(unit=unit)
    if not include_ended:
        qs = qs.filter(active_q())
    if category is not None:
        qs = qs.filter(category=category)
    needle = fold_search(q)
    if needle:
        match = Q(search_name__contains=needle)
        if _PHONE_QUERY.fullmatch(q.strip()):
            digits = re.sub(r"\D", "", q).removeprefix("84").lstrip("0")
            match |= Q(phone__contains=digits)
        qs = qs.filter(match)
    channel_ids = list(
        official_channels_for(unit).values_list("pk", flat=True)
    )  # one query, whatever the number of cadres
    followed = (
        ChannelFollow.objects.filter(
            cadre=OuterRef("pk"), channel_id__in=channel_ids, status=FollowStatus.YES
        )
        .values("cadre")
        .annotate(n=Count("pk"))
        .values("n")
    )
    qs = qs.filter(listable_q(user=user, unit=unit)).annotate(
        consent_ok=consent_ok_exists(),
        has_facebook=_has_account("facebook"),
        has_zalo=_has_account("zalo"),
        follows_count=Coalesce(Subquery(followed, output_field=IntegerField()), Value(0)),
    )
    if has_facebook is not None:
        qs = qs.filter(has_facebook=has_facebook)
    if has_zalo is not None:
        qs = qs.filter(has_zalo=has_zalo)
    if follows_all is not None:
        if channel_ids:
            everything = Q(follows_count=len(channel_ids))
            qs = qs.filter(everything if follows_all else ~everything)
        elif follows_all:
            qs = qs.none()
    return qs.order_by("unit__path", "search_name", "pk")


def unit_cadre_counts(unit: Unit) -> dict[str, int]:
    """Active cadres of the unit itself and of its whole subtree: one query."""
    return Cadre.objects.filter(active_q(), unit__path__startswith=unit.path).aggregate(
        own=Count("pk", filter=Q(unit=unit)), subtree=Count("pk")
    )


# --- Accounts --------------------------------------------------------------------------------


def accounts_visible_to(user) -> QuerySet[SocialAccount]:
    return SocialAccount.objects.filter(scope_q(user=user, prefix="unit__")).select_related(
        "platform", "unit", "cadre"
    )


def account_get_for_user(user, pk) -> SocialAccount:
    return one_or_404(accounts_visible_to(user), pk, "account not in scope")


def accounts_of_cadre(cadre: Cadre) -> QuerySet[SocialAccount]:
    return cadre.accounts.select_related("platform").order_by("platform__order", "canonical")


def accounts_of_unit(unit: Unit) -> QuerySet[SocialAccount]:
    """The unit's collective accounts (not its cadres')."""
    return (
        SocialAccount.objects.filter(unit=unit, cadre__isnull=True)
        .select_related("platform")
        .order_by("platform__order", "canonical")
    )


@dataclass(frozen=True)
class OtherOwner:
    """Another owner of the same canonical account. `label` is empty when the user may not
    see that owner: the page then says only that someone outside their scope has it."""

    label: str
    unit: Unit | None
    cadre: Cadre | None

    @property
    def hidden(self) -> bool:
        return not self.label

    def __str__(self) -> str:
        return self.label or _("một đơn vị ngoài phạm vi của bạn")


def account_duplicates(user, accounts) -> dict[int, list[OtherOwner]]:
    """For each account, the other owners registered with the same canonical form: two
    queries whatever the number of accounts."""
    accounts = list(accounts)
    if not accounts:
        return {}
    roots = [r.path for r in scope_roots(user=user)]
    today = timezone.localdate()
    others = SocialAccount.objects.filter(
        canonical__in={a.canonical for a in accounts}
    ).select_related("unit", "cadre")
    found: dict[int, list[OtherOwner]] = {a.pk: [] for a in accounts}
    for account in accounts:
        for other in others:
            if other.canonical != account.canonical or other.pk == account.pk:
                continue
            if account.cadre_id and other.cadre_id == account.cadre_id:
                continue
            if not account.cadre_id and not other.cadre_id and other.unit_id == account.unit_id:
                continue
            if other.unit.valid_to and other.unit.valid_to < today:
                continue  # a closed unit's record is history (the 2025 reform carried it on)
            visible = any(other.unit.path.startswith(r) for r in roots)
            label = ""
            if visible:
                label = (
                    f"{other.cadre.full_name} ({other.unit.name})"
                    if other.cadre_id
                    else _("tài khoản tập thể của %(unit)s") % {"unit": other.unit.name}
                )
            found[account.pk].append(
                OtherOwner(
                    label=label,
                    unit=other.unit if visible else None,
                    cadre=other.cadre if visible else None,
                )
            )
    return found


# --- Official channels -----------------------------------------------------------------------


def official_channels_for(unit: Unit, *, include_inactive: bool = False):
    """The official channels of the unit's province (the root of its tree)."""
    qs = OfficialChannel.objects.filter(province__path=province_path_of(unit=unit))
    if not include_inactive:
        qs = qs.filter(active=True)
    return qs.select_related("platform").order_by("order", "name")


def official_channels_visible_to(user) -> QuerySet[OfficialChannel]:
    return OfficialChannel.objects.filter(scope_q(user=user, prefix="province__")).select_related(
        "platform", "province"
    )


def official_channel_get_for_user(user, pk) -> OfficialChannel:
    return one_or_404(official_channels_visible_to(user), pk, "channel not in scope")


def follows_of_cadre(cadre: Cadre) -> list[tuple[OfficialChannel, ChannelFollow | None]]:
    """Each active official channel of the cadre's province with the cadre's answer (if any)."""
    channels = list(official_channels_for(cadre.unit))
    answers = {f.channel_id: f for f in cadre.follows.filter(channel__in=channels)}
    return [(ch, answers.get(ch.pk)) for ch in channels]
