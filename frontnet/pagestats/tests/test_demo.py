import random

import pytest

from frontnet.pagestats.demo import demo_pagestats
from frontnet.pagestats.models import PageMonth, PagePost

pytestmark = pytest.mark.django_db


def test_demo_gives_a_year_of_figures_and_one_page_from_a_posts_export(
    users, tree, page_a1, page_b1
):
    made = demo_pagestats(province=tree["province"], rng=random.Random(1))
    assert made > 0
    # xã An Một is the `xa` user's commune: its months come from the posts export.
    assert PagePost.objects.filter(page=page_a1).exists()
    assert set(PageMonth.objects.filter(page=page_a1).values_list("source", flat=True)) == {"posts"}
    assert PageMonth.objects.filter(page=page_b1, source="form").exists()
    assert demo_pagestats(province=tree["province"], rng=random.Random(1)) == 0
