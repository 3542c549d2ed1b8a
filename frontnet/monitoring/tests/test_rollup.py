"""The measures of the conftest tree, worked out by hand from the story in conftest.py."""

import datetime as dt

import pytest

from frontnet.monitoring.measures import REQUIRED_FIELDS
from frontnet.monitoring.selectors import rollup
from frontnet.monitoring.targets import Status

FEB_1 = dt.date(2022, 2, 1)


def by_name(data):
    return {r.unit.name: r for r in data.rows}


@pytest.mark.django_db
def test_province_rollup_counts_each_district_subtree(tree, story):
    data = rollup(tree["province"], FEB_1)
    rows = by_name(data)
    assert list(rows) == ["Huyện An", "Huyện Bình"]
    a = rows["Huyện An"].figures
    # c1, c2, c3 (c4 left in 2021)
    assert a.cadres == 3
    assert (a.with_account, a.with_facebook, a.with_zalo) == (2, 2, 1)
    assert a.follows == {story["fanpage"].pk: 2, story["zalo_oa"].pk: 1}
    assert a.follows_all == 1
    # c1 6 + c2 4 + c3 6 of 3 × 6 fields; c1 and c3 complete
    assert len(REQUIRED_FIELDS) == 6
    assert a.fields_filled == 16
    assert a.completeness == pytest.approx(16 / 18)
    assert a.complete == 2
    b = rows["Huyện Bình"].figures
    assert (b.cadres, b.with_account, b.complete) == (1, 0, 1)  # Zalo only from 15/02
    assert data.total.cadres == 4


@pytest.mark.django_db
def test_pages_per_level_and_own_page(tree, story):
    data = rollup(tree["province"], FEB_1)
    a = by_name(data)["Huyện An"]
    assert a.own.registered and a.own.reported and not a.own.verified  # verified on 10/02
    assert a.own.name_ok
    assert a.own.first_reported == dt.date(2022, 1, 20)
    communes = a.figures.pages["commune"]
    assert (communes.units, communes.registered, communes.reported, communes.verified) == (
        2,
        1,
        0,
        0,
    )
    assert a.figures.pages["residential"].units == 1
    b = by_name(data)["Huyện Bình"]
    assert b.own.state == "none"
    assert data.total.pages["district"].units == 2
    assert data.total.pages["district"].reported == 1


@pytest.mark.django_db
def test_as_of_before_and_after_a_change(tree, story):
    before = by_name(rollup(tree["province"], dt.date(2022, 2, 14)))
    after = by_name(rollup(tree["province"], dt.date(2022, 2, 15)))
    assert before["Huyện Bình"].figures.with_zalo == 0
    assert after["Huyện Bình"].figures.with_zalo == 1
    assert not by_name(rollup(tree["province"], dt.date(2022, 2, 9)))["Huyện An"].own.verified
    assert by_name(rollup(tree["province"], dt.date(2022, 2, 10)))["Huyện An"].own.verified
    # Before anyone was registered there is nothing to count.
    early = rollup(tree["province"], dt.date(2022, 1, 4))
    assert early.total.cadres == 0
    assert early.total.pages["district"].registered == 0


@pytest.mark.django_db
def test_cadre_who_left_counts_only_while_active(tree, story):
    Cadre = story["cadres"][3].__class__
    Cadre.objects.filter(pk=story["cadres"][3].pk).update(active_to=dt.date(2022, 1, 31))
    rows = rollup(tree["district_a"], dt.date(2022, 1, 31)).rows
    assert {r.unit.name: r.figures.cadres for r in rows} == {
        "Xã An Hai": 1,
        "Xã An Một": 2,
    }  # c2 and c3 of thôn 1
    rows = rollup(tree["district_a"], FEB_1).rows
    assert {r.unit.name: r.figures.cadres for r in rows} == {"Xã An Hai": 0, "Xã An Một": 2}


@pytest.mark.django_db
def test_unit_whose_validity_ended_is_neither_counted_nor_missing(tree, story):
    from frontnet.units.models import Unit

    last_day = dt.date(2025, 6, 30)
    Unit.objects.filter(path__startswith=tree["district_b"].path).update(valid_to=last_day)
    in_2022 = rollup(tree["province"], FEB_1)
    assert len(in_2022.rows) == 2
    later = rollup(tree["province"], dt.date(2025, 8, 1))
    assert [r.unit.name for r in later.rows] == ["Huyện An"]
    assert later.total.cadres == 3
    districts = dict((t.name, r) for t, r in later.targets)[
        "100% Mặt trận cấp huyện có Trang cộng đồng"
    ]
    # Judged on 31/01/2022 over the districts that still exist: huyện An had reported.
    assert districts.units == 1
    assert districts.missing == []
    assert districts.status == Status.MET


@pytest.mark.django_db
def test_seeded_targets_on_1_february_2022(tree, story):
    results = {t.name: r for t, r in rollup(tree["province"], FEB_1).targets}
    districts = results["100% Mặt trận cấp huyện có Trang cộng đồng"]
    assert districts.status == Status.MISSED  # judged on 31/01: only huyện An had reported
    assert (districts.met, districts.units, districts.days_left) == (1, 2, -1)
    assert [c.name for c in districts.missing] == ["Huyện Bình"]
    communes = results["50% Mặt trận cấp xã có Trang cộng đồng"]
    # none of 3 communes reported; on 01/02 the straight line asks 50% × 31/89 ≈ 17%
    assert communes.status == Status.AT_RISK
    assert (communes.met, communes.units, communes.days_left) == (0, 3, 58)
    data = results["Hoàn thiện dữ liệu cán bộ Mặt trận trên mạng xã hội"]
    # huyện Bình 1/1 complete; huyện An 2/3: 50% of districts, the line asks 38/65 ≈ 58%
    assert (data.met, data.units) == (1, 2)
    assert data.status == Status.AT_RISK
    assert [c.name for c in data.missing] == ["Huyện An"]
    assert "67%" in data.missing[0].reason


@pytest.mark.django_db
def test_commune_target_met_once_half_the_communes_report(tree, story):
    from frontnet.pages.models import CommunityPage, PageEvent

    from .conftest import at

    page = CommunityPage.objects.get(unit=tree["commune_a1"])
    PageEvent.objects.create(page=page, action="report", at=at("2022-03-06"))
    other = CommunityPage.objects.create(
        unit=tree["commune_b1"], platform=page.platform, name="x", link_raw="x", canonical="x"
    )
    CommunityPage.objects.filter(pk=other.pk).update(created_at=at("2022-03-01"))
    PageEvent.objects.create(page=other, action="report", at=at("2022-03-30"))
    results = {t.name: r for t, r in rollup(tree["province"], dt.date(2022, 4, 10)).targets}
    communes = results["50% Mặt trận cấp xã có Trang cộng đồng"]
    assert (communes.met, communes.units) == (2, 3)
    assert communes.status == Status.MET
    assert communes.days_left == -10


@pytest.mark.django_db
def test_a_target_is_not_judged_before_it_was_set(tree, story):
    names = {t.name for t, _result in rollup(tree["province"], FEB_1).targets}
    assert "100% Mặt trận cấp huyện có Trang cộng đồng" in names  # set on 01/01/2022
    before = {t.name for t, _result in rollup(tree["province"], dt.date(2021, 12, 31)).targets}
    assert before == {"Hoàn thiện dữ liệu cán bộ Mặt trận trên mạng xã hội"}  # set 25/12/2021
    assert rollup(tree["province"], dt.date(2021, 12, 24)).targets == []
