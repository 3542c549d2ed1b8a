"""What changes accounts and area assignments. Every change is audited with its unit.

The permission rules live in `frontnet.units.access` and are checked here, in the service,
whatever the form showed: a district's staff cannot make a province administrator by posting
a hand-made form. No password is ever set by an administrator: a new account gets an
unusable password and a one-time activation link (`tokens.py`); deactivating keeps the
account and everything it did.
"""

import datetime as dt
import re

from django.contrib.auth import password_validation
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from frontnet.audit.models import Action, Channel
from frontnet.audit.services import audit_record, save_audited, snapshot
from frontnet.cadres.normalize import PhoneError, normalize_phone
from frontnet.core.vntext import clean_text, fold_search
from frontnet.units import access
from frontnet.units.models import Unit

from .models import AreaAssignment, Role, User

ACCOUNT_FIELDS = ("username", "full_name", "unit_id", "role", "phone", "email", "is_active")
USERNAME_RE = re.compile(r"^[a-z0-9._-]{3,150}$")


def _check_grant(*, by, unit: Unit, role: str) -> None:
    """Refuse a unit outside the actor's scope (PermissionDenied) or a role above theirs."""
    if by is None:
        return  # commands and migrations act as the system
    if not access.user_can_manage_accounts(user=by, unit=unit):
        raise PermissionDenied(_("Bạn không được quản lý tài khoản của %(unit)s.") % {"unit": unit})
    if role not in access.roles_grantable_by(user=by):
        raise ValidationError(
            {
                "role": _("Bạn không được cấp vai trò “%(role)s”.")
                % {"role": Role(role).label if role in Role.values else role}
            }
        )


def _clean_fields(*, full_name: str, phone: str, email: str) -> tuple[str, str, str]:
    full_name = clean_text(full_name)
    if not full_name:
        raise ValidationError({"full_name": _("Họ và tên không được để trống.")})
    phone = clean_text(phone)
    if phone:
        # Stored as cadres' phones are (E.164), so an account and its cadre match.
        try:
            phone = normalize_phone(phone).e164
        except PhoneError as exc:
            raise ValidationError({"phone": str(exc)}) from None
    email = clean_text(email).lower()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise ValidationError(
                {"email": _("Địa chỉ e-mail “%(email)s” không hợp lệ.") % {"email": email}}
            ) from None
    return full_name, phone, email


def username_suggest(*, full_name: str, unit: Unit) -> str:
    """A free username from the name and the unit, without diacritics: "nguyenvanan.nghiloc"."""
    name = re.sub(r"[^a-z0-9]", "", fold_search(full_name).replace("đ", "d")) or "nguoidung"
    place = re.sub(r"[^a-z0-9]", "", fold_search(unit.bare_name).replace("đ", "d"))
    base = f"{name}.{place}"[:140] if place else name[:140]
    candidate, n = base, 1
    while User.objects.filter(username=candidate).exists():
        n += 1
        candidate = f"{base}{n}"
    return candidate


def _check_username(username: str, *, exclude_pk=None) -> str:
    username = clean_text(username).lower()
    if not USERNAME_RE.match(username):
        raise ValidationError(
            {
                "username": _(
                    "Tên đăng nhập “%(username)s” chỉ gồm chữ thường không dấu, số và . _ - "
                    "(từ 3 ký tự)."
                )
                % {"username": username}
            }
        )
    if User.objects.filter(username=username).exclude(pk=exclude_pk).exists():
        raise ValidationError(
            {
                "username": _("Tên đăng nhập “%(username)s” đã có người dùng.")
                % {"username": username}
            }
        )
    return username


@transaction.atomic
def account_create(
    *,
    by,
    unit: Unit,
    role: str,
    full_name: str,
    username: str = "",
    phone: str = "",
    email: str = "",
    channel: str = Channel.WEB,
) -> User:
    """A new account with no usable password: it is activated through a one-time link."""
    _check_grant(by=by, unit=unit, role=role)
    full_name, phone, email = _clean_fields(full_name=full_name, phone=phone, email=email)
    username = (
        _check_username(username) if username else username_suggest(full_name=full_name, unit=unit)
    )
    user = User(
        username=username, full_name=full_name, unit=unit, role=role, phone=phone, email=email
    )
    user.set_unusable_password()
    user.full_clean()
    user.save()
    audit_record(
        obj=user, by=by, action=Action.CREATE, channel=channel, after=snapshot(user, ACCOUNT_FIELDS)
    )
    return user


@transaction.atomic
def account_update(
    *,
    account: User,
    by,
    unit: Unit,
    role: str,
    full_name: str,
    phone: str = "",
    email: str = "",
    channel: str = Channel.WEB,
) -> User:
    """Change an account's unit, role, name or contacts (both the old and new place and role
    must be within what the actor may grant)."""
    account = User.objects.select_for_update().get(pk=account.pk)
    if by is not None and not access.user_can_manage_account(user=by, account=account):
        raise PermissionDenied
    _check_grant(by=by, unit=unit, role=role)
    before = snapshot(account, ACCOUNT_FIELDS)
    account.full_name, account.phone, account.email = _clean_fields(
        full_name=full_name, phone=phone, email=email
    )
    account.unit, account.role = unit, role
    account.full_clean()
    after = snapshot(account, ACCOUNT_FIELDS)
    if after == before:
        return account
    account.save()
    if before["role"] != Role.AREA_SPECIALIST or role != Role.AREA_SPECIALIST:
        # Assignments mean something only for a specialist: end them on a role change.
        _end_assignments(account, by=by, day=timezone.localdate(), channel=channel)
    audit_record(
        obj=account, by=by, action=Action.UPDATE, channel=channel, before=before, after=after
    )
    return account


def _set_active(*, account: User, by, active: bool, channel: str) -> User:
    account = User.objects.select_for_update().get(pk=account.pk)
    if by is not None and not access.user_can_manage_account(user=by, account=account):
        raise PermissionDenied
    if account.is_active == active:
        return account
    before = snapshot(account, ACCOUNT_FIELDS)
    account.is_active = active
    save_audited(
        account,
        update_fields=["is_active"],
        before=before,
        by=by,
        action=Action.UPDATE,
        channel=channel,
        note=_("Khoá tài khoản") if not active else _("Mở lại tài khoản"),
    )
    return account


@transaction.atomic
def account_deactivate(*, account: User, by, channel: str = Channel.WEB) -> User:
    """The person can no longer log in; the account and all it did stay."""
    return _set_active(account=account, by=by, active=False, channel=channel)


@transaction.atomic
def account_reactivate(*, account: User, by, channel: str = Channel.WEB) -> User:
    return _set_active(account=account, by=by, active=True, channel=channel)


@transaction.atomic
def account_issue_link(*, account: User, by, channel: str = Channel.WEB) -> str:
    """A fresh one-time link path (activation for a new account, reset otherwise). Earlier
    links stop working: the password hash they were made from is replaced."""
    from .tokens import link_path

    account = User.objects.select_for_update().get(pk=account.pk)
    if by is not None and not access.user_can_manage_account(user=by, account=account):
        raise PermissionDenied
    if not account.is_active:
        raise ValidationError(_("Tài khoản đang bị khoá; hãy mở lại trước khi gửi liên kết."))
    activation = account.last_login is None
    account.set_unusable_password()
    account.save(update_fields=["password"])
    audit_record(
        obj=account,
        by=by,
        action=Action.UPDATE,
        channel=channel,
        changes={},
        note=_("Cấp liên kết kích hoạt") if activation else _("Cấp liên kết đặt lại mật khẩu"),
    )
    return link_path(account)


@transaction.atomic
def password_set_from_link(*, account: User, password: str) -> User:
    """The person chooses their password through a valid link (checked by the view)."""
    password_validation.validate_password(password, account)
    account.set_password(password)
    account.save(update_fields=["password"])
    audit_record(obj=account, by=account, action=Action.UPDATE, changes={}, note=_("Đặt mật khẩu"))
    return account


@transaction.atomic
def profile_update(*, user: User, full_name: str, phone: str = "", email: str = "") -> User:
    """A person changes their own name and contacts (never their unit or role)."""
    user = User.objects.select_for_update().get(pk=user.pk)
    before = snapshot(user, ACCOUNT_FIELDS)
    user.full_name, user.phone, user.email = _clean_fields(
        full_name=full_name, phone=phone, email=email
    )
    user.full_clean()
    after = snapshot(user, ACCOUNT_FIELDS)
    if after != before:
        user.save(update_fields=["full_name", "phone", "email"])
        audit_record(obj=user, by=user, action=Action.UPDATE, before=before, after=after)
    return user


# --- Area specialists -------------------------------------------------------------------------


def _end_assignments(account: User, *, by, day: dt.date, channel: str) -> None:
    for row in AreaAssignment.objects.filter(user=account, valid_to__isnull=True):
        _end(row, by=by, day=day, channel=channel)


def _end(row: AreaAssignment, *, by, day: dt.date, channel: str) -> None:
    before = snapshot(row, ["valid_from", "valid_to"])
    # Ending on the day it started keeps it (from = to); ending earlier is not possible.
    row.valid_to = max(day, row.valid_from)
    save_audited(
        row,
        update_fields=["valid_to"],
        before=before,
        by=by,
        action=Action.UPDATE,
        channel=channel,
        note=_("Thôi theo dõi địa bàn"),
    )


@transaction.atomic
def assignment_create(
    *,
    by,
    specialist: User,
    unit: Unit,
    valid_from: dt.date | None = None,
    channel: str = Channel.WEB,
) -> AreaAssignment:
    """Give a specialist a district or commune to follow from `valid_from` (today)."""
    if by is not None and not access.user_can_assign_specialists(user=by, unit=unit):
        raise PermissionDenied
    if specialist.role != Role.AREA_SPECIALIST or not specialist.is_active:
        raise ValidationError(
            {
                "specialist": _("%(user)s không phải chuyên viên theo dõi địa bàn.")
                % {"user": specialist}
            }
        )
    if specialist.unit_id and not unit.path.startswith(
        access.province_path_of(unit=specialist.unit)
    ):
        raise ValidationError({"unit": _("Địa bàn phải thuộc tỉnh của chuyên viên.")})
    if unit.parent_id is None:
        raise ValidationError({"unit": _("Chỉ giao huyện hoặc xã, không giao cả tỉnh.")})
    row = AreaAssignment.objects.filter(user=specialist, unit=unit, valid_to__isnull=True).first()
    if row is not None:
        return row
    row = AreaAssignment(
        user=specialist,
        unit=unit,
        valid_from=valid_from or timezone.localdate(),
        assigned_by=by if getattr(by, "pk", None) else None,
    )
    row.full_clean()
    row.save()
    audit_record(obj=row, by=by, action=Action.CREATE, channel=channel, note=str(specialist))
    return row


@transaction.atomic
def assignment_end(
    *, by, assignment: AreaAssignment, day: dt.date | None = None, channel: str = Channel.WEB
) -> AreaAssignment:
    """The specialist stops following the unit after `day` (today); the row stays."""
    if by is not None and not access.user_can_assign_specialists(user=by, unit=assignment.unit):
        raise PermissionDenied
    if assignment.valid_to is None:
        _end(assignment, by=by, day=day or timezone.localdate(), channel=channel)
    return assignment


@transaction.atomic
def assignment_hand_over(
    *, by, assignment: AreaAssignment, to: User, channel: str = Channel.WEB
) -> AreaAssignment:
    """Another specialist follows the unit from today. What waits for the specialist there
    (pages to verify, notifications about the unit from now on) follows scope, so the new
    one finds it at once: nothing is copied. Their unread notifications about the unit's
    subtree are handed over too."""
    from frontnet.notifications.services import notifications_hand_over

    today = timezone.localdate()
    assignment_end(by=by, assignment=assignment, day=today - dt.timedelta(days=1), channel=channel)
    new = assignment_create(by=by, specialist=to, unit=assignment.unit, valid_from=today)
    notifications_hand_over(old=assignment.user, new=to, unit=assignment.unit)
    return new
