import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from frontnet.pagestats.services import remind_missing_figures


class Command(BaseCommand):
    help = "Nhắc các đơn vị có trang chưa có số liệu hiệu quả tháng trước (chạy hằng ngày)."

    def add_arguments(self, parser):
        parser.add_argument("--today", default=None, help="Ngày, dạng YYYY-MM-DD.")

    def handle(self, *args, today, **options):
        try:
            day = dt.date.fromisoformat(today) if today else None
        except ValueError:
            raise CommandError(f"Ngày “{today}” không đúng dạng YYYY-MM-DD.") from None
        self.stdout.write(f"sent={remind_missing_figures(today=day)}")
