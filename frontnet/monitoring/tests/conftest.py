"""A small story on the conftest tree, written with the ORM and back-dated, so the measures
can be worked out by hand (see test_rollup.py for the sums)."""

import datetime as dt

import pytest
from django.utils import timezone

from frontnet.cadres.models import (
    Cadre,
    CadreCategory,
    ChannelFollow,
    OfficialChannel,
    Platform,
    SocialAccount,
)
from frontnet.pages.models import CommunityPage, PageEvent


def at(day: str) -> dt.datetime:
    return timezone.make_aware(dt.datetime.fromisoformat(day + "T09:00"))


FULL = {"gender": "male", "birth_year": 1980, "position": "Chủ tịch", "phone": "+84912345678"}


@pytest.fixture
def story(tree):
    """
    Channels of tỉnh Thử: Fanpage, Zalo OA.
    Cadres (all registered 05/01/2022):
      huyện An   c1: all fields; Facebook + Zalo; follows both (10/01/2022)
      xã An Một  c2: no birth year, no phone; Facebook; follows the Fanpage only
      thôn 1     c3: all fields; no account
      xã An Hai  c4: all fields; left on 31/12/2021 (never counted in 2022)
      huyện Bình c5: all fields; Zalo registered 15/02/2022
    Pages:
      huyện An:  registered 10/01, reported 20/01, verified 10/02/2022, name matches
      xã An Một: registered 15/01, reported 05/03/2022, name wrong
    """
    category = CadreCategory.objects.get(key="full_time")
    platform = {p.key: p for p in Platform.objects.all()}
    province = tree["province"]
    fanpage = OfficialChannel.objects.create(
        province=province,
        platform=platform["facebook_page"],
        name="Fanpage Mặt trận tỉnh",
        link_raw="facebook.com/mttq",
        canonical="https://www.facebook.com/mttq",
        order=1,
    )
    zalo_oa = OfficialChannel.objects.create(
        province=province,
        platform=platform["zalo_oa"],
        name="Zalo Mặt trận tỉnh",
        link_raw="zalo.me/123",
        canonical="https://zalo.me/123",
        order=2,
    )

    def cadre(unit, name, **fields):
        values = {**FULL, **fields}
        c = Cadre.objects.create(unit=tree[unit], full_name=name, category=category, **values)
        Cadre.objects.filter(pk=c.pk).update(created_at=at("2022-01-05"))
        return c

    def account(c, key, day="2022-01-05"):
        a = SocialAccount.objects.create(
            unit=c.unit,
            cadre=c,
            platform=platform[key],
            link_raw=f"{key}/{c.pk}",
            canonical=f"https://{key}/{c.pk}",
        )
        SocialAccount.objects.filter(pk=a.pk).update(created_at=at(day))

    c1 = cadre("district_a", "Nguyễn Văn Một")
    c2 = cadre("commune_a1", "Trần Thị Hai", birth_year=None, phone="")
    c3 = cadre("village", "Lê Văn Ba")
    c4 = cadre("commune_a2", "Phạm Văn Bốn", active_to=dt.date(2021, 12, 31))
    c5 = cadre("district_b", "Hoàng Thị Năm")
    account(c1, "facebook_profile")
    account(c1, "zalo")
    account(c2, "facebook_profile")
    account(c4, "facebook_profile")
    account(c5, "zalo", "2022-02-15")
    day = dt.date(2022, 1, 10)
    ChannelFollow.objects.create(cadre=c1, channel=fanpage, status="yes", confirmed_on=day)
    ChannelFollow.objects.create(cadre=c1, channel=zalo_oa, status="yes", confirmed_on=day)
    ChannelFollow.objects.create(cadre=c2, channel=fanpage, status="yes", confirmed_on=day)
    ChannelFollow.objects.create(cadre=c2, channel=zalo_oa, status="no", confirmed_on=day)
    ChannelFollow.objects.create(cadre=c3, channel=fanpage, status="unknown")

    def page(unit, name, verdict, events):
        p = CommunityPage.objects.create(
            unit=tree[unit],
            platform=platform["facebook_page"],
            name=name,
            link_raw=f"facebook.com/{unit}",
            canonical=f"https://www.facebook.com/{unit}",
            name_verdict=verdict,
        )
        CommunityPage.objects.filter(pk=p.pk).update(created_at=at(events[0][1]))
        for action, when in events:
            PageEvent.objects.create(page=p, action=action, at=at(when))
        return p

    page(
        "district_a",
        "Mặt trận huyện An tỉnh Thử",
        "match",
        [("register", "2022-01-10"), ("report", "2022-01-20"), ("verify", "2022-02-10")],
    )
    page(
        "commune_a1",
        "MTTQ An Một",
        "mismatch",
        [("register", "2022-01-15"), ("report", "2022-03-05")],
    )
    return {"fanpage": fanpage, "zalo_oa": zalo_oa, "cadres": [c1, c2, c3, c4, c5]}
