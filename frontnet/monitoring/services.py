"""Writes of monitoring data: the targets the province administrator sets. Each change is
audited with who, when, the channel and the values before and after."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from frontnet.audit.models import Action, Channel
from frontnet.audit.services import audit_record, snapshot
from frontnet.units.models import Unit

from .models import Target

TARGET_FIELDS = {
    "name",
    "measure",
    "level",
    "threshold",
    "unit_threshold",
    "start",
    "deadline",
    "source",
}


def _target_snapshot(target: Target) -> dict:
    units = sorted(target.units.values_list("pk", flat=True)) if target.pk else []
    return {**snapshot(target), "units": units}


def _check_target(target: Target, units: list[Unit], province: Unit) -> None:
    """The rules one record cannot check alone: what it covers, and where."""
    target.full_clean(exclude=["units"])
    if not target.level_id and not units:
        raise ValidationError({"level": _("Cấp áp dụng: chọn một cấp hoặc ít nhất một đơn vị.")})
    if target.level_id and units:
        raise ValidationError(
            {"units": _("Các đơn vị: chọn một cấp hoặc danh sách đơn vị, không chọn cả hai.")}
        )
    if target.level_id and target.level.rank <= province.level.rank:
        raise ValidationError({"level": _("Cấp áp dụng: chọn một cấp dưới tỉnh.")})
    # A target counts only inside its root (the province, or a narrower unit set elsewhere).
    within = target.root or province
    outside = [u.name for u in units if not u.path.startswith(within.path) or u.pk == within.pk]
    if outside:
        raise ValidationError(
            {
                "units": _("Các đơn vị: không thuộc %(province)s: %(names)s.")
                % {"province": within.name, "names": ", ".join(outside)}
            }
        )


def _province(province: Unit) -> Unit:
    if province.parent_id is not None:
        raise ValidationError(_("Chỉ tiêu do cấp tỉnh đặt."))
    return province


@transaction.atomic
def target_create(
    *,
    province: Unit,
    by,
    units: Iterable[Unit] = (),
    channel: str = Channel.WEB,
    **fields,
) -> Target:
    """A new target of the province (its scope is the province's subtree)."""
    unknown = set(fields) - TARGET_FIELDS
    if unknown:
        raise TypeError(f"target_create() got unexpected fields: {sorted(unknown)}")
    units = list(units)
    target = Target(root=_province(province), active=True, **fields)
    _check_target(target, units, province)
    target.save()
    target.units.set(units)
    audit_record(
        obj=target,
        by=by,
        action=Action.CREATE,
        channel=channel,
        unit_id=province.pk,
        after=_target_snapshot(target),
    )
    return target


@transaction.atomic
def target_update(
    *,
    target: Target,
    province: Unit,
    by,
    units: Iterable[Unit] | None = None,
    channel: str = Channel.WEB,
    **fields,
) -> Target:
    """Change what a target counts, where, how much and by when. `province` is the one the
    administrator acts for (the target's own, or theirs for a target of every province)."""
    unknown = set(fields) - TARGET_FIELDS
    if unknown:
        raise TypeError(f"target_update() got unexpected fields: {sorted(unknown)}")
    before = _target_snapshot(target)
    for name, value in fields.items():
        setattr(target, name, value)
    units = list(target.units.all()) if units is None else list(units)
    _check_target(target, units, _province(province))
    after = {**snapshot(target), "units": sorted(u.pk for u in units)}
    if after == before:
        return target
    target.save()
    target.units.set(units)
    audit_record(
        obj=target,
        by=by,
        action=Action.UPDATE,
        channel=channel,
        unit_id=target.root_id or province.pk,
        before=before,
        after=after,
    )
    return target


@transaction.atomic
def target_set_active(
    *, target: Target, active: bool, province: Unit, by, channel: str = Channel.WEB
) -> Target:
    """Stop applying a target (it is never deleted: past dashboards still name it) or apply
    it again."""
    if target.active == active:
        return target
    before = snapshot(target, ["active"])
    target.active = active
    target.save(update_fields=["active"])
    audit_record(
        obj=target,
        by=by,
        action=Action.UPDATE,
        channel=channel,
        unit_id=target.root_id or province.pk,
        before=before,
        after=snapshot(target, ["active"]),
        note=_("Ngừng áp dụng chỉ tiêu") if not active else _("Áp dụng lại chỉ tiêu"),
    )
    return target
