"""Accounts in bulk from a workbook: validate → preview → commit, as the form import does.

Columns (found by `frontnet.core.sheets.find_header`, under title rows, in any order):
Họ và tên, Đơn vị (code or name), Vai trò (its Vietnamese name as the app shows it),
Điện thoại, Email and an optional Tên đăng nhập. A row names an account by its username,
or, without one, by its name within its unit; an account that already holds what the row
says is unchanged, so importing the same file twice changes nothing. Bad rows are located
(sheet, row, column) and left out; the good ones are written in one transaction, through
the same services (and permission checks) as the web form.
"""

import datetime as dt
import uuid
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from frontnet.audit.models import Channel
from frontnet.core.sheets import UnreadableFile, cell_text, find_header, fold_header, read_workbook
from frontnet.core.vntext import fold_form
from frontnet.units import access
from frontnet.units.models import Unit
from frontnet.units.services import RowError

from . import services
from .models import Role, User

HEADERS = {
    "full_name": {"ho va ten", "ho ten", "ten can bo", "ten nguoi dung"},
    "unit": {"don vi", "ma don vi", "ten don vi", "ma hoac ten don vi"},
    "role": {"vai tro"},
    "phone": {"dien thoai", "so dien thoai", "sdt"},
    "email": {"email", "e mail", "thu dien tu"},
    "username": {"ten dang nhap"},
}
REQUIRED = ("full_name", "unit", "role")
COLUMN_NAMES = {
    "full_name": "Họ và tên",
    "unit": "Đơn vị",
    "role": "Vai trò",
    "phone": "Điện thoại",
    "email": "Email",
    "username": "Tên đăng nhập",
}


@dataclass
class Row:
    sheet: str
    line: int
    action: str  # "create" | "update" | "unchanged"
    unit: Unit
    role: str
    full_name: str
    phone: str
    email: str
    username: str
    account: User | None = None

    @property
    def role_label(self) -> str:
        return str(Role(self.role).label)


@dataclass
class AccountPlan:
    rows: list[Row] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    unreadable: str = ""

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)

    def counts(self) -> dict[str, int]:
        return {a: self.count(a) for a in ("create", "update", "unchanged")}

    @property
    def summary(self) -> str:
        return (
            f"created={self.count('create')} updated={self.count('update')} "
            f"unchanged={self.count('unchanged')} rejected={len(self.errors)}"
        )


def _role_names() -> dict[str, str]:
    with translation.override("vi"):
        names = {fold_header(str(label)): value for value, label in Role.choices}
    names.update({fold_header(v): v for v in Role.values})
    return names


class _Units:
    """Units by code and by folded name, with whether the uploader may manage each."""

    def __init__(self, by):
        self.by = by
        self.roots = access.scope_roots(user=by)
        # The uploader's provinces: a unit there but outside their subtree is named as such;
        # a unit of another province is simply unknown to them.
        paths = {access.province_path_of(unit=r) for r in self.roots}
        rows = Unit.objects.filter(
            reduce(or_, (Q(path__startswith=p) for p in paths), Q(pk__in=[]))
        ).exclude(level__key="residential")
        self.by_code: dict[str, list[Unit]] = {}
        self.by_name: dict[str, list[Unit]] = {}
        for u in rows.select_related("level"):
            if u.code:
                self.by_code.setdefault(u.code.lstrip("0") or u.code, []).append(u)
            self.by_name.setdefault(fold_form(u.name), []).append(u)
            self.by_name.setdefault(fold_form(u.front_name), []).append(u)

    def find(self, text: str) -> tuple[Unit | None, str]:
        key = text.strip()
        found = self.by_code.get(key.lstrip("0") or key) or self.by_name.get(fold_form(key)) or []
        found = list({u.pk: u for u in found}.values())
        if not found:
            return None, _("không có đơn vị “%(unit)s”.") % {"unit": text}
        if len(found) > 1:
            return None, _("có nhiều đơn vị tên “%(unit)s”; hãy ghi mã đơn vị.") % {"unit": text}
        unit = found[0]
        if not access.user_can_manage_accounts(user=self.by, unit=unit):
            return None, _("đơn vị “%(unit)s” ngoài phạm vi quản lý của bạn.") % {"unit": text}
        return unit, ""


def plan_accounts(*, data: bytes, filename: str, by) -> AccountPlan:
    """Read and check every row; writes nothing."""
    plan = AccountPlan()
    try:
        sheets = read_workbook(data, filename)
    except UnreadableFile as exc:
        plan.unreadable = str(exc)
        return plan
    units = _Units(by)
    roles = _role_names()
    grantable = set(access.roles_grantable_by(user=by))
    taken: dict[str, int] = {}  # username -> line that named it first
    named: dict[tuple[int, str], int] = {}  # (unit, folded name) -> line, for rows with no username
    header_found = False
    for sheet in sheets:
        match = find_header(sheet, HEADERS)
        if match is None or not set(REQUIRED) <= set(match.columns):
            continue
        header_found = True
        cols = match.columns

        def get(row, name, cols=cols):
            col = cols.get(name)
            return cell_text(row[col]) if col is not None and col < len(row) else ""

        for index in range(match.row + 1, len(sheet.rows)):
            raw = sheet.rows[index]
            values = {name: get(raw, name) for name in HEADERS}
            if not any(values.values()):
                continue
            line = index + 1

            def err(column, message, sheet=sheet, line=line):
                plan.errors.append(RowError(sheet.name, line, COLUMN_NAMES[column], message))

            missing = [n for n in REQUIRED if not values[n]]
            if missing:
                err(missing[0], _("chưa nhập."))
                continue
            unit, problem = units.find(values["unit"])
            if unit is None:
                err("unit", problem)
                continue
            role = roles.get(fold_header(values["role"]))
            if role is None:
                err("role", _("không có vai trò “%(role)s”.") % {"role": values["role"]})
                continue
            if role not in grantable:
                err(
                    "role",
                    _("vai trò “%(role)s” cao hơn quyền của bạn, không cấp được.")
                    % {"role": values["role"]},
                )
                continue
            try:
                full_name, phone, email = services._clean_fields(
                    full_name=values["full_name"], phone=values["phone"], email=values["email"]
                )
            except ValidationError as exc:
                column, messages = next(iter(exc.message_dict.items()))
                err(column, messages[0])
                continue
            username = values["username"].strip().lower()
            account = None
            if username:
                if username in taken:
                    err(
                        "username",
                        _("tên đăng nhập “%(username)s” trùng với dòng %(line)s.")
                        % {"username": username, "line": taken[username]},
                    )
                    continue
                taken[username] = line
                account = User.objects.filter(username=username).select_related("unit").first()
                if account is None:
                    try:
                        services._check_username(username)
                    except ValidationError as exc:
                        err("username", exc.message_dict["username"][0])
                        continue
                elif not access.user_can_manage_account(user=by, account=account):
                    err(
                        "username",
                        _("tên đăng nhập “%(username)s” đã có người dùng.")
                        % {"username": username},
                    )
                    continue
            else:
                key = (unit.pk, fold_form(full_name))
                if key in named:
                    err(
                        "full_name",
                        _("trùng họ tên và đơn vị với dòng %(line)s; hãy ghi tên đăng nhập.")
                        % {"line": named[key]},
                    )
                    continue
                named[key] = line
                same = [
                    u for u in User.objects.filter(unit=unit) if fold_form(u.full_name) == key[1]
                ]
                account = same[0] if len(same) == 1 else None
            if account is None:
                action = "create"
            else:
                now = (
                    account.unit_id,
                    account.role,
                    account.full_name,
                    account.phone,
                    account.email,
                )
                action = (
                    "unchanged" if now == (unit.pk, role, full_name, phone, email) else "update"
                )
            plan.rows.append(
                Row(
                    sheet.name, line, action, unit, role, full_name, phone, email, username, account
                )
            )
    if not header_found and not plan.unreadable:
        plan.errors.append(
            RowError(
                filename,
                0,
                "",
                _("Không tìm thấy dòng tiêu đề có các cột “Họ và tên”, “Đơn vị”, “Vai trò”."),
            )
        )
    return plan


@transaction.atomic
def commit_accounts(*, plan: AccountPlan, by, channel: str = Channel.IMPORT) -> list[User]:
    """Write the good rows of a checked plan; returns the accounts created (for their links)."""
    created = []
    for row in plan.rows:
        # What a row gives, the same for a new account and for one it updates.
        given = {
            "unit": row.unit,
            "role": row.role,
            "full_name": row.full_name,
            "phone": row.phone,
            "email": row.email,
        }
        try:
            if row.action == "create":
                created.append(
                    services.account_create(by=by, username=row.username, channel=channel, **given)
                )
            elif row.action == "update":
                services.account_update(account=row.account, by=by, channel=channel, **given)
        except (ValidationError, PermissionDenied) as exc:
            # Checked already; a change since the preview aborts everything, nothing half-written.
            raise ValidationError(
                str(
                    RowError(
                        row.sheet, row.line, "", "; ".join(getattr(exc, "messages", [str(exc)]))
                    )
                )
            ) from exc
    return created


# The web page keeps the uploaded file between its preview and its commit in the storage
# backend (never in the session); the commit checks it again against the data of that moment.
KEPT_UNDER = "account-imports/"


def upload_keep(*, data: bytes) -> str:
    return default_storage.save(f"{KEPT_UNDER}{uuid.uuid4().hex}.bin", ContentFile(data))


def upload_read(*, name: str) -> bytes | None:
    if not name.startswith(KEPT_UNDER) or not default_storage.exists(name):
        return None
    with default_storage.open(name) as f:
        return f.read()


def upload_discard(*, name: str) -> None:
    if name.startswith(KEPT_UNDER):
        default_storage.delete(name)


def kept_uploads_purge(*, hours: int = 24, now: dt.datetime | None = None) -> int:
    """Remove the kept files of previews nobody committed or cancelled, `hours` after upload:
    they hold the people's names and phones. Returns how many were removed."""
    cutoff = (now or timezone.now()) - dt.timedelta(hours=hours)
    try:
        _dirs, names = default_storage.listdir(KEPT_UNDER)
    except FileNotFoundError:  # nothing kept yet
        return 0
    removed = 0
    for name in names:
        path = f"{KEPT_UNDER}{name}"
        if default_storage.get_modified_time(path) < cutoff:
            default_storage.delete(path)
            removed += 1
    return removed
