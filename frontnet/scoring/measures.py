"""What a criterion measures and how it reads: the figure a unit's rollup row gives for a
measure, and the rule and value of a score line as the Vietnamese text the line keeps (so a
published line still reads the same after the criterion changes)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from frontnet.monitoring.measures import PAGE_STATE_LABELS, REQUIRED_FIELDS
from frontnet.monitoring.selectors import Row
from frontnet.reports.vnformat import vn_date, vn_number

from . import rules
from .models import Criterion, Measure


def measure_value(measure: str, row: Row | None, day=None) -> rules.Value:
    if row is None:  # the unit did not exist on that day
        return rules.Value(0, 0)
    if measure == Measure.CAMPAIGN_SHARED:
        from frontnet.campaigns.measures import items_shared

        return rules.Value(*items_shared(row.unit, day))
    if measure == Measure.CAMPAIGN_CADRES:
        from frontnet.campaigns.measures import cadres_interacting

        return rules.Value(cadres_interacting(row.unit, day), row.figures.cadres)
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
    stats = row.stats
    if measure == Measure.PAGE_WITH_FIGURES:
        return rules.Value(stats.with_figures, stats.pages)
    if measure == Measure.PAGE_ACTIVE:
        return rules.Value(stats.active, stats.pages)
    if measure == Measure.PAGE_POSTS:
        # As a share of 100 posts per page, so the criterion's "%" reads as a number of posts.
        return rules.Value(stats.posts, stats.pages * 100)
    raise ValueError(measure)


def percent_text(value) -> str:
    return f"{vn_number(value, 2).rstrip('0').rstrip(',')}%"


def points_text(value) -> str:
    return vn_number(value, 2).rstrip("0").rstrip(",")


def describe_rule(criterion: Criterion) -> str:
    c = criterion
    if c.rule == rules.RuleKind.LINEAR:
        return _(
            "%(floor)s trở xuống: 0 điểm; đạt %(target)s: %(weight)s điểm; ở giữa tính tỉ lệ"
        ) % {
            "floor": percent_text(c.floor),
            "target": percent_text(c.target),
            "weight": points_text(c.weight),
        }
    if c.rule == rules.RuleKind.BY_DEADLINE:
        return _("Đạt %(target)s đến hạn %(deadline)s: %(weight)s điểm, không đạt: 0 điểm") % {
            "target": percent_text(c.target),
            "deadline": vn_date(c.deadline),
            "weight": points_text(c.weight),
        }
    return _("Xong đến hạn %(deadline)s: %(weight)s điểm; mỗi tháng chậm trừ %(penalty)s điểm") % {
        "deadline": vn_date(c.deadline),
        "weight": points_text(c.weight),
        "penalty": points_text(c.penalty),
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
    elif measure in (Measure.PAGE_WITH_FIGURES, Measure.PAGE_ACTIVE, Measure.PAGE_POSTS):
        stats = row.stats
        if not stats.pages:
            text = _("Chưa có trang cộng đồng")
        elif measure == Measure.PAGE_POSTS:
            text = _("%(posts)s bài / %(pages)s trang trong tháng") % {
                "posts": stats.posts,
                "pages": stats.pages,
            }
        else:
            part = stats.with_figures if measure == Measure.PAGE_WITH_FIGURES else stats.active
            text = f"{part}/{stats.pages} " + _("trang")
    elif measure == Measure.CAMPAIGN_SHARED and not value.whole:
        text = _("Không có đợt cao điểm trong tháng")
    elif not value.whole:
        text = _("Chưa có cán bộ nào được nhập")
    else:
        what = _("thông tin") if measure == Measure.FIELDS_FILLED else _("cán bộ")
        what = _("bài") if measure == Measure.CAMPAIGN_SHARED else what
        text = f"{percent_text(value.part * 100 / value.whole)} ({value.part}/{value.whole} {what})"
    if (
        criterion.rule == rules.RuleKind.BY_DEADLINE
        and criterion.deadline
        and day == criterion.deadline
    ):
        text += " " + _("(tính tại hạn %(day)s)") % {"day": vn_date(day)}
    return text
