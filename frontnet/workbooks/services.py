"""Import batches: upload, validate (writes nothing), commit (one transaction), cancel, and
the column mapping a batch of an unknown layout waits for. What a person does to a batch
(cancel it, map its columns) is audited with the batch's unit."""

import hashlib

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from frontnet.audit.models import Action, Channel
from frontnet.audit.services import save_audited, snapshot

from .applying import apply_plan
from .importing import Plan, UnreadableFile, plan_import
from .models import BatchStatus, ColumnMapping, ImportBatch


def import_batch_create(*, unit, by, data: bytes, filename: str) -> ImportBatch:
    """Keep the uploaded file with the batch before anything else, so nothing is lost."""
    batch = ImportBatch(
        unit=unit, uploaded_by=by, filename=filename[:255], sha256=hashlib.sha256(data).hexdigest()
    )
    batch.file.save(filename, ContentFile(data), save=False)
    batch.save()
    return batch


def _mappings() -> dict:
    return {(m.kind, m.signature): m.mapping for m in ColumnMapping.objects.all()}


def _progress(batch: ImportBatch):
    def report(done: int) -> None:
        ImportBatch.objects.filter(pk=batch.pk).update(processed_rows=done)

    return report


def _plan(batch: ImportBatch) -> Plan:
    with batch.file.open("rb") as handle:
        data = handle.read()
    return plan_import(
        data=data,
        filename=batch.filename,
        unit=batch.unit,
        mappings=_mappings(),
        progress=_progress(batch),
    )


def _plan_or_fail(batch: ImportBatch) -> Plan | None:
    """The batch's plan, or None when its file cannot be read (the batch then says why)."""
    try:
        return _plan(batch)
    except UnreadableFile as exc:
        batch.status, batch.error = BatchStatus.FAILED, str(exc)
        batch.save(update_fields=["status", "error"])
        return None


def _store(batch: ImportBatch, plan: Plan) -> None:
    counts = plan.counts
    batch.total_rows = plan.total_rows
    batch.processed_rows = plan.total_rows
    batch.created, batch.updated = counts["created"], counts["updated"]
    batch.unchanged, batch.rejected = counts["unchanged"], counts["rejected"]
    batch.report = {
        "rejections": [r.as_dict() for r in plan.rejections],
        "mapping": [vars(m) for m in plan.needs_mapping],
        "headers": plan.headers,
    }


def import_batch_validate(*, batch: ImportBatch) -> ImportBatch:
    """Classify every row; store counts and rejections on the batch. Writes no domain data."""
    ImportBatch.objects.filter(pk=batch.pk).update(status=BatchStatus.VALIDATING, processed_rows=0)
    plan = _plan_or_fail(batch)
    if plan is None:
        return batch
    _store(batch, plan)
    batch.error = ""
    batch.status = BatchStatus.NEEDS_MAPPING if plan.needs_mapping else BatchStatus.VALIDATED
    batch.save()
    return batch


def import_batch_commit(*, batch: ImportBatch, by, channel: str = Channel.IMPORT) -> ImportBatch:
    """Validate again against today's data, then write the valid rows in one transaction."""
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if batch.status not in {BatchStatus.VALIDATED, BatchStatus.COMMITTING}:
            raise ValidationError(_("Lần nhập này không ở trạng thái chờ ghi."))
        batch.status = BatchStatus.COMMITTING
        batch.save(update_fields=["status"])
    plan = _plan_or_fail(batch)
    if plan is None:
        return batch
    with transaction.atomic():
        apply_plan(
            plan,
            by=by,
            channel=channel,
            note=_("Lần nhập #%(id)s: %(file)s") % {"id": batch.pk, "file": batch.filename},
        )
        _store(batch, plan)
        batch.status = BatchStatus.COMMITTED
        batch.committed_at = timezone.now()
        batch.committed_by = by
        batch.save()
    return batch


def _batch_set_status(batch: ImportBatch, *, status: str, **entry) -> ImportBatch:
    """A person's change of a batch's status, saved with its audit entry (`entry`: by,
    channel, note, also)."""
    before = snapshot(batch, ["status"])
    batch.status = status
    save_audited(batch, update_fields=["status"], before=before, action=Action.UPDATE, **entry)
    return batch


@transaction.atomic
def import_batch_cancel(*, batch: ImportBatch, by, channel: str = Channel.WEB) -> ImportBatch:
    if batch.status == BatchStatus.COMMITTED:
        raise ValidationError(_("Lần nhập đã ghi vào hệ thống, không huỷ được."))
    if batch.status == BatchStatus.CANCELLED:
        return batch
    return _batch_set_status(
        batch,
        status=BatchStatus.CANCELLED,
        by=by,
        channel=channel,
        note=_("Huỷ lần nhập #%(id)s: %(file)s") % {"id": batch.pk, "file": batch.filename},
    )


@transaction.atomic
def import_batch_map_columns(
    *, batch: ImportBatch, mapping: dict, by, channel: str = Channel.WEB
) -> ImportBatch:
    """Keep the mapping for the layout the batch waits on (the next file of that layout needs
    none) and put the batch back in line to be validated again."""
    pending = batch.report.get("mapping") or []
    if batch.status != BatchStatus.NEEDS_MAPPING or not pending:
        raise ValidationError(_("Lần nhập này không chờ ghép cột."))
    need = pending[0]
    column_mapping_save(kind=need["kind"], signature=need["signature"], mapping=mapping, by=by)
    return _batch_set_status(
        batch,
        status=BatchStatus.PENDING,
        by=by,
        channel=channel,
        note=_("Ghép cột cho lần nhập #%(id)s: %(file)s")
        % {"id": batch.pk, "file": batch.filename},
        also={"mapping": mapping},
    )


def column_mapping_save(*, kind: str, signature: str, mapping: dict, by) -> ColumnMapping:
    found, _created = ColumnMapping.objects.update_or_create(
        kind=kind, signature=signature, defaults={"mapping": mapping, "created_by": by}
    )
    return found
