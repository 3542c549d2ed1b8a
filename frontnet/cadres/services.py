"""What changes cadres, their social accounts and the province's official channels.

Every write validates first and writes after, inside one transaction, and leaves one audit
entry that says who, through which channel, and what changed. Cadres are ended, never deleted:
people leave, their history stays.

Raw input (a phone as typed, a link as pasted) is normalised here too, so a command that calls
a service directly gets the same checks as the web form (which runs them earlier only to show
each message next to its field).
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from frontnet.audit.models import Action, Channel
from frontnet.audit.services import audit_record, save_audited, snapshot
from frontnet.core.vntext import clean_text, fold_search
from frontnet.units.access import province_path_of
from frontnet.units.models import Unit

from .fields import NETWORK_EXAMPLES, editable_fields, field_message, with_example
from .models import (
    Cadre,
    CadreCategory,
    ChannelFollow,
    FollowStatus,
    OfficialChannel,
    Platform,
    SocialAccount,
)
from .normalize import Link, LinkError, PhoneError, normalize_link, normalize_phone

# A cadre's own fields, as cadre_create / cadre_update take them (from the one definition).
CADRE_FIELDS = editable_fields()


# --- Field rules shared by the services and the forms ----------------------------------------


def phone_values(raw: str | int | float | None) -> dict:
    """Cadre.phone, phone_kind and phone_raw from a phone as typed (or read from a cell)."""
    if raw is None or (isinstance(raw, str) and not clean_text(raw)):
        return {"phone": "", "phone_kind": "", "phone_raw": ""}
    try:
        phone = normalize_phone(raw)
    except PhoneError as exc:
        message = _("Số điện thoại: %(error)s") % {"error": exc}
        raise ValidationError({"phone": field_message("phone", message)}) from None
    typed = str(int(raw)) if isinstance(raw, float) and raw.is_integer() else clean_text(str(raw))
    return {"phone": phone.e164, "phone_kind": phone.kind, "phone_raw": typed[:40]}


def account_link(raw, platform: Platform, *, field: str = "link") -> Link:
    """A link (or, for a personal Zalo account, a phone) checked against the chosen platform.
    Each message ends with an example of the platform's own kind."""

    def refuse(message):
        example = NETWORK_EXAMPLES.get(platform.network, "")
        return ValidationError({field: with_example(message, example)})

    if not clean_text(str(raw or "")):
        raise refuse(_("Liên kết: chưa nhập liên kết."))
    try:
        link = normalize_link(raw, default_platform=platform.network)
    except LinkError as exc:
        raise refuse(_("Liên kết: %(error)s") % {"error": exc}) from None
    if link.platform != platform.network:
        raise refuse(
            _("Liên kết: đây không phải liên kết %(network)s (đã chọn “%(platform)s”).")
            % {"network": platform.get_network_display(), "platform": platform.name}
        )
    if link.kind == "personal" and not platform.for_people:
        raise refuse(_("Liên kết: số điện thoại chỉ dùng cho tài khoản Zalo cá nhân."))
    if len(link.canonical) > 500 or len(link.original) > 500:
        raise refuse(_("Liên kết: dài quá 500 ký tự."))
    return link


def _check_owner_platform(platform: Platform, *, for_cadre: bool) -> None:
    if for_cadre and not platform.for_people:
        raise ValidationError(
            {
                "platform": _("Nền tảng: “%(name)s” là tài khoản tập thể, không dùng cho cá nhân.")
                % {"name": platform.name}
            }
        )
    if not for_cadre and not platform.for_units:
        raise ValidationError(
            {
                "platform": _("Nền tảng: “%(name)s” là tài khoản cá nhân, không dùng cho đơn vị.")
                % {"name": platform.name}
            }
        )


def _clean_cadre_text(cadre: Cadre) -> None:
    cadre.full_name = clean_text(cadre.full_name)
    cadre.position = clean_text(cadre.position)
    cadre.email = clean_text(cadre.email).lower()
    cadre.search_name = fold_search(cadre.full_name)
    if not cadre.full_name:
        raise ValidationError({"full_name": _("Họ và tên không được để trống.")})


# --- Cadres ----------------------------------------------------------------------------------


@transaction.atomic
def cadre_create(
    *,
    unit: Unit,
    by,
    full_name: str,
    category: CadreCategory,
    gender: str = "",
    birth_year: int | None = None,
    position: str = "",
    phone: str | int | float | None = "",
    email: str = "",
    active_from: dt.date | None = None,
    accounts: Sequence[tuple[Platform, str]] = (),
    consent_on: dt.date | None = None,
    channel: str = Channel.WEB,
    **fields,
) -> Cadre:
    """Add a cadre to a unit, with the accounts given (all or nothing) and, `consent_on`, the
    day they agreed to the province's current notice. `fields`: any other field of the
    definition (cadres/fields.py), so a new field needs no new argument here."""
    unknown = set(fields) - set(CADRE_FIELDS)
    if unknown:
        raise TypeError(f"cadre_create() got unexpected fields: {sorted(unknown)}")
    cadre = Cadre(
        unit=unit,
        full_name=full_name,
        category=category,
        gender=gender or "",
        birth_year=birth_year,
        position=position or "",
        email=email or "",
        active_from=active_from or timezone.localdate(),
        **phone_values(phone),
        **fields,
    )
    _clean_cadre_text(cadre)
    cadre.full_clean()
    cadre.save()
    audit_record(obj=cadre, by=by, action=Action.CREATE, channel=channel)
    for platform, link in accounts:
        social_account_add(cadre=cadre, platform=platform, link=link, by=by, channel=channel)
    _consent(cadre, consent_on, by=by, channel=channel)
    return cadre


def _consent(cadre: Cadre, day: dt.date | None, *, by, channel: str) -> None:
    """The consent typed in the cadre's form (frontnet/privacy keeps it, versioned)."""
    from frontnet.privacy.models import ConsentMethod
    from frontnet.privacy.services import consents_record

    if day is None:
        return
    try:
        consents_record(
            agreed={cadre.pk: day}, by=by, method=ConsentMethod.IN_PERSON, channel=channel
        )
    except ValidationError as exc:
        raise ValidationError({"consent": exc.messages}) from None


@dataclass(frozen=True)
class AccountChange:
    """One of a cadre's accounts as the edit form left it: `account` None is a new one."""

    account: SocialAccount | None
    platform: Platform | None = None
    link: str = ""
    remove: bool = False


@transaction.atomic
def cadre_update(
    *,
    cadre: Cadre,
    by,
    channel: str = Channel.WEB,
    accounts: Sequence[AccountChange] = (),
    consent_on: dt.date | None = None,
    **fields,
) -> Cadre:
    """Change a cadre's own fields, and with `accounts` its accounts (removed, changed, added;
    all or nothing). `phone` is taken as typed and normalised here. Only what changes is
    checked against the model's rules: a stored value that today's rules refuse never blocks
    an edit of another field."""
    unknown = set(fields) - set(CADRE_FIELDS)
    if unknown:
        raise TypeError(f"cadre_update() got unexpected fields: {sorted(unknown)}")
    _accounts_change(cadre=cadre, by=by, channel=channel, changes=accounts)
    _consent(cadre, consent_on, by=by, channel=channel)
    before = snapshot(cadre)
    for name, value in fields.items():
        if name == "phone":
            values = phone_values(value)
            # The same number typed another way is no change: keep what was typed first.
            if values["phone"] != cadre.phone:
                for key, val in values.items():
                    setattr(cadre, key, val)
        elif value is None and isinstance(Cadre._meta.get_field(name), models.CharField):
            setattr(cadre, name, "")
        else:
            setattr(cadre, name, value)
    _clean_cadre_text(cadre)
    after = snapshot(cadre)
    if after == before:
        return cadre
    cadre.full_clean(
        exclude=[
            f.name
            for f in Cadre._meta.concrete_fields
            if before.get(f.attname) == after.get(f.attname)
        ]
    )
    cadre.save()
    audit_record(
        obj=cadre, by=by, action=Action.UPDATE, channel=channel, before=before, after=after
    )
    return cadre


def _accounts_change(*, cadre: Cadre, by, channel: str, changes: Sequence[AccountChange]) -> None:
    # Removals first, then changes, then new ones: a link moved from one row to another
    # never meets itself.
    for change in changes:
        if change.account is not None and change.account.cadre_id != cadre.pk:
            raise ValidationError(_("Tài khoản này không phải của cán bộ."))
    for change in changes:
        if change.remove and change.account is not None:
            social_account_remove(account=change.account, by=by, channel=channel)
    for change in changes:
        if not change.remove and change.account is not None:
            social_account_update(
                account=change.account,
                platform=change.platform,
                link=change.link,
                by=by,
                channel=channel,
            )
    for change in changes:
        if not change.remove and change.account is None:
            social_account_add(
                cadre=cadre, platform=change.platform, link=change.link, by=by, channel=channel
            )


@transaction.atomic
def cadre_end(*, cadre: Cadre, by, on: dt.date, reason: str, channel: str = Channel.WEB) -> Cadre:
    """A cadre leaves the unit on a day. The record, its accounts and its history stay."""
    reason = clean_text(reason)
    if cadre.active_to is not None:
        raise ValidationError(
            _("Cán bộ này đã kết thúc công tác ngày %(day)s.")
            % {"day": cadre.active_to.strftime("%d/%m/%Y")}
        )
    if not reason:
        raise ValidationError({"end_reason": _("Lý do kết thúc: chưa nhập lý do.")})
    if cadre.active_from and on < cadre.active_from:
        raise ValidationError(
            {
                "active_to": _("Ngày kết thúc: không được trước ngày bắt đầu (%(day)s).")
                % {"day": cadre.active_from.strftime("%d/%m/%Y")}
            }
        )
    before = snapshot(cadre)
    cadre.active_to = on
    cadre.end_reason = reason
    cadre.full_clean()
    cadre.save(update_fields=["active_to", "end_reason", "updated_at"])
    audit_record(obj=cadre, by=by, action=Action.END, channel=channel, before=before, note=reason)
    return cadre


# --- Social accounts -------------------------------------------------------------------------


@transaction.atomic
def social_account_add(
    *,
    platform: Platform,
    link: str,
    by,
    cadre: Cadre | None = None,
    unit: Unit | None = None,
    channel: str = Channel.WEB,
) -> SocialAccount:
    """Register an account of a cadre, or (no cadre) a collective account of a unit.

    The link is stored in canonical form next to the text as typed. The same canonical
    account of another owner is allowed (people share a phone, data is wrong): the selectors
    flag it, with both owners, for someone to sort out."""
    if (cadre is None) == (unit is None):
        raise TypeError("social_account_add() needs exactly one of cadre= or unit=")
    _check_owner_platform(platform, for_cadre=cadre is not None)
    info = account_link(link, platform)
    account = SocialAccount(
        unit=cadre.unit if cadre is not None else unit,
        cadre=cadre,
        platform=platform,
        link_raw=clean_text(info.original),
        canonical=info.canonical,
        verifiable=info.verifiable,
        phone=info.phone_e164 or "",
    )
    _check_not_registered(account, info.canonical)
    account.full_clean()
    account.save()
    audit_record(obj=account, by=by, action=Action.CREATE, channel=channel)
    return account


def _check_not_registered(account: SocialAccount, canonical: str) -> None:
    same = SocialAccount.objects.filter(canonical=canonical).exclude(pk=account.pk)
    same = (
        same.filter(cadre_id=account.cadre_id)
        if account.cadre_id
        else same.filter(unit_id=account.unit_id, cadre__isnull=True)
    )
    if same.exists():
        raise ValidationError({"link": _("Liên kết: tài khoản này đã được ghi nhận rồi.")})


@transaction.atomic
def social_account_update(
    *, account: SocialAccount, platform: Platform, link: str, by, channel: str = Channel.WEB
) -> SocialAccount:
    """Correct an account's platform or link in place. The same account typed another way
    is no change (the text typed first is kept, as for a phone)."""
    _check_owner_platform(platform, for_cadre=account.cadre_id is not None)
    info = account_link(link, platform)
    if platform.pk == account.platform_id and info.canonical == account.canonical:
        return account
    _check_not_registered(account, info.canonical)
    before = snapshot(account)
    account.platform = platform
    account.link_raw = clean_text(info.original)
    account.canonical = info.canonical
    account.verifiable = info.verifiable
    account.phone = info.phone_e164 or ""
    account.full_clean()
    fields = ["platform", "link_raw", "canonical", "verifiable", "phone", "updated_at"]
    save_audited(
        account, update_fields=fields, before=before, by=by, action=Action.UPDATE, channel=channel
    )
    return account


@transaction.atomic
def social_account_remove(*, account: SocialAccount, by, channel: str = Channel.WEB) -> None:
    """An account that was wrong or closed. The audit entry keeps what it was."""
    before = snapshot(account)
    audit_record(obj=account, by=by, action=Action.DELETE, channel=channel, before=before)
    account.delete()


# --- The province's official channels and who follows them -----------------------------------


def _check_channel_unique(official: OfficialChannel) -> None:
    clash = OfficialChannel.objects.filter(
        province=official.province, canonical=official.canonical
    ).exclude(pk=official.pk)
    if clash.exists():
        raise ValidationError({"link": _("Liên kết: kênh này đã có trong danh sách.")})


@transaction.atomic
def official_channel_create(
    *,
    province: Unit,
    platform: Platform,
    name: str,
    link: str,
    by,
    order: int = 0,
    active: bool = True,
    channel: str = Channel.WEB,
) -> OfficialChannel:
    if province.parent_id is not None:
        raise ValidationError(_("Kênh chính thức chỉ khai báo ở cấp tỉnh."))
    info = account_link(link, platform, field="link")
    official = OfficialChannel(
        province=province,
        platform=platform,
        name=clean_text(name),
        link_raw=clean_text(info.original),
        canonical=info.canonical,
        order=order or 0,
        active=active,
    )
    if not official.name:
        raise ValidationError({"name": _("Tên kênh: chưa nhập tên.")})
    official.full_clean(exclude=["canonical"])
    _check_channel_unique(official)
    official.save()
    audit_record(obj=official, by=by, action=Action.CREATE, channel=channel)
    return official


@transaction.atomic
def official_channel_update(
    *, official_channel: OfficialChannel, by, channel: str = Channel.WEB, **fields
) -> OfficialChannel:
    """Change a channel's name, platform, link, order or whether it is still followed."""
    official = official_channel
    unknown = set(fields) - {"platform", "name", "link", "order", "active"}
    if unknown:
        raise TypeError(f"official_channel_update() got unexpected fields: {sorted(unknown)}")
    before = snapshot(official)
    if "platform" in fields:
        official.platform = fields["platform"]
    if "name" in fields:
        official.name = clean_text(fields["name"])
        if not official.name:
            raise ValidationError({"name": _("Tên kênh: chưa nhập tên.")})
    if "order" in fields:
        official.order = fields["order"] or 0
    if "active" in fields:
        official.active = bool(fields["active"])
    if "link" in fields or "platform" in fields:
        info = account_link(fields.get("link", official.link_raw), official.platform, field="link")
        official.link_raw, official.canonical = clean_text(info.original), info.canonical
    official.full_clean(exclude=["canonical"])
    _check_channel_unique(official)
    after = snapshot(official)
    if after == before:
        return official
    official.save()
    audit_record(
        obj=official, by=by, action=Action.UPDATE, channel=channel, before=before, after=after
    )
    return official


@transaction.atomic
def channel_follow_set(
    *,
    cadre: Cadre,
    official_channel: OfficialChannel,
    status: str,
    by,
    confirmed_on: dt.date | None = None,
    channel: str = Channel.WEB,
) -> ChannelFollow:
    """Whether a cadre follows (or has joined) one official channel, as confirmed on a day.

    "Unknown" carries no date. A known answer without a date is confirmed today."""
    if status not in FollowStatus.values:
        raise ValidationError({"status": _("Theo dõi: chỉ chọn Có, Không hoặc Chưa rõ.")})
    if official_channel.province.path != province_path_of(unit=cadre.unit):
        raise ValidationError(_("Kênh này không phải kênh chính thức của tỉnh của cán bộ."))
    today = timezone.localdate()
    if status == FollowStatus.UNKNOWN:
        confirmed_on = None
    elif confirmed_on is None:
        confirmed_on = today
    elif confirmed_on > today:
        raise ValidationError({"confirmed_on": _("Ngày xác nhận: không được ở tương lai.")})
    follow = ChannelFollow.objects.filter(cadre=cadre, channel=official_channel).first()
    created = follow is None
    if created:
        follow = ChannelFollow(cadre=cadre, channel=official_channel)
    before = snapshot(follow)
    follow.status, follow.confirmed_on = status, confirmed_on
    follow.full_clean()
    after = snapshot(follow)
    if not created and after == before:
        return follow
    follow.save()
    audit_record(
        obj=follow,
        by=by,
        action=Action.CREATE if created else Action.UPDATE,
        channel=channel,
        before=None if created else before,
        after=after,
    )
    return follow


@transaction.atomic
def channel_follows_set(
    *,
    cadre: Cadre,
    answers: Sequence[tuple[OfficialChannel, str]],
    by,
    confirmed_on: dt.date | None = None,
    channel: str = Channel.WEB,
) -> None:
    """A cadre's answer for several official channels at once (all or nothing)."""
    for official, status in answers:
        channel_follow_set(
            cadre=cadre,
            official_channel=official,
            status=status,
            confirmed_on=confirmed_on,
            by=by,
            channel=channel,
        )
