"""Long imports leave the request: the web enqueues these; the database worker runs them
(inline in development and tests, where the immediate backend is configured)."""

from django.tasks import task

from frontnet.accounts.models import User
from frontnet.monitoring.tasks import warm_figures

from .models import BatchStatus, ImportBatch
from .notices import told_batch
from .services import import_batch_commit, import_batch_validate


@task
def validate_batch(batch_id: int) -> None:
    told_batch(import_batch_validate(batch=ImportBatch.objects.get(pk=batch_id)))


@task
def commit_batch(batch_id: int, user_id: int) -> None:
    # The commit view claimed the batch (VALIDATED -> COMMITTING) before enqueueing this.
    try:
        batch = import_batch_commit(
            batch=ImportBatch.objects.get(pk=batch_id),
            by=User.objects.get(pk=user_id),
            claimed=True,
        )
    except Exception as exc:  # the uploader hears of it; the worker still logs the failure
        told_batch(ImportBatch.objects.get(pk=batch_id), error=str(exc)[:200])
        raise
    told_batch(batch)
    if batch.status == BatchStatus.COMMITTED:
        warm_figures.enqueue(batch.unit_id)
