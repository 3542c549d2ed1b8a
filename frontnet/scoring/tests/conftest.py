"""A hand-built story for scoring on the conftest tree, back-dated with the ORM so every
score can be worked out by hand (the sums are written out in test_scores.py).

Criteria (the seeded ones are switched off), for districts and communes:
  accounts: share of cadres (of the unit's subtree) with an account, linear from 50% (0) to
            100% (40 points)
  on time:  page reported by 31/01/2022: 20 points, less 5 for each month late
Cadres (registered 05/01/2022 unless said), with (+) or without (−) an account:
  huyện An 1+ | xã An Một 2+ | thôn 1 1+ 1− | xã An Hai 1+
  huyện Bình 1+ | xã Bình Một 1−
  xã Bình Hai (created 15/02/2022 under huyện Bình): 1+ registered 16/02/2022
Pages reported: huyện An 20/01/2022, xã An Một 25/01/2022, huyện Bình 05/02/2022 (late),
  xã Bình Hai 20/02/2022 (created after the deadline: not late).
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from frontnet.cadres.models import Cadre, CadreCategory, Platform, SocialAccount
from frontnet.pages.models import CommunityPage, PageEvent
from frontnet.scoring.models import Criterion, YearRule
from frontnet.units.services import unit_create


def at(day: str) -> dt.datetime:
    return timezone.make_aware(dt.datetime.fromisoformat(day + "T09:00"))


@pytest.fixture
def criteria(levels):
    Criterion.objects.update(active=False)
    YearRule.objects.get_or_create(province=None, defaults={"method": "mean"})
    both = [levels["district"], levels["commune"]]
    accounts = Criterion.objects.create(
        code="t-accounts",
        name="Cán bộ có tài khoản",
        measure="has_account",
        rule="linear",
        weight=Decimal(40),
        floor=Decimal(50),
        target=Decimal(100),
        order=1,
    )
    on_time = Criterion.objects.create(
        code="t-on-time",
        name="Báo cáo trang đúng hạn",
        measure="page_reported",
        rule="late",
        weight=Decimal(20),
        deadline=dt.date(2022, 1, 31),
        penalty=Decimal(5),
        order=2,
    )
    for c in (accounts, on_time):
        c.levels.set(both)
    return {"accounts": accounts, "on_time": on_time}


@pytest.fixture
def story(tree, levels, criteria):
    category = CadreCategory.objects.get(key="full_time")
    platform = {p.key: p for p in Platform.objects.all()}
    commune_b2 = unit_create(
        parent=tree["district_b"],
        name="Xã Bình Hai",
        division_type="xã",
        level=levels["commune"],
        by=None,
        code="99202",
    )
    commune_b2.valid_from = dt.date(2022, 2, 15)
    commune_b2.save(update_fields=["valid_from"])
    units = {**tree, "commune_b2": commune_b2}
    count = 0

    def cadre(unit, with_account, day="2022-01-05"):
        nonlocal count
        count += 1
        c = Cadre.objects.create(
            unit=units[unit],
            full_name=f"Cán bộ {count}",
            category=category,
            gender="male",
            birth_year=1980,
            position="Ủy viên",
            phone=f"+849123450{count:02d}",
        )
        Cadre.objects.filter(pk=c.pk).update(created_at=at(day))
        if with_account:
            a = SocialAccount.objects.create(
                unit=c.unit,
                cadre=c,
                platform=platform["facebook_profile"],
                link_raw=f"facebook.com/cb{count}",
                canonical=f"https://www.facebook.com/cb{count}",
            )
            SocialAccount.objects.filter(pk=a.pk).update(created_at=at(day))
        return c

    cadre("district_a", True)
    cadre("commune_a1", True)
    cadre("commune_a1", True)
    cadre("village", True)
    cadre("village", False)
    cadre("commune_a2", True)
    cadre("district_b", True)
    b1 = cadre("commune_b1", False)
    cadre("commune_b2", True, "2022-02-16")

    def page(unit, reported):
        p = CommunityPage.objects.create(
            unit=units[unit],
            platform=platform["facebook_page"],
            name=f"Mặt trận {units[unit].front_name}",
            link_raw=f"facebook.com/{unit}",
            canonical=f"https://www.facebook.com/{unit}",
            name_verdict="match",
        )
        CommunityPage.objects.filter(pk=p.pk).update(created_at=at(reported))
        PageEvent.objects.create(page=p, action="register", at=at(reported))
        PageEvent.objects.create(page=p, action="report", at=at(reported))

    page("district_a", "2022-01-20")
    page("commune_a1", "2022-01-25")
    page("district_b", "2022-02-05")
    page("commune_b2", "2022-02-20")
    return {"units": units, "b1_cadre": b1, "platform": platform}
