from django.db.models import QuerySet

from frontnet.units.models import Unit

from .models import AuditEntry


def audit_for_unit(unit: Unit, *, subtree: bool = False, limit: int = 20) -> QuerySet[AuditEntry]:
    qs = AuditEntry.objects.select_related("unit")
    if subtree:
        qs = qs.filter(unit__path__startswith=unit.path)
    else:
        qs = qs.filter(unit=unit)
    return qs[:limit]


def unit_history_queryset(unit: Unit) -> QuerySet[AuditEntry]:
    """Every entry of the unit itself, newest first (paged by `history.history_page`)."""
    return AuditEntry.objects.filter(unit=unit).order_by("-at", "-id")
