from pathlib import Path

from django.core.management.base import BaseCommand

from frontnet.units.commands import command_unit, command_user
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
        target = command_unit(command_user(username), unit)
        Path(output).write_bytes(template_build(unit=target))
        self.stdout.write(f"Đã ghi {output}")
