"""What changes scores and what they are scored by, each change audited: computing a
period (the engine makes the scores, `_store` replaces the period's), publishing it,
unpublishing it, and the criteria and year rule of a province.

A published period is frozen: computing it again is refused until the province administrator
unpublishes it, with a reason, which the audit log keeps.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from frontnet.audit.models import Action, Channel
from frontnet.audit.rules import rule_change, rule_create, rule_fields_check, rule_set_active
from frontnet.audit.services import audit_record, save_audited, snapshot
from frontnet.units.models import Unit

from . import engine, notices, rules
from .criterion_selectors import year_method_for
from .models import Criterion, Period, PeriodKind, Score, ScoreLine, YearRule
from .periods import period_end

# --- Computing, publishing and unpublishing a period ---------------------------------------


def _store(period: Period, made) -> None:
    period.scores.all().delete()
    scores = [score for score, _lines in made]
    engine.rank(scores)
    for score in scores:
        score.period = period
    Score.objects.bulk_create(scores)
    lines = []
    for score, score_lines in made:
        for line in score_lines:
            line.score = score
            lines.append(line)
    ScoreLine.objects.bulk_create(lines)


def _period_for(province: Unit, kind: str, start: dt.date) -> Period:
    period, _created = Period.objects.get_or_create(province=province, kind=kind, start=start)
    if period.published:
        raise ValidationError(
            _("Kết quả %(period)s đã công bố; muốn tính lại phải hủy công bố trước.")
            % {"period": period.label}
        )
    return period


@transaction.atomic
def scores_compute(
    *, province: Unit, kind: str, start: dt.date, by, channel: str = Channel.WEB
) -> Period:
    """Score every unit of the province for a month or a year, replacing the unpublished
    scores of that period (so computing twice gives the same result)."""
    if province.parent_id:
        raise ValidationError(_("Chỉ chấm điểm cho cả tỉnh."))
    today = timezone.localdate()
    if start > today:
        raise ValidationError(_("Kỳ này chưa bắt đầu."))
    period = _period_for(province, kind, start)
    as_of = min(period_end(kind, start), today)
    if kind == PeriodKind.MONTH:
        made = engine.month_scores(province, start, as_of)
        period.year_method = ""
    else:
        months = []
        month = start
        while month <= as_of:
            found = Period.objects.filter(
                province=province, kind=PeriodKind.MONTH, start=month, published=True
            ).first()
            if found is None:
                found = _period_for(province, PeriodKind.MONTH, month)
                _store(
                    found,
                    engine.month_scores(province, month, min(period_end("month", month), today)),
                )
                found.as_of = min(period_end("month", month), today)
                found.computed_at = timezone.now()
                found.save(update_fields=["as_of", "computed_at"])
            months.append(found)
            month = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        period.year_method = year_method_for(province)
        made = engine.year_scores(months, period.year_method)
    _store(period, made)
    period.as_of = as_of
    period.computed_at = timezone.now()
    period.save(update_fields=["as_of", "computed_at", "year_method"])
    audit_record(
        obj=period,
        by=by,
        action=Action.UPDATE,
        channel=channel,
        unit_id=province.pk,
        # No generated note: the entry's action, its period and its changes say it in the
        # reader's language; a note is what a person wrote (the reason to unpublish).
        changes={"computed": [None, period.key], "scores": [None, len(made)]},
    )
    return period


def _period_set_published(period: Period, *, published: bool, by, **entry) -> Period:
    """The one way a period's publication changes: the fields, saved, and the audit entry
    (`entry`: action, channel, note)."""
    before = snapshot(period, ["published"])
    period.published = published
    period.published_at = timezone.now() if published else None
    period.published_by = by if published and getattr(by, "pk", None) else None
    period.full_clean()
    fields = ["published", "published_at", "published_by"]
    save_audited(
        period, update_fields=fields, before=before, by=by, unit_id=period.province_id, **entry
    )
    return period


@transaction.atomic
def period_publish(*, period: Period, by, channel: str = Channel.WEB) -> Period:
    if period.published:
        raise ValidationError(_("Kết quả này đã được công bố."))
    if period.computed_at is None:
        raise ValidationError(_("Chưa chấm điểm kỳ này."))
    period = _period_set_published(
        period,
        published=True,
        by=by,
        channel=channel,
        action=Action.PUBLISH,
    )
    notices.told_published(period)
    return period


@transaction.atomic
def period_unpublish(*, period: Period, by, reason: str, channel: str = Channel.WEB) -> Period:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Cần ghi lý do hủy công bố.")})
    if not period.published:
        raise ValidationError(_("Kết quả này chưa được công bố."))
    return _period_set_published(
        period, published=False, by=by, channel=channel, action=Action.UNPUBLISH, note=reason
    )


# --- Criteria and the year rule, as the province administrator sets them ------------------
# A published period never moves with these edits: it is never recomputed, and its lines keep
# the criterion's name, rule and value as text (see `_period_for` and `engine.year_scores`).

CRITERION_FIELDS = {
    "code",
    "name",
    "measure",
    "rule",
    "weight",
    "floor",
    "target",
    "deadline",
    "penalty",
    "order",
    "source",
}


def _two_places(fields: dict) -> dict:
    """Amounts as stored (2 decimals), so "10" and "10.00" are no change."""
    for name in ("weight", "floor", "target", "penalty"):
        value = fields.get(name)
        if isinstance(value, int | Decimal):
            fields[name] = Decimal(value).quantize(rules.CENT)
    return fields


def _check_criterion(criterion: Criterion, levels: list, province: Unit) -> None:
    """The rules the scoring needs, with messages that name the field; then the model's."""
    c = criterion
    errors = {}
    if c.weight is not None and c.weight <= 0:
        errors["weight"] = _("Trọng số (điểm tối đa): phải lớn hơn 0.")
    if c.rule == rules.RuleKind.LINEAR and c.floor is not None and c.target is not None:
        if c.floor >= c.target:
            errors["floor"] = _("Mức sàn (%): phải thấp hơn mức mục tiêu.")
    if c.rule in (rules.RuleKind.BY_DEADLINE, rules.RuleKind.LATE_PENALTY) and not c.deadline:
        errors["deadline"] = _("Thời hạn: cách tính này cần thời hạn.")
    if not levels:
        errors["levels"] = _("Áp dụng cho các cấp: chọn ít nhất một cấp.")
    elif any(lv.rank <= province.level.rank for lv in levels):
        errors["levels"] = _("Áp dụng cho các cấp: chỉ chọn các cấp dưới tỉnh.")
    if c.code and Criterion.objects.filter(code=c.code).exclude(pk=c.pk).exists():
        errors["code"] = _("Mã tiêu chí: đã có tiêu chí dùng mã này.")
    if errors:
        raise ValidationError(errors)
    criterion.full_clean(exclude=["levels"])


def _scoring_province(province: Unit) -> Unit:
    if province.parent_id is not None:
        raise ValidationError(_("Tiêu chí thi đua do cấp tỉnh đặt."))
    return province


@transaction.atomic
def criterion_create(
    *, province: Unit, by, levels, channel: str = Channel.WEB, **fields
) -> Criterion:
    """A new criterion of the province. It scores the periods computed from now on."""
    rule_fields_check("criterion_create", fields, CRITERION_FIELDS)
    criterion = Criterion(province=_scoring_province(province), active=True, **_two_places(fields))
    check = partial(_check_criterion, province=province)
    return rule_create(
        criterion, "levels", levels, check, by=by, channel=channel, unit_id=province.pk
    )


@transaction.atomic
def criterion_update(
    *, criterion: Criterion, province: Unit, by, levels=None, channel: str = Channel.WEB, **fields
) -> Criterion:
    """Change a criterion. `province` is the one the administrator acts for (the criterion's
    own, or theirs for a criterion of every province). Published periods keep their scores."""
    rule_fields_check("criterion_update", fields, CRITERION_FIELDS)
    return rule_change(
        criterion,
        covers="levels",
        members=levels,
        fields=_two_places(fields),
        check=lambda criterion, levels: _check_criterion(
            criterion, levels, _scoring_province(province)
        ),
        by=by,
        channel=channel,
        unit_id=criterion.province_id or province.pk,
    )


@transaction.atomic
def criterion_set_active(
    *, criterion: Criterion, active: bool, province: Unit, by, channel: str = Channel.WEB
) -> Criterion:
    """Stop scoring a criterion from the next computation (never deleted: published lines
    still point to it), or score it again."""
    return rule_set_active(
        criterion,
        active=active,
        by=by,
        channel=channel,
        unit_id=criterion.province_id or province.pk,
        note=_("Ngừng áp dụng tiêu chí") if not active else _("Áp dụng lại tiêu chí"),
    )


@transaction.atomic
def year_rule_set(
    *, province: Unit, method: str, by, channel: str = Channel.WEB
) -> YearRule | None:
    """How the province's months make its year, as its own rule (a rule for every province
    stays as it is for the others). Years already computed keep the method they used."""
    _scoring_province(province)
    current = YearRule.objects.filter(province=province).first()
    inherited = year_method_for(province)
    if method == inherited:
        return current
    rule = current or YearRule(province=province)
    rule.method = method
    rule.full_clean()
    rule.save()
    audit_record(
        obj=rule,
        by=by,
        action=Action.UPDATE if current else Action.CREATE,
        channel=channel,
        unit_id=province.pk,
        changes={"method": [inherited, method]},
    )
    return rule
