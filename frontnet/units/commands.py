"""What management commands share: who runs them and which unit they name, with the same
scope rules as the web, and errors as CommandError in Vietnamese."""

from pathlib import Path

from django.core.management.base import CommandError

from frontnet.accounts.models import User

from .models import Unit
from .selectors import unit_find_for_user


def command_user(username: str | None, *, required: bool = False, returncode: int = 1) -> User:
    """The active user named by --as; without one (where allowed) a user who sees everything."""
    if not username:
        if required:
            raise CommandError("Thiếu --as (người thực hiện).", returncode=returncode)
        return User(is_superuser=True, is_active=True)
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(f"Không có người dùng “{username}”.", returncode=returncode)
    return user


def command_unit(user: User, code_or_name: str, *, returncode: int = 1, day=None) -> Unit:
    """The unit named in a command, valid on `day` (default today)."""
    try:
        return unit_find_for_user(user, code_or_name, day=day)
    except Unit.DoesNotExist:
        whose = f" trong phạm vi của {user.username}" if user.pk else ""
        raise CommandError(
            f"Không có đơn vị “{code_or_name}”{whose}.", returncode=returncode
        ) from None
    except Unit.MultipleObjectsReturned as exc:
        raise CommandError(
            f"“{code_or_name}” chỉ nhiều đơn vị: {exc}", returncode=returncode
        ) from None


def command_file(name: str, *, returncode: int = 1) -> Path:
    """The file a command reads, which must be there."""
    path = Path(name)
    if not path.is_file():
        raise CommandError(f"Không thấy tệp “{name}”.", returncode=returncode)
    return path


def add_import_arguments(parser, *, unit: bool = False) -> None:
    """What every import command is given: the file, the unit it is for (where asked), and
    who runs it."""
    parser.add_argument("file")
    if unit:
        parser.add_argument("--unit", required=True, help="Mã hoặc tên đơn vị.")
    parser.add_argument("--as", dest="username", required=True, help="Người thực hiện.")
