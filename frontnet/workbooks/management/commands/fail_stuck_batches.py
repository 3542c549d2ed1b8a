from django.core.management.base import BaseCommand

from frontnet.workbooks.services import stuck_batches_fail


class Command(BaseCommand):
    help = (
        "Mark failed the import batches left running by a server or worker that died (no "
        "progress for FRONTNET_BATCH_STALE_SECONDS), so they can be validated again or cancelled."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"failed={stuck_batches_fail()}")
