import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from frontnet.monitoring.reminders import send_reminders


class Command(BaseCommand):
    help = (
        "Gửi nhắc hạn chỉ tiêu (trước thời hạn, theo số ngày của từng chỉ tiêu), thông báo "
        "quá hạn và bảng tổng hợp cho cấp trên. Chạy lại trong ngày không gửi trùng."
    )

    def add_arguments(self, parser):
        parser.add_argument("--today", help="Ngày chạy, dạng YYYY-MM-DD (mặc định: hôm nay).")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ đếm, không gửi.")

    def handle(self, *args, today=None, dry_run=False, **options):
        try:
            day = dt.date.fromisoformat(today) if today else timezone.localdate()
        except ValueError:
            raise CommandError(f"Ngày “{today}” không đúng dạng YYYY-MM-DD.") from None
        self.stdout.write(str(send_reminders(today=day, dry_run=dry_run)))
