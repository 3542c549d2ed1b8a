from django.core.management.base import BaseCommand
from django.utils import timezone

from frontnet.monitoring.unit_figures import prune


class Command(BaseCommand):
    help = (
        "Xoá số liệu tạm của các đơn vị theo những ngày cũ (giữ ngày cuối tháng và thời hạn "
        "chỉ tiêu). Chạy hằng ngày; xoá nhầm chỉ làm lần xem sau chậm hơn."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--keep-days",
            type=int,
            default=7,
            help="Giữ nguyên số liệu của bấy nhiêu ngày gần đây.",
        )

    def handle(self, *args, keep_days, **options):
        deleted = prune(timezone.localdate(), keep_days)
        self.stdout.write(f"deleted={deleted}")
