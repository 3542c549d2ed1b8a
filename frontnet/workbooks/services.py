"""Import batches: upload, validate (writes nothing), commit (one transaction), cancel, and
the column mapping a batch of an unknown layout waits for. What a person does to a batch
(cancel it, map its columns) is audited with the batch's unit."""

import hashlib
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from frontnet.audit.models import Action, Channel
from frontnet.audit.services import save_audited, snapshot
from frontnet.cadres.models import Cadre
from frontnet.privacy.services import raw_file_taken
from frontnet.units.models import Unit

from .applying import apply_plan
from .importing import CREATED, NameIndex, Plan, UnreadableFile, plan_import
from .models import BatchStatus, ColumnMapping, ImportBatch, ImportRow
from .preview import preview_store

logger = logging.getLogger(__name__)


def import_batch_create(*, unit, by, data: bytes, filename: str) -> ImportBatch:
    """Keep the uploaded file with the batch before anything else, so nothing is lost."""
    batch = ImportBatch(
        unit=unit, uploaded_by=by, filename=filename[:255], sha256=hashlib.sha256(data).hexdigest()
    )
    batch.file.save(filename, ContentFile(data), save=False)
    batch.save()
    return batch


class BatchBusy(ValidationError):
    """The batch is not (or no longer) waiting to be written: another click got it first."""


def rejections_kept() -> int:
    return int(getattr(settings, "FRONTNET_REJECTIONS_KEPT", 1000))


def stale_seconds() -> int:
    return int(getattr(settings, "FRONTNET_BATCH_STALE_SECONDS", 900))


def _ancestor_paths(unit) -> list[str]:
    parts = unit.path.strip("/").split("/")
    return ["/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


def column_mappings_for(unit) -> dict[tuple[str, str], ColumnMapping]:
    """The mappings that apply to an upload for `unit`: those made by the unit itself or by
    a unit above it, the nearest one winning; never a sibling's or a unit's below."""
    found: dict[tuple[str, str], ColumnMapping] = {}
    mappings = ColumnMapping.objects.filter(unit__path__in=_ancestor_paths(unit)).select_related(
        "unit", "created_by"
    )
    for mapping in sorted(mappings, key=lambda m: len(m.unit.path)):
        found[(mapping.kind, mapping.signature)] = mapping
    return found


def _progress(batch: ImportBatch):
    def report(done: int) -> None:
        ImportBatch.objects.filter(pk=batch.pk).update(
            processed_rows=done, heartbeat_at=timezone.now()
        )

    return report


def _plan(batch: ImportBatch) -> Plan:
    if not batch.file:
        raise UnreadableFile(
            _("Tệp “%(file)s” đã được xoá sau thời hạn lưu; hãy tải tệp lên lại.")
            % {"file": batch.filename}
        )
    with batch.file.open("rb") as handle:
        data = handle.read()
    mappings = column_mappings_for(batch.unit)
    plan = plan_import(
        data=data,
        filename=batch.filename,
        unit=batch.unit,
        mappings={key: m.mapping for key, m in mappings.items()},
        progress=_progress(batch),
    )
    applied = mappings.get(("cadres", plan.mapping_signature))
    plan.mapping_applied = (
        {
            "id": applied.pk,
            "unit": applied.unit.name,
            "by": str(applied.created_by or ""),
            "at": applied.created_at.isoformat(),
        }
        if applied
        else None
    )
    return plan


def _store(batch: ImportBatch, plan: Plan) -> None:
    counts = plan.counts
    batch.total_rows = plan.total_rows
    batch.processed_rows = plan.total_rows
    batch.created, batch.updated = counts["created"], counts["updated"]
    batch.unchanged, batch.rejected = counts["unchanged"], counts["rejected"]
    # A hostile or broken file can reject every row: the count stays exact, but only the
    # first FRONTNET_REJECTIONS_KEPT reasons are stored (and shown, and downloadable).
    kept = plan.rejections[: rejections_kept()]
    batch.report = {
        "rejections": [r.as_dict() for r in kept],
        "rejections_total": len(plan.rejections),
        "mapping": [vars(m) for m in plan.needs_mapping],
        "mapping_applied": getattr(plan, "mapping_applied", None),
        "headers": plan.headers,
    }
    preview_store(batch=batch, plan=plan)  # what each row writes, read a page at a time


def _fail(batch: ImportBatch, message: str) -> ImportBatch:
    batch.status, batch.error = BatchStatus.FAILED, message
    batch.heartbeat_at = timezone.now()
    batch.save(update_fields=["status", "error", "heartbeat_at"])
    return batch


# Statuses a batch may be validated (again) from; a batch being written is left alone.
VALIDATABLE = [
    BatchStatus.PENDING,
    BatchStatus.VALIDATING,
    BatchStatus.NEEDS_MAPPING,
    BatchStatus.VALIDATED,
    BatchStatus.FAILED,
]


def import_batch_validate(*, batch: ImportBatch) -> ImportBatch:
    """Classify every row; store counts and rejections on the batch. Writes no domain data."""
    started = ImportBatch.objects.filter(pk=batch.pk, status__in=VALIDATABLE).update(
        status=BatchStatus.VALIDATING, processed_rows=0, heartbeat_at=timezone.now()
    )
    if not started:
        batch.refresh_from_db()
        return batch
    batch.status = BatchStatus.VALIDATING
    try:
        plan = _plan(batch)
    except UnreadableFile as exc:
        return _fail(batch, str(exc))
    except Exception:
        logger.exception("validating import batch %s failed", batch.pk)
        return _fail(batch, _("Kiểm tra tệp không thành công do lỗi hệ thống; hãy thử lại."))
    _store(batch, plan)
    batch.error = ""
    batch.status = BatchStatus.NEEDS_MAPPING if plan.needs_mapping else BatchStatus.VALIDATED
    batch.heartbeat_at = timezone.now()
    batch.save()
    return batch


def import_batch_claim(*, batch: ImportBatch) -> ImportBatch:
    """VALIDATED -> COMMITTING, exactly once: a conditional UPDATE that only one of two
    simultaneous clicks (or commands) can win, on SQLite and PostgreSQL alike."""
    won = ImportBatch.objects.filter(pk=batch.pk, status=BatchStatus.VALIDATED).update(
        status=BatchStatus.COMMITTING, processed_rows=0, heartbeat_at=timezone.now()
    )
    if not won:
        raise BatchBusy(
            _("Lần nhập này đang được ghi hoặc đã ghi rồi; không ghi lần thứ hai."),
            code="busy",
        )
    batch.status = BatchStatus.COMMITTING
    return batch


def _created_rows_now_stored(plan: Plan) -> bool:
    """Whether a row the plan would create names a cadre that is stored now (another batch
    or command wrote it since the plan was made): the import's identity rule, under the lock."""
    created = [r for r in plan.cadre_rows if r.action == CREATED]
    if not created:
        return False
    stored = NameIndex()
    for pk, unit_id, phone, name in Cadre.objects.filter(
        unit__path__startswith=plan.unit.path, active_to__isnull=True
    ).values_list("pk", "unit_id", "phone", "full_name"):
        stored.add(unit_id, phone, name, pk)
    return any(
        stored.get(r.data["unit"].pk, r.data.get("phone", ""), r.data["full_name"]) is not None
        for r in created
    )


def plan_apply_locked(*, plan: Plan, replan, by, channel: str, note: str) -> Plan:
    """Write `plan` holding the province's lock (its unit row; SQLite's IMMEDIATE
    transaction holds the database's). If a cadre it would create was stored meanwhile,
    plan again under the lock, so two batches holding the same new cadre create it once."""
    province_path = plan.unit.path.split("/")[0] + "/"
    with transaction.atomic():
        list(Unit.objects.select_for_update().filter(path=province_path).values_list("pk"))
        if _created_rows_now_stored(plan):
            plan = replan()
        apply_plan(plan, by=by, channel=channel, note=note)
    return plan


def import_batch_commit(
    *, batch: ImportBatch, by, channel: str = Channel.IMPORT, claimed: bool = False
) -> ImportBatch:
    """Validate again against today's data, then write the valid rows in one transaction.
    Raises BatchBusy when the batch is not waiting to be written (unless the caller has just
    claimed it, as the commit view does before it enqueues the work)."""
    if not claimed:
        batch = import_batch_claim(batch=batch)
    else:
        batch.status = BatchStatus.COMMITTING
    note = _("Lần nhập #%(id)s: %(file)s") % {"id": batch.pk, "file": batch.filename}
    try:
        plan = _plan(batch)
        ImportBatch.objects.filter(pk=batch.pk).update(heartbeat_at=timezone.now())
        plan = plan_apply_locked(
            plan=plan, replan=lambda: _plan(batch), by=by, channel=channel, note=note
        )
    except UnreadableFile as exc:
        return _fail(batch, str(exc))
    except Exception:
        logger.exception("committing import batch %s failed", batch.pk)
        return _fail(
            batch,
            _("Ghi không thành công do lỗi hệ thống; không dòng nào được ghi. Hãy kiểm tra lại."),
        )
    _store(batch, plan)
    batch.status = BatchStatus.COMMITTED
    batch.committed_at = timezone.now()
    batch.committed_by = by
    batch.heartbeat_at = batch.committed_at
    batch.save()
    return batch


def batch_fail_if_stuck(*, batch: ImportBatch, now=None) -> ImportBatch:
    """A running batch whose work showed no sign of life for FRONTNET_BATCH_STALE_SECONDS was
    left by a server or worker that died: mark it failed, saying so, so it can be validated
    again or cancelled. Batches stuck before the heartbeat existed count from their upload."""
    import datetime as dt

    if not batch.is_running:
        return batch
    last = batch.heartbeat_at or batch.uploaded_at
    cutoff = (now or timezone.now()) - dt.timedelta(seconds=stale_seconds())
    if last >= cutoff:
        return batch
    minutes = max(1, stale_seconds() // 60)
    message = _(
        "Công việc bị gián đoạn (không có tiến triển trong %(minutes)s phút, có thể máy chủ "
        "đã khởi động lại); không dòng nào được ghi. Hãy kiểm tra lại hoặc huỷ lần nhập."
    ) % {"minutes": minutes}
    failed = ImportBatch.objects.filter(
        pk=batch.pk, status=batch.status, heartbeat_at=batch.heartbeat_at
    ).update(status=BatchStatus.FAILED, error=message, heartbeat_at=timezone.now())
    batch.refresh_from_db()
    return batch if failed else batch


def stuck_batches_fail(*, now=None) -> int:
    """Every stuck batch marked failed (for a periodic run); how many were."""
    running = [BatchStatus.PENDING, BatchStatus.VALIDATING, BatchStatus.COMMITTING]
    count = 0
    for batch in ImportBatch.objects.filter(status__in=running):
        if batch_fail_if_stuck(batch=batch, now=now).status == BatchStatus.FAILED:
            count += 1
    return count


def import_batch_revalidate(*, batch: ImportBatch) -> ImportBatch:
    """A failed batch (stuck, or written by nobody) checked again from its stored file."""
    if batch.status != BatchStatus.FAILED:
        raise ValidationError(_("Chỉ kiểm tra lại được lần nhập không thành công."))
    if not batch.file:
        raise ValidationError(_("Tệp đã được xoá sau thời hạn lưu; hãy tải tệp lên lại."))
    ImportBatch.objects.filter(pk=batch.pk, status=BatchStatus.FAILED).update(
        status=BatchStatus.PENDING, error="", heartbeat_at=timezone.now()
    )
    batch.refresh_from_db()
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
    if batch.status == BatchStatus.COMMITTING:
        raise ValidationError(_("Lần nhập đang được ghi, không huỷ được lúc này."))
    ImportRow.objects.filter(batch=batch).delete()  # a preview of what will never be written
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
    """Keep the mapping for the layout the batch waits on, or change the one applied to it
    (the next file of that layout needs none): it belongs to the batch's unit. Then put the
    batch back in line to be validated again."""
    from .selectors import mapping_applied_to

    pending = batch.report.get("mapping") or []
    applied = mapping_applied_to(batch) if batch.status == BatchStatus.VALIDATED else None
    if batch.status == BatchStatus.NEEDS_MAPPING and pending:
        kind, signature = pending[0]["kind"], pending[0]["signature"]
    elif applied is not None:
        kind, signature = applied.kind, applied.signature
    else:
        raise ValidationError(_("Lần nhập này không chờ ghép cột."))
    column_mapping_save(unit=batch.unit, kind=kind, signature=signature, mapping=mapping, by=by)
    return _batch_set_status(
        batch,
        status=BatchStatus.PENDING,
        by=by,
        channel=channel,
        note=_("Ghép cột cho lần nhập #%(id)s: %(file)s")
        % {"id": batch.pk, "file": batch.filename},
        also={"mapping": mapping},
    )


def column_mapping_save(*, unit, kind: str, signature: str, mapping: dict, by) -> ColumnMapping:
    """The mapping of this file shape for `unit` (and the units below it)."""
    found, _created = ColumnMapping.objects.update_or_create(
        unit=unit, kind=kind, signature=signature, defaults={"mapping": mapping, "created_by": by}
    )
    return found


def unreadable_files_purge(*, days: int | None = None, now=None) -> int:
    """Remove the stored files of batches that could not be read, `days` after upload
    (FRONTNET_UNREADABLE_RETENTION_DAYS). The batch row stays, with its name and sha256, so
    the same file is still recognised. Returns how many files were removed."""
    import datetime as dt

    if days is None:
        days = int(getattr(settings, "FRONTNET_UNREADABLE_RETENTION_DAYS", 30))
    cutoff = (now or timezone.now()) - dt.timedelta(days=days)
    removed = 0
    for batch in ImportBatch.objects.filter(
        status=BatchStatus.FAILED, uploaded_at__lt=cutoff
    ).exclude(file=""):
        batch.file.delete(save=False)
        ImportBatch.objects.filter(pk=batch.pk).update(file="")
        removed += 1
    return removed


def batch_files_taken(*, user, batch: ImportBatch, part: str, rejections=None) -> None:
    """Log that `user`, when not the uploader, took an import's data as written: `part`
    "file" (the original, every row of it) or "rejected" (the rows among `rejections`, by
    default all of the batch's)."""
    if part == "file":
        what = _("Tệp gốc của lần nhập #%(id)s") % {"id": batch.pk}
        count = batch.created + batch.updated + batch.unchanged + batch.rejected
    else:
        what = _("Các dòng bị từ chối của lần nhập #%(id)s") % {"id": batch.pk}
        if rejections is None:
            rejections = batch.report.get("rejections", [])
        count = len({(r["sheet"], r["row"]) for r in rejections})
    raw_file_taken(
        user=user, unit=batch.unit, uploaded_by_id=batch.uploaded_by_id, what=what, count=count
    )
