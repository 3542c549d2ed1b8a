from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from frontnet.units.access import one_or_404, scope_q, user_sees_personal_data
from frontnet.units.models import Unit

from .models import ImportBatch, ImportRow


def batches_visible_to(user) -> QuerySet[ImportBatch]:
    return ImportBatch.objects.filter(scope_q(user=user, prefix="unit__")).select_related(
        "unit", "uploaded_by"
    )


def batch_get_for_user(user, pk) -> ImportBatch:
    return one_or_404(batches_visible_to(user), pk, "batch not in scope")


def batch_files_allowed(user, batch: ImportBatch) -> bool:
    """The original file and the rejected rows hold the people's data as written, unmasked:
    for the one who uploaded them, or someone who sees the unit's personal data."""
    return batch.uploaded_by_id == user.pk or user_sees_personal_data(user=user, unit=batch.unit)


def batch_files_get_for_user(user, pk) -> ImportBatch:
    """A batch whose files the user may take: 404 out of scope, then 403 (see above)."""
    batch = batch_get_for_user(user, pk)
    if not batch_files_allowed(user, batch):
        raise PermissionDenied
    return batch


def batches_for_unit(user, unit: Unit, limit: int = 50) -> QuerySet[ImportBatch]:
    return batches_visible_to(user).filter(unit__path__startswith=unit.path)[:limit]


def mapping_applied_to(batch: ImportBatch):
    """The column mapping applied to a batch (which the caller got through its scope)."""
    from .models import ColumnMapping

    applied = batch.report.get("mapping_applied")
    return ColumnMapping.objects.filter(pk=applied["id"]).first() if applied else None


def batch_rows(batch: ImportBatch, outcomes: list[str]) -> QuerySet[ImportRow]:
    """The rows of a batch's plan with these outcomes, in the file's order (the caller got
    the batch through its scope)."""
    return ImportRow.objects.filter(batch=batch, outcome__in=outcomes).select_related("unit")


def mapping_need(batch: ImportBatch) -> tuple[dict, dict] | None:
    """What the column-mapping step asks of a batch (the layout: kind, signature, headers,
    sheet, header row) and the mapping it starts from; None when the batch waits on none:
    neither a file not on the template nor a validated batch with a mapping applied."""
    from .models import BatchStatus

    pending = batch.report.get("mapping") or []
    if batch.status == BatchStatus.NEEDS_MAPPING and pending:
        return pending[0], {}
    if batch.status != BatchStatus.VALIDATED or not batch.report.get("mapping_applied"):
        return None
    mapping = mapping_applied_to(batch)
    if mapping is None:
        return None
    need = {
        "kind": mapping.kind,
        "signature": mapping.signature,
        "headers": next(iter(batch.report.get("headers", {}).values()), []),
        "sheet": next(iter(batch.report.get("headers", {})), ""),
        "header_row": 0,
    }
    return need, {f: str(c) for f, c in mapping.mapping.items()}


def mapping_fields() -> list[tuple[str, str, bool]]:
    """The fields a column can be mapped to: (name, header, required)."""
    from .columns import CADRE_COLUMNS

    return [(c.field, c.header, c.required) for c in CADRE_COLUMNS if c.field != "id"]
