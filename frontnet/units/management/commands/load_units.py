from django.core.management.base import BaseCommand, CommandError

from frontnet.units.services import UnknownProvince, units_load_official


class Command(BaseCommand):
    help = "Nạp đơn vị hành chính của một tỉnh từ danh mục chính thức (vietnam-provinces)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--province", required=True, help="Mã hoặc tên tỉnh, ví dụ 40 hoặc “Nghệ An”."
        )
        parser.add_argument("--shape", choices=["legacy", "2025"], default="2025")

    def handle(self, *args, province, shape, **options):
        try:
            result = units_load_official(province=province, shape=shape)
        except UnknownProvince as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(str(result))
