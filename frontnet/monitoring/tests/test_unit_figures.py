"""The stored own figures of each unit (`UnitFigures`) against a live count of the records:
the rollup must read the same numbers, see a change made through a service at once, and
count again only the unit that changed."""

import datetime as dt
import io

import pytest
from django.utils import timezone

from frontnet.cadres.models import Platform
from frontnet.cadres.services import cadre_end, channel_follow_set, official_channel_create
from frontnet.monitoring.models import UnitFigures
from frontnet.monitoring.selectors import cadre_figures, province_channels, rollup
from frontnet.monitoring.unit_figures import FiguresBook
from frontnet.units.models import PATH_STEP

FEB_1 = dt.date(2022, 2, 1)


def by_name(data):
    return {r.unit.name: r.figures for r in data.rows}


def rows_of(units):
    return {
        f.unit_id: (f.audit_mark, f.computed_at)
        for f in UnitFigures.objects.filter(unit__in=units, day=FEB_1)
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    "day", ["2021-12-31", "2022-01-05", "2022-01-10", "2022-02-01", "2022-02-15", "today"]
)
def test_stored_figures_add_up_to_a_live_count_of_the_records(tree, story, day):
    day = timezone.localdate() if day == "today" else dt.date.fromisoformat(day)
    province = tree["province"]
    channels = province_channels(province)
    length = len(province.path) + PATH_STEP + 1
    live = cadre_figures(province, length, day, channels)
    stored = FiguresBook(province, channels).by_prefix(day, length)
    assert UnitFigures.objects.filter(day=day).count() == len(tree)  # one row per unit
    assert {p: g.figures for p, g in stored.items() if g.figures.cadres} == live
    # Read again: the same, from the rows alone.
    again = FiguresBook(province, channels).by_prefix(day, length)
    assert {p: g.figures for p, g in again.items() if g.figures.cadres} == live


@pytest.mark.django_db
def test_a_follow_confirmed_later_counts_at_once_and_only_its_unit_is_counted_again(
    tree, story, users
):
    before = by_name(rollup(tree["province"], FEB_1))["Huyện An"]
    assert before.follows[story["fanpage"].pk] == 2
    stored = rows_of(tree.values())
    # Thôn 1's cadre says they have followed the Fanpage since 20/01/2022.
    channel_follow_set(
        cadre=story["cadres"][2],
        official_channel=story["fanpage"],
        status="yes",
        confirmed_on=dt.date(2022, 1, 20),
        by=users["tinh"],
    )
    after = by_name(rollup(tree["province"], FEB_1))["Huyện An"]
    assert after.follows[story["fanpage"].pk] == 3
    changed = {pk for pk, row in rows_of(tree.values()).items() if row != stored[pk]}
    assert changed == {tree["village"].pk}


@pytest.mark.django_db
def test_a_cadre_who_left_stops_counting_from_the_day_after(tree, story, users):
    assert by_name(rollup(tree["province"], FEB_1))["Huyện An"].cadres == 3
    cadre_end(cadre=story["cadres"][0], by=users["tinh"], on=dt.date(2022, 1, 20), reason="Nghỉ")
    assert by_name(rollup(tree["province"], FEB_1))["Huyện An"].cadres == 2
    assert by_name(rollup(tree["province"], dt.date(2022, 1, 20)))["Huyện An"].cadres == 3


@pytest.mark.django_db
def test_a_new_official_channel_counts_every_unit_again(tree, story, users):
    rollup(tree["province"], FEB_1)
    website = official_channel_create(
        province=tree["province"],
        platform=Platform.objects.get(key="website"),
        name="Cổng thông tin Mặt trận tỉnh",
        link="https://mattran.example.vn",
        by=users["tinh"],
    )
    a = by_name(rollup(tree["province"], FEB_1))["Huyện An"]
    assert a.follows == {story["fanpage"].pk: 2, story["zalo_oa"].pk: 1, website.pk: 0}
    assert a.follows_all == 0  # nobody follows the new one yet
    keys = set(UnitFigures.objects.filter(day=FEB_1).values_list("key", flat=True))
    assert len(keys) == 1 and keys.pop().endswith(f",{website.pk}")


@pytest.mark.django_db
def test_a_day_in_the_future_is_counted_but_never_stored(tree, story):
    later = timezone.localdate() + dt.timedelta(days=30)
    data = rollup(tree["province"], later)
    assert data.total.cadres == 4  # c4 left in 2021
    assert not UnitFigures.objects.filter(day=later).exists()


@pytest.mark.django_db
def test_pruning_keeps_recent_days_month_ends_and_deadlines(tree, story):
    from django.core.management import call_command

    from frontnet.monitoring.models import Target

    province = tree["province"]
    today = timezone.localdate()
    recent = today - dt.timedelta(days=3)
    days = [dt.date(2022, 1, 30), dt.date(2022, 1, 31), dt.date(2022, 2, 15), recent]
    deadline = Target.objects.filter(deadline__lt=today - dt.timedelta(days=7)).first().deadline
    days.append(deadline)
    for day in days:
        rollup(province, day)
    call_command("prune_figures", stdout=io.StringIO())
    kept = set(UnitFigures.objects.values_list("day", flat=True))
    assert dt.date(2022, 1, 30) not in kept and dt.date(2022, 2, 15) not in kept
    assert {dt.date(2022, 1, 31), recent, deadline} <= kept
    # A pruned day is simply counted again.
    assert rollup(province, dt.date(2022, 2, 15)).total.cadres == 4


@pytest.mark.django_db
def test_the_writer_refreshes_the_days_the_dashboard_reads_so_the_reader_only_sums(
    tree, story, users, django_assert_num_queries
):
    """After a change (an import's commit runs figures_refresh), every unit of the province
    has a fresh row for today and for the judging day of each cadre target (the seeded
    data target, deadline 30/06/2022, is judged on its deadline); the next rollup writes
    nothing and counts nothing, and reads the same numbers as a live count."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from frontnet.monitoring.selectors import figure_days
    from frontnet.monitoring.tasks import figures_refresh
    from frontnet.units.models import Unit

    province = tree["province"]
    today = timezone.localdate()
    days = figure_days(province, today)
    cadre_targets = [t for t in story_targets() if not t.is_page_measure]
    assert days == {today, *(min(today, t.deadline) for t in cadre_targets)}
    assert len(days) >= 2
    cadre_end(cadre=story["cadres"][2], by=users["tinh"], on=today, reason="Nghỉ hưu")
    figures_refresh(unit=tree["village"])
    units = Unit.objects.filter(path__startswith=province.path).count()
    for day in days:
        assert UnitFigures.objects.filter(day=day).count() == units
    with CaptureQueriesContext(connection) as queries:
        data = rollup(province, today)
    writes = [
        q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE"))
    ]
    assert writes == []
    live = FiguresBook(province, province_channels(province))._live(
        today, len(province.path) + PATH_STEP + 1
    )
    assert {r.unit.path: r.figures.cadres for r in data.rows} == {
        p: g.figures.cadres for p, g in live.items() if p != province.path
    }


def story_targets():
    from frontnet.monitoring.models import Target

    return list(Target.objects.filter(active=True))
