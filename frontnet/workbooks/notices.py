"""The uploader is told when their import was checked, written, or failed."""

from django.urls import reverse

from frontnet.notifications.services import notify

from .models import BatchStatus
from .notice_kinds import IMPORT_CHECKED, IMPORT_DONE, IMPORT_FAILED


def told_batch(batch, *, error: str = "") -> None:
    if error or batch.status == BatchStatus.FAILED:
        kind = IMPORT_FAILED
    elif batch.status == BatchStatus.COMMITTED:
        kind = IMPORT_DONE
    elif batch.status in {BatchStatus.VALIDATED, BatchStatus.NEEDS_MAPPING}:
        kind = IMPORT_CHECKED
    else:
        return
    notify(
        kind=kind,
        recipients=[batch.uploaded_by],
        unit=batch.unit,
        url=reverse("batch_detail", args=[batch.pk]),
        args={
            "file": batch.filename,
            "unit": batch.unit.name,
            "status": str(batch.get_status_display()),
            "error": error or batch.error,
        },
    )
