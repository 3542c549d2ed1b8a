from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from frontnet.accounts.models import User
from frontnet.units.models import Unit
from frontnet.units.selectors import unit_find_for_user
from frontnet.workbooks.export import template_build


class Command(BaseCommand):
    help = (
        "Xuất biểu mẫu (xlsx) của một đơn vị và các đơn vị trực thuộc, điền sẵn dữ liệu đang lưu."
    )

    def add_arguments(self, parser):
        parser.add_argument("--unit", required=True, help="Mã hoặc tên đơn vị.")
        parser.add_argument("-o", "--output", required=True)
        parser.add_argument(
            "--as", dest="username", default=None, help="Người dùng (mặc định: toàn quyền)."
        )

    def handle(self, *args, unit, output, username, **options):
        if username:
            user = User.objects.filter(username=username, is_active=True).first()
            if user is None:
                raise CommandError(f"Không có người dùng “{username}”.")
        else:
            user = User(is_superuser=True, is_active=True)
        try:
            target = unit_find_for_user(user, unit)
        except Unit.DoesNotExist:
            raise CommandError(f"Không có đơn vị “{unit}”.") from None
        except Unit.MultipleObjectsReturned as exc:
            raise CommandError(f"“{unit}” chỉ nhiều đơn vị: {exc}") from None
        Path(output).write_bytes(template_build(unit=target))
        self.stdout.write(f"Đã ghi {output}")
