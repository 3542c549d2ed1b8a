"""What a criterion measures and how it reads: the figure a unit's rollup row gives for a
measure, and the rule and value of a score line as the text pieces the line keeps (`texts`:
keys and arguments, so a published line reads the same after the criterion changes, in the
reader's language)."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext_noop

from frontnet.monitoring.measures import PAGE_STATE_LABELS, REQUIRED_FIELDS
from frontnet.monitoring.selectors import Row
from frontnet.reports.vnformat import vn_number

from . import rules, texts
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


def describe_rule(criterion: Criterion) -> list:
    """How the criterion scores, as text pieces (`texts`)."""
    c = criterion
    if c.rule == rules.RuleKind.LINEAR:
        text = gettext_noop(
            "%(floor)s trở xuống: 0 điểm; đạt %(target)s: %(weight)s điểm; ở giữa tính tỉ lệ"
        )
        args = {"floor": texts.percent(c.floor), "target": texts.percent(c.target)}
    elif c.rule == rules.RuleKind.BY_DEADLINE:
        text = gettext_noop(
            "Đạt %(target)s đến hạn %(deadline)s: %(weight)s điểm, không đạt: 0 điểm"
        )
        args = {"target": texts.percent(c.target), "deadline": texts.day(c.deadline)}
    else:
        text = gettext_noop(
            "Xong đến hạn %(deadline)s: %(weight)s điểm; mỗi tháng chậm trừ %(penalty)s điểm"
        )
        args = {"deadline": texts.day(c.deadline), "penalty": texts.number(c.penalty)}
    return [texts.piece(text, weight=texts.number(c.weight), **args)]


def describe_value(criterion: Criterion, value: rules.Value, row: Row | None, day) -> list:
    """What the unit reached on the criterion, as text pieces (`texts`)."""
    measure, piece = criterion.measure, texts.piece
    if row is None:
        return [piece(gettext_noop("Đơn vị chưa thành lập vào ngày %(day)s"), day=texts.day(day))]
    if measure == Measure.PAGE_VERIFIED_NAMED:
        own = row.own
        if own.verified:
            text = [
                piece(
                    gettext_noop("Đã xác nhận, đúng tên")
                    if own.name_ok
                    else gettext_noop("Đã xác nhận, tên chưa đúng")
                )
            ]
        else:
            text = [piece("%(state)s", state=texts.label(PAGE_STATE_LABELS[own.state]))]
    elif measure == Measure.PAGE_REPORTED:
        if not value.part:
            text = [piece(gettext_noop("Chưa báo cáo trang cộng đồng"))]
        else:
            text = [piece(gettext_noop("Báo cáo ngày %(day)s"), day=texts.day(value.done_on))]
            deadline = criterion.deadline
            if deadline and value.done_on > deadline:
                late = rules.months_late(value.done_on, deadline)
                text += [", ", piece(gettext_noop("chậm %(n)s tháng"), n=late)]
    elif measure in (Measure.PAGE_WITH_FIGURES, Measure.PAGE_ACTIVE, Measure.PAGE_POSTS):
        stats = row.stats
        if not stats.pages:
            text = [piece(gettext_noop("Chưa có trang cộng đồng"))]
        elif measure == Measure.PAGE_POSTS:
            text = [
                piece(
                    gettext_noop("%(posts)s bài / %(pages)s trang trong tháng"),
                    posts=stats.posts,
                    pages=stats.pages,
                )
            ]
        else:
            part = stats.with_figures if measure == Measure.PAGE_WITH_FIGURES else stats.active
            text = [piece(gettext_noop("%(part)s/%(whole)s trang"), part=part, whole=stats.pages)]
    elif measure == Measure.CAMPAIGN_SHARED and not value.whole:
        text = [piece(gettext_noop("Không có đợt cao điểm trong tháng"))]
    elif not value.whole:
        text = [piece(gettext_noop("Chưa có cán bộ nào được nhập"))]
    else:
        if measure == Measure.FIELDS_FILLED:
            what = gettext_noop("%(share)s (%(part)s/%(whole)s thông tin)")
        elif measure == Measure.CAMPAIGN_SHARED:
            what = gettext_noop("%(share)s (%(part)s/%(whole)s bài)")
        else:
            what = gettext_noop("%(share)s (%(part)s/%(whole)s cán bộ)")
        share = Decimal(value.part * 100) / Decimal(value.whole)
        text = [piece(what, share=texts.percent(share), part=value.part, whole=value.whole)]
    if (
        criterion.rule == rules.RuleKind.BY_DEADLINE
        and criterion.deadline
        and day == criterion.deadline
    ):
        text += [" ", piece(gettext_noop("(tính tại hạn %(day)s)"), day=texts.day(day))]
    return text
