import random

import pytest

from frontnet.cadres.models import Platform
from frontnet.demo.pagestats import demo_pagestats
from frontnet.pages.services import page_register
from frontnet.pagestats.models import PageMonth, PagePost

pytestmark = pytest.mark.django_db


def test_demo_gives_a_year_of_figures_and_one_page_from_a_posts_export(users, tree):
    facebook = Platform.objects.get(key="facebook_page")
    own, other = (
        page_register(
            unit=tree[key],
            platform=facebook,
            name=f"Mặt trận {tree[key].name}",
            link=f"https://www.facebook.com/profile.php?id={n}",
            by=None,
        )
        for n, key in [(100000000000001, "commune_a1"), (200000000000002, "commune_b1")]
    )
    assert demo_pagestats(province=tree["province"], rng=random.Random(1)) > 0
    # xã An Một is the `xa` user's commune: its months come from the posts export.
    assert PagePost.objects.filter(page=own).exists()
    assert set(PageMonth.objects.filter(page=own).values_list("source", flat=True)) == {"posts"}
    assert PageMonth.objects.filter(page=other, source="form").exists()
    assert demo_pagestats(province=tree["province"], rng=random.Random(1)) == 0
