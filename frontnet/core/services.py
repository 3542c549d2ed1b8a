"""The audited writes that a province's rules share: its targets (monitoring) and its
criteria (scoring). Each has its own fields and checks in its app's services; saving one
with the set of levels or units it covers, and stopping or resuming it, go the same way for
both. Neither is ever deleted: past results still name it."""

from django.db import models

from frontnet.audit.models import Action
from frontnet.audit.services import audit_record, snapshot


def rule_fields_check(service: str, fields: dict, allowed: set[str]) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"{service}() got unexpected fields: {sorted(unknown)}")


def rule_snapshot(rule: models.Model, covers: str, members) -> dict:
    """The rule's stored values, plus the sorted ids of the `members` it `covers` (the name of
    its many-to-many field)."""
    return {**snapshot(rule), covers: sorted(m.pk for m in members)}


def rule_save(
    rule: models.Model, *, covers: str, members: list, before: dict | None, by, channel, unit_id
) -> models.Model:
    """Save a checked rule covering `members`, with an audit entry: a creation when there is
    no `before`, else an update, and nothing at all when nothing changed."""
    after = rule_snapshot(rule, covers, members)
    if after == before:
        return rule
    rule.save()
    getattr(rule, covers).set(members)
    audit_record(
        obj=rule,
        by=by,
        action=Action.CREATE if before is None else Action.UPDATE,
        channel=channel,
        unit_id=unit_id,
        before=before,
        after=after,
    )
    return rule


def rule_set_active(
    rule: models.Model, *, active: bool, by, channel, unit_id, note: str
) -> models.Model:
    """Stop applying a rule or apply it again, audited with `note`."""
    if rule.active == active:
        return rule
    before = snapshot(rule, ["active"])
    rule.active = active
    rule.save(update_fields=["active"])
    audit_record(
        obj=rule,
        by=by,
        action=Action.UPDATE,
        channel=channel,
        unit_id=unit_id,
        before=before,
        after=snapshot(rule, ["active"]),
        note=note,
    )
    return rule
