from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal

from django.db import models
from django.utils import timezone

from .models import Action, AuditEntry, Channel


def _plain(value):
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


# Bookkeeping that says nothing a reader of the history needs: tree paths, folded search
# names, timestamps the entry itself carries.
NOISE_FIELDS = {"path", "depth", "search_name", "created_at", "updated_at"}


def snapshot(obj: models.Model, fields: Iterable[str] | None = None) -> dict:
    """The stored values of a record, JSON-ready, for before/after comparisons."""
    names = fields or [
        f.attname
        for f in obj._meta.concrete_fields
        if not f.primary_key and f.name not in NOISE_FIELDS
    ]
    return {name: _plain(getattr(obj, name)) for name in names}


def diff(before: dict, after: dict) -> dict:
    return {
        key: [before.get(key), after.get(key)]
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key)
    }


def _unit_id_of(obj) -> int | None:
    from frontnet.units.models import Unit

    if isinstance(obj, Unit):
        return obj.pk
    return getattr(obj, "unit_id", None)


def audit_entry(
    *,
    obj: models.Model,
    by,
    action: str,
    channel: str = Channel.WEB,
    before: dict | None = None,
    after: dict | None = None,
    note: str = "",
    at: datetime | None = None,
    unit_id: int | None = None,
) -> AuditEntry:
    """An unsaved entry, for callers that write many at once with bulk_create.
    `unit_id` names the unit when the record does not carry one itself."""
    if action == Action.CREATE:
        changes = {k: [None, v] for k, v in (after or snapshot(obj)).items()}
    elif action == Action.DELETE:
        changes = {k: [v, None] for k, v in (before or snapshot(obj)).items()}
    else:
        changes = diff(before or {}, after if after is not None else snapshot(obj))
    return AuditEntry(
        at=at or timezone.now(),
        actor=by if getattr(by, "pk", None) else None,
        actor_name=getattr(by, "username", "") or "",
        channel=channel,
        action=action,
        model=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:255],
        unit_id=unit_id if unit_id is not None else _unit_id_of(obj),
        changes=changes,
        note=note[:500],
    )


def audit_record(**kwargs) -> AuditEntry:
    entry = audit_entry(**kwargs)
    entry.save()
    return entry
