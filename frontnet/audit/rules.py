"""The audited writes that a province's rules share: its targets (monitoring) and its
criteria (scoring). Each has its own fields and checks in its app's services; saving one
with the set of levels or units it covers, and stopping or resuming it, go the same way for
both. Neither is ever deleted: past results still name it."""

from django.db import models

from .models import Action
from .services import audit_record, save_audited, snapshot


def rule_fields_check(service: str, fields: dict, allowed: set[str]) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"{service}() got unexpected fields: {sorted(unknown)}")


def rule_snapshot(rule: models.Model, covers: str, members) -> dict:
    """The rule's stored values, plus the sorted ids of the `members` it `covers` (the name of
    its many-to-many field)."""
    return {**snapshot(rule), covers: sorted(m.pk for m in members)}


def rule_save(
    rule: models.Model,
    *,
    covers: str,
    members: list,
    before: dict | None = None,
    by,
    channel,
    unit_id,
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


def rule_create(rule: models.Model, covers: str, members, check, **saving) -> models.Model:
    """Save a new rule covering `members` (its many-to-many field `covers`) once
    `check(rule, members)` accepts it (`saving`: by, channel, unit_id)."""
    members = list(members)
    check(rule, members)
    return rule_save(rule, covers=covers, members=members, **saving)


def rule_change(
    rule: models.Model, *, covers: str, members, fields: dict, check, **saving
) -> models.Model:
    """Change a rule's `fields` and, unless `members` is None, what it covers; `check(rule,
    members)` refuses what may not be saved; then `rule_save` (`saving`: by, channel,
    unit_id) against the rule as it was."""
    before = rule_snapshot(rule, covers, getattr(rule, covers).all())
    for name, value in fields.items():
        setattr(rule, name, value)
    members = list(getattr(rule, covers).all()) if members is None else list(members)
    check(rule, members)
    return rule_save(rule, covers=covers, members=members, before=before, **saving)


def rule_set_active(rule: models.Model, *, active: bool, **entry) -> models.Model:
    """Stop applying a rule or apply it again, audited (`entry`: by, channel, unit_id, note)."""
    if rule.active == active:
        return rule
    before = snapshot(rule, ["active"])
    rule.active = active
    save_audited(rule, update_fields=["active"], before=before, action=Action.UPDATE, **entry)
    return rule
