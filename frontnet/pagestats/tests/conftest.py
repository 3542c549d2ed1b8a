import pytest

from frontnet.cadres.models import Platform
from frontnet.pages.services import page_register

META_ID = "100000000000001"


@pytest.fixture
def page_a1(tree):
    return page_register(
        unit=tree["commune_a1"],
        platform=Platform.objects.get(key="facebook_page"),
        name="Mặt trận xã An Một",
        link=f"https://www.facebook.com/profile.php?id={META_ID}",
        by=None,
    )


@pytest.fixture
def page_b1(tree):
    return page_register(
        unit=tree["commune_b1"],
        platform=Platform.objects.get(key="facebook_page"),
        name="Mặt trận xã Bình Một",
        link="https://www.facebook.com/profile.php?id=200000000000002",
        by=None,
    )


@pytest.fixture
def zalo_a2(tree):
    return page_register(
        unit=tree["commune_a2"],
        platform=Platform.objects.get(key="zalo_oa"),
        name="Mặt trận xã An Hai",
        link="https://zalo.me/4000000000000000001",
        by=None,
    )
