import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from frontnet.support.services import STALE_WORKING_DAYS, flag_stale_threads


class Command(BaseCommand):
    help = (
        f"Tell the province office about threads unanswered for {STALE_WORKING_DAYS} working "
        "days (run daily)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--today", help="YYYY-MM-DD (default: today)")

    def handle(self, *args, today=None, **options):
        day = None
        if today:
            try:
                day = dt.date.fromisoformat(today)
            except ValueError:
                raise CommandError(f"--today: not a date: {today!r}") from None
        flagged = flag_stale_threads(today=day)
        self.stdout.write(f"flagged={len(flagged)}")
