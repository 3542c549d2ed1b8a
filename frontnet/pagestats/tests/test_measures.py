"""The page measures in the rollup, targets and scoring, on figures worked out by hand."""

import datetime as dt
import json

import pytest
from django.core.management import call_command
from django.utils import timezone

from frontnet.monitoring.models import Target
from frontnet.monitoring.selectors import rollup, target_checks
from frontnet.monitoring.unit_figures import FiguresBook
from frontnet.pagestats.models import PageMonth
from frontnet.scoring.measures import measure_value

pytestmark = pytest.mark.django_db


@pytest.fixture
def month_figures(page_a1, zalo_a2, page_b1):
    month = timezone.localdate().replace(day=1)
    for page, followers, posts in [(page_a1, 1000, 9), (zalo_a2, 300, 0)]:
        PageMonth.objects.create(
            page=page,
            month=month,
            followers=followers,
            posts=posts,
            source="form",
            entered_at=timezone.now(),
        )
    return month


def test_rollup_counts_page_measures_per_child_and_in_total(tree, month_figures):
    data = rollup(tree["province"], timezone.localdate(), with_targets=False)
    by_name = {r.unit.name: r.figures.page_stats for r in data.rows}
    a, b = by_name["Huyện An"], by_name["Huyện Bình"]
    assert (a.pages, a.with_figures, a.active, a.followers, a.posts) == (2, 2, 1, 1300, 9)
    assert a.posts_per_page == 4.5
    assert (b.pages, b.with_figures, b.active) == (1, 0, 0)
    assert (data.total.page_stats.pages, data.total.page_stats.followers) == (3, 1300)
    communes = {
        r.unit.name: r.stats
        for r in rollup(tree["district_a"], timezone.localdate(), with_targets=False).rows
    }
    assert communes["Xã An Một"].posts == 9 and communes["Xã An Hai"].active == 0


def test_rollup_json_includes_the_page_measures(tree, month_figures, capsys):
    call_command("rollup", unit="991", json=True)
    out = json.loads(capsys.readouterr().out)
    assert out["total"]["page_stats"]["posts"] == 9
    assert out["total"]["page_stats"]["with_figures"] == 2
    children = {c["code"]: c["page_stats"] for c in out["children"]}
    assert children["99101"]["posts_per_page"] == 9 and children["99102"]["active"] == 0


def test_target_at_least_8_posts_a_month(tree, levels, month_figures):
    today = timezone.localdate()
    target = Target.objects.create(
        name="Mỗi trang xã ít nhất 8 bài mỗi tháng",
        measure="page_posts",
        level=levels["commune"],
        threshold=50,
        unit_threshold=8,
        start=today - dt.timedelta(days=5),
        deadline=today + dt.timedelta(days=30),
    )
    target.listed = 0
    checks = {
        c.name: c
        for c in target_checks(target, tree["province"], today, FiguresBook(tree["province"], []))
    }
    assert checks["Xã An Một"].meets  # 9 posts on its one page
    assert not checks["Xã An Hai"].meets and "0 bài / 1 trang" in checks["Xã An Hai"].reason
    assert not checks["Xã Bình Một"].meets  # a page, no figures this month


def test_scoring_reads_posts_per_page_as_a_share_of_100(tree, month_figures):
    rows = {
        r.unit.name: r
        for r in rollup(tree["district_a"], timezone.localdate(), with_targets=False).rows
    }
    value = measure_value("page_posts", rows["Xã An Một"])
    assert (value.part, value.whole) == (9, 100)  # 9 posts per page: 9 % of 100
    active = measure_value("page_active", rows["Xã An Hai"])
    assert (active.part, active.whole) == (0, 1)
