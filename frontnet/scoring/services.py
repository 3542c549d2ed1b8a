"""What changes scores: computing a period, publishing it, unpublishing it (audited).

A month is scored from the data as of its last day (today for the running month), read
through monitoring's rollup: every unit of a level some criterion applies to is measured as a
child of its parent. A published period is frozen: computing it again is refused until the
province administrator unpublishes it, with a reason, which the audit log keeps.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from frontnet.audit.models import Action, Channel
from frontnet.audit.services import audit_record, snapshot
from frontnet.core.services import rule_fields_check, rule_save, rule_set_active, rule_snapshot
from frontnet.monitoring.measures import PAGE_STATE_LABELS, REQUIRED_FIELDS
from frontnet.monitoring.selectors import Row, rollup, valid_q
from frontnet.reports.vnformat import vn_date, vn_number
from frontnet.units.models import Unit

from . import rules
from .models import Criterion, Measure, Period, PeriodKind, Score, ScoreLine, YearRule
from .periods import period_end

# --- Measuring -----------------------------------------------------------------------------


def measure_value(measure: str, row: Row | None) -> rules.Value:
    if row is None:  # the unit did not exist on that day
        return rules.Value(0, 0)
    f, own = row.figures, row.own
    if measure == Measure.HAS_ACCOUNT:
        return rules.Value(f.with_account, f.cadres)
    if measure == Measure.FOLLOWS_ALL:
        return rules.Value(f.follows_all, f.cadres)
    if measure == Measure.DATA_COMPLETE:
        return rules.Value(f.complete, f.cadres)
    if measure == Measure.FIELDS_FILLED:
        return rules.Value(f.fields_filled, f.cadres * len(REQUIRED_FIELDS))
    if measure == Measure.PAGE_VERIFIED_NAMED:
        return rules.Value(int(own.verified and own.name_ok), 1)
    if measure == Measure.PAGE_REPORTED:
        return rules.Value(int(own.reported), 1, own.first_reported if own.reported else None)
    raise ValueError(measure)


def _pct(value) -> str:
    return f"{vn_number(value, 2).rstrip('0').rstrip(',')}%"


def _pts(value) -> str:
    return vn_number(value, 2).rstrip("0").rstrip(",")


def describe_rule(criterion: Criterion) -> str:
    c = criterion
    if c.rule == rules.RuleKind.LINEAR:
        return _(
            "%(floor)s trở xuống: 0 điểm; đạt %(target)s: %(weight)s điểm; ở giữa tính tỉ lệ"
        ) % {
            "floor": _pct(c.floor),
            "target": _pct(c.target),
            "weight": _pts(c.weight),
        }
    if c.rule == rules.RuleKind.BY_DEADLINE:
        return _("Đạt %(target)s đến hạn %(deadline)s: %(weight)s điểm, không đạt: 0 điểm") % {
            "target": _pct(c.target),
            "deadline": vn_date(c.deadline),
            "weight": _pts(c.weight),
        }
    return _("Xong đến hạn %(deadline)s: %(weight)s điểm; mỗi tháng chậm trừ %(penalty)s điểm") % {
        "deadline": vn_date(c.deadline),
        "weight": _pts(c.weight),
        "penalty": _pts(c.penalty),
    }


def describe_value(criterion: Criterion, value: rules.Value, row: Row | None, day) -> str:
    measure = criterion.measure
    if row is None:
        return _("Đơn vị chưa thành lập vào ngày %(day)s") % {"day": vn_date(day)}
    if measure == Measure.PAGE_VERIFIED_NAMED:
        own = row.own
        if own.verified:
            text = _("Đã xác nhận, đúng tên") if own.name_ok else _("Đã xác nhận, tên chưa đúng")
        else:
            text = str(PAGE_STATE_LABELS[own.state])
    elif measure == Measure.PAGE_REPORTED:
        if not value.part:
            text = _("Chưa báo cáo trang cộng đồng")
        else:
            text = _("Báo cáo ngày %(day)s") % {"day": vn_date(value.done_on)}
            deadline = criterion.deadline
            if deadline and value.done_on > deadline:
                text += ", " + _("chậm %(n)s tháng") % {
                    "n": rules.months_late(value.done_on, deadline)
                }
    elif not value.whole:
        text = _("Chưa có cán bộ nào được nhập")
    else:
        what = _("thông tin") if measure == Measure.FIELDS_FILLED else _("cán bộ")
        text = f"{_pct(value.part * 100 / value.whole)} ({value.part}/{value.whole} {what})"
    if (
        criterion.rule == rules.RuleKind.BY_DEADLINE
        and criterion.deadline
        and day == criterion.deadline
    ):
        text += " " + _("(tính tại hạn %(day)s)") % {"day": vn_date(day)}
    return text


# --- Computing a month ---------------------------------------------------------------------


def criteria_for(province: Unit) -> list[Criterion]:
    return list(
        Criterion.objects.filter(active=True)
        .filter(Q(province__isnull=True) | Q(province=province))
        .prefetch_related("levels")
        .order_by("order", "code")
    )


def year_method_for(province: Unit) -> str:
    """The province's own year rule, else the rule for every province, else the mean."""
    found = {
        r.province_id: r.method
        for r in YearRule.objects.filter(Q(province=province) | Q(province__isnull=True))
    }
    return found.get(province.pk) or found.get(None) or rules.YearMethod.MEAN


def _rank(scores: list[Score]) -> None:
    by_level, by_parent = defaultdict(list), defaultdict(list)
    for s in scores:
        by_level[s.level_id].append(s)
        by_parent[(s.level_id, s.parent_id)].append(s)
    for groups, rank_field, count_field in (
        (by_level, "rank_in_level", "level_count"),
        (by_parent, "rank_in_parent", "parent_count"),
    ):
        for group in groups.values():
            ranks = rules.competition_ranks((id(s), s.points) for s in group)
            for s in group:
                setattr(s, rank_field, ranks[id(s)])
                setattr(s, count_field, len(group))


def _month_scores(province: Unit, start: dt.date, as_of: dt.date):
    """The unsaved scores of every unit for one month, with their lines."""
    criteria = criteria_for(province)
    level_ids = {lv.pk for c in criteria for lv in c.levels.all()}
    units = (
        Unit.objects.filter(path__startswith=province.path, level_id__in=level_ids)
        .exclude(parent__isnull=True)
        .filter(valid_q(as_of))
        .select_related("level", "parent")
        .order_by("path")
    )
    rollups: dict[tuple[int, dt.date], dict[int, Row]] = {}

    def row_of(unit: Unit, day: dt.date) -> Row | None:
        key = (unit.parent_id, day)
        if key not in rollups:
            data = rollup(unit.parent, day, with_targets=False)
            rollups[key] = {r.unit.pk: r for r in data.rows}
        return rollups[key].get(unit.pk)

    made = []
    for unit in units:
        lines = []
        for order, c in enumerate(c for c in criteria if unit.level in c.levels.all()):
            day, deadline = as_of, c.deadline
            created_late = deadline and unit.valid_from and unit.valid_from > deadline
            if (
                c.rule == rules.RuleKind.BY_DEADLINE
                and deadline
                and deadline < as_of
                and not created_late
            ):
                day = deadline  # what counts is what was done in time
            if created_late:
                deadline = None  # a unit created after the deadline was not due by it
            row = row_of(unit, day)
            value = measure_value(c.measure, row)
            rule = rules.Rule(c.rule, c.weight, c.floor, c.target, deadline, c.penalty)
            lines.append(
                ScoreLine(
                    criterion=c,
                    order=order,
                    name=c.name,
                    rule_text=describe_rule(c)[:300],
                    value_text=describe_value(c, value, row, day)[:300],
                    points=rules.score(rule, value),
                    max_points=rules.to_points(c.weight),
                )
            )
        if not lines:
            continue
        score = Score(
            unit=unit,
            unit_name=unit.name,
            level=unit.level,
            parent=unit.parent,
            points=sum((line.points for line in lines), Decimal(0)),
            max_points=sum((line.max_points for line in lines), Decimal(0)),
        )
        made.append((score, lines))
    return made


def _year_scores(province: Unit, months: list[Period], method: str):
    """Each unit's year from its month scores: per criterion, the year method over the months
    the unit was scored in (a criterion missing in one of them counts 0 there)."""
    per_unit: dict[int, list[Score]] = defaultdict(list)
    scores = (
        Score.objects.filter(period__in=months)
        .select_related("period", "level", "parent")
        .prefetch_related("lines")
        .order_by("period__start")
    )
    for s in scores:
        per_unit[s.unit_id].append(s)
    label = {
        rules.YearMethod.MEAN: _("Trung bình %(n)s tháng"),
        rules.YearMethod.SUM: _("Tổng %(n)s tháng"),
        rules.YearMethod.LAST: _("Kết quả tháng cuối (%(n)s tháng)"),
    }[method]
    made = []
    for month_scores in per_unit.values():
        keys: dict[str, tuple[int, Criterion | None, str]] = {}
        for s in month_scores:
            for line in s.lines.all():
                key = str(line.criterion_id or line.name)
                keys.setdefault(key, (line.order, line.criterion_id, line.name))
        lines = []
        for key, (order, criterion_id, name) in sorted(keys.items(), key=lambda kv: kv[1][0]):
            month_points, month_max, parts = [], [], []
            for s in month_scores:
                line = next(
                    (ln for ln in s.lines.all() if str(ln.criterion_id or ln.name) == key), None
                )
                month_points.append(line.points if line else Decimal(0))
                month_max.append(line.max_points if line else Decimal(0))
                parts.append(f"T{s.period.start.month}: {_pts(month_points[-1])}")
            lines.append(
                ScoreLine(
                    criterion_id=criterion_id,
                    order=order,
                    name=name,
                    rule_text=label % {"n": len(month_scores)},
                    value_text="; ".join(parts)[:300],
                    points=rules.combine_months(method, month_points),
                    max_points=rules.combine_months(method, month_max),
                )
            )
        last = month_scores[-1]
        score = Score(
            unit_id=last.unit_id,
            unit_name=last.unit_name,
            level=last.level,
            parent=last.parent,
            points=sum((line.points for line in lines), Decimal(0)),
            max_points=sum((line.max_points for line in lines), Decimal(0)),
            months=len(month_scores),
        )
        made.append((score, lines))
    return made


def _store(period: Period, made) -> None:
    period.scores.all().delete()
    scores = [score for score, _lines in made]
    _rank(scores)
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
        made = _month_scores(province, start, as_of)
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
                    found, _month_scores(province, month, min(period_end("month", month), today))
                )
                found.as_of = min(period_end("month", month), today)
                found.computed_at = timezone.now()
                found.save(update_fields=["as_of", "computed_at"])
            months.append(found)
            month = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        period.year_method = year_method_for(province)
        made = _year_scores(province, months, period.year_method)
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
        changes={"computed": [None, period.key], "scores": [None, len(made)]},
        note=_("Chấm điểm thi đua %(period)s") % {"period": period.label},
    )
    return period


@transaction.atomic
def period_publish(*, period: Period, by, channel: str = Channel.WEB) -> Period:
    if period.published:
        raise ValidationError(_("Kết quả này đã được công bố."))
    if period.computed_at is None:
        raise ValidationError(_("Chưa chấm điểm kỳ này."))
    before = snapshot(period, ["published"])
    period.published = True
    period.published_at = timezone.now()
    period.published_by = by if getattr(by, "pk", None) else None
    period.full_clean()
    period.save(update_fields=["published", "published_at", "published_by"])
    audit_record(
        obj=period,
        by=by,
        action=Action.PUBLISH,
        channel=channel,
        unit_id=period.province_id,
        before=before,
        after=snapshot(period, ["published"]),
        note=_("Công bố kết quả thi đua %(period)s") % {"period": period.label},
    )
    return period


@transaction.atomic
def period_unpublish(*, period: Period, by, reason: str, channel: str = Channel.WEB) -> Period:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Cần ghi lý do hủy công bố.")})
    if not period.published:
        raise ValidationError(_("Kết quả này chưa được công bố."))
    before = snapshot(period, ["published"])
    period.published = False
    period.published_at = None
    period.published_by = None
    period.save(update_fields=["published", "published_at", "published_by"])
    audit_record(
        obj=period,
        by=by,
        action=Action.UNPUBLISH,
        channel=channel,
        unit_id=period.province_id,
        before=before,
        after=snapshot(period, ["published"]),
        note=reason,
    )
    return period


# --- Criteria and the year rule, as the province administrator sets them ------------------
# A published period never moves with these edits: it is never recomputed, and its lines keep
# the criterion's name, rule and value as text (see `_period_for` and `_year_scores`).

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
    levels = list(levels)
    fields = _two_places(fields)
    criterion = Criterion(province=_scoring_province(province), active=True, **fields)
    _check_criterion(criterion, levels, province)
    return rule_save(
        criterion,
        covers="levels",
        members=levels,
        before=None,
        by=by,
        channel=channel,
        unit_id=province.pk,
    )


@transaction.atomic
def criterion_update(
    *, criterion: Criterion, province: Unit, by, levels=None, channel: str = Channel.WEB, **fields
) -> Criterion:
    """Change a criterion. `province` is the one the administrator acts for (the criterion's
    own, or theirs for a criterion of every province). Published periods keep their scores."""
    rule_fields_check("criterion_update", fields, CRITERION_FIELDS)
    before = rule_snapshot(criterion, "levels", criterion.levels.all())
    for name, value in _two_places(fields).items():
        setattr(criterion, name, value)
    levels = list(criterion.levels.all()) if levels is None else list(levels)
    _check_criterion(criterion, levels, _scoring_province(province))
    return rule_save(
        criterion,
        covers="levels",
        members=levels,
        before=before,
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
