import functools
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal

from django.db import connection, models
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


@functools.cache  # once per model: an import snapshots tens of thousands of records
def _snapshot_fields(model: type[models.Model]) -> tuple[str, ...]:
    return tuple(
        f.attname
        for f in model._meta.concrete_fields
        if not f.primary_key and f.name not in NOISE_FIELDS
    )


def snapshot(obj: models.Model, fields: Iterable[str] | None = None) -> dict:
    """The stored values of a record, JSON-ready, for before/after comparisons."""
    names = fields or _snapshot_fields(type(obj))
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


def _changes(obj: models.Model, action: str, before: dict | None, after: dict | None) -> dict:
    if action == Action.CREATE:
        return {k: [None, v] for k, v in (after or snapshot(obj)).items()}
    if action == Action.DELETE:
        return {k: [v, None] for k, v in (before or snapshot(obj)).items()}
    return diff(before or {}, after if after is not None else snapshot(obj))


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
    changes: dict | None = None,
) -> AuditEntry:
    """An unsaved entry, for callers that write many at once with bulk_create.
    `unit_id` names the unit when the record does not carry one itself; `changes`, when
    the caller has already worked out what changed (an import row folds its accounts and
    follows into its cadre's entry), is stored as given."""
    if changes is None:
        changes = _changes(obj, action, before, after)
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


def save_audited(
    obj: models.Model, *, update_fields: list[str], before: dict, also: dict | None = None, **entry
) -> AuditEntry:
    """Save a change of `update_fields` and log it (`entry`: by, action, channel, note,
    unit_id, as for `audit_entry`). `before` is the snapshot taken before the change, of the
    fields the log compares; `also` adds to what it records after."""
    obj.save(update_fields=update_fields)
    after = {**snapshot(obj, list(before)), **(also or {})}
    return audit_record(obj=obj, before=before, after=after, **entry)


def stamp_audited(obj: models.Model, field: str, value, *, shown=None, **entry) -> AuditEntry:
    """Fill a field that was empty (the day or moment a thing was revoked, lifted, withdrawn),
    save it and log it as [None, value] (`entry`: by, action, channel, unit_id, as for
    `audit_entry`). The entry stores `shown` for the value when given, else its JSON form."""
    setattr(obj, field, value)
    obj.save(update_fields=[field])
    stored = _plain(value) if shown is None else shown
    return audit_record(obj=obj, changes={field: [None, stored]}, **entry)


def snapshot_values(model: type[models.Model], values: dict) -> dict:
    """What `snapshot` gives for a record of `model` with these attribute values, for rows
    written without building model instances (a bulk import). Missing attributes are None."""
    return {name: _plain(values.get(name)) for name in _snapshot_fields(model)}


def audit_bulk_write(
    *,
    model: type[models.Model],
    by,
    channel: str,
    at: datetime,
    note: str = "",
    rows: Iterable[tuple[str, object, str, int | None, dict]],
) -> int:
    """Write many entries about records of one `model` at once, by one person, at one time,
    through one channel. Each row is (action, object id, object repr, unit id, changes), the
    changes already worked out by the caller. The stored entries are the ones `audit_entry`
    would make; this only skips building a model instance per entry (an import writes tens of
    thousands). Returns how many were written."""
    field = AuditEntry._meta.get_field("changes")
    prepare_json = connection.ops.adapt_json_value
    constants = (
        AuditEntry._meta.get_field("at").get_db_prep_save(at, connection),
        by.pk if getattr(by, "pk", None) else None,
        getattr(by, "username", "") or "",
        channel,
        model._meta.label_lower,
        note[:500],
    )
    params = [
        (
            *constants,
            action,
            str(object_id),
            str(object_repr)[:255],
            unit_id,
            prepare_json(changes, field.encoder),
        )
        for action, object_id, object_repr, unit_id, changes in rows
    ]
    if not params:
        return 0
    names = ["at", "actor", "actor_name", "channel", "model", "note"]
    names += ["action", "object_id", "object_repr", "unit", "changes"]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(AuditEntry._meta.get_field(n).column) for n in names)
    marks = ", ".join(["%s"] * len(names))
    table = quote(AuditEntry._meta.db_table)
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", params)
    return len(params)
