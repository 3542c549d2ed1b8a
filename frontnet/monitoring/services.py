"""Writes of monitoring data: the targets the province administrator sets. Each change is
audited with who, when, the channel and the values before and after."""

from collections.abc import Iterable
from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from frontnet.audit.models import Channel
from frontnet.audit.rules import rule_change, rule_create, rule_fields_check, rule_set_active
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
    "remind_days",
}


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
    rule_fields_check("target_create", fields, TARGET_FIELDS)
    target = Target(root=_province(province), active=True, **fields)
    check = partial(_check_target, province=province)
    return rule_create(target, "units", units, check, by=by, channel=channel, unit_id=province.pk)


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
    rule_fields_check("target_update", fields, TARGET_FIELDS)
    return rule_change(
        target,
        covers="units",
        members=units,
        fields=fields,
        check=lambda target, units: _check_target(target, units, _province(province)),
        by=by,
        channel=channel,
        unit_id=target.root_id or province.pk,
    )


@transaction.atomic
def target_set_active(
    *, target: Target, active: bool, province: Unit, by, channel: str = Channel.WEB
) -> Target:
    """Stop applying a target (it is never deleted: past dashboards still name it) or apply
    it again."""
    return rule_set_active(
        target,
        active=active,
        by=by,
        channel=channel,
        unit_id=target.root_id or province.pk,
        note=_("Ngừng áp dụng chỉ tiêu") if not active else _("Áp dụng lại chỉ tiêu"),
    )
