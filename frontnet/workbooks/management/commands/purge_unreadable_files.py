from django.core.management.base import BaseCommand

from frontnet.workbooks.services import unreadable_files_purge


class Command(BaseCommand):
    help = (
        "Remove the files of import batches that could not be read, after the retention "
        "period (FRONTNET_UNREADABLE_RETENTION_DAYS); the batches and their sha256 stay."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None)

    def handle(self, *args, days=None, **options):
        removed = unreadable_files_purge(days=days)
        self.stdout.write(f"removed={removed}")
