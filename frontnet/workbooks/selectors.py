from django.db.models import QuerySet
from django.http import Http404

from frontnet.units.access import scope_q
from frontnet.units.models import Unit

from .models import ImportBatch, ImportRow


def batches_visible_to(user) -> QuerySet[ImportBatch]:
    return ImportBatch.objects.filter(scope_q(user=user, prefix="unit__")).select_related(
        "unit", "uploaded_by"
    )


def batch_get_for_user(user, pk) -> ImportBatch:
    try:
        return batches_visible_to(user).get(pk=pk)
    except (ImportBatch.DoesNotExist, ValueError, TypeError):
        raise Http404("batch not in scope") from None


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
