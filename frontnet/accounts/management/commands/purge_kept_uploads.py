from django.core.management.base import BaseCommand

from frontnet.accounts.bulk import kept_uploads_purge


class Command(BaseCommand):
    help = (
        "Remove the account-import files kept between a preview and its commit when nobody "
        "committed or cancelled them within --hours (default 24)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--hours", type=int, default=24)

    def handle(self, *args, hours=24, **options):
        self.stdout.write(f"removed={kept_uploads_purge(hours=hours)}")
