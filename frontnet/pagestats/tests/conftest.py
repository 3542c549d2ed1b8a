import pytest

from frontnet.cadres.models import Platform
from frontnet.pages.services import page_register

META_ID = "100000000000001"


def _page(unit, platform: str, name: str, link: str):
    return page_register(
        unit=unit, platform=Platform.objects.get(key=platform), name=name, link=link, by=None
    )


@pytest.fixture
def page_a1(tree):
    return _page(
        tree["commune_a1"],
        "facebook_page",
        "Mặt trận xã An Một",
        f"https://www.facebook.com/profile.php?id={META_ID}",
    )


@pytest.fixture
def page_b1(tree):
    return _page(
        tree["commune_b1"],
        "facebook_page",
        "Mặt trận xã Bình Một",
        "https://www.facebook.com/profile.php?id=200000000000002",
    )


@pytest.fixture
def zalo_a2(tree):
    return _page(
        tree["commune_a2"], "zalo_oa", "Mặt trận xã An Hai", "https://zalo.me/4000000000000000001"
    )
