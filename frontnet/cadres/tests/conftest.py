import pytest

from frontnet.cadres import services
from frontnet.cadres.models import CadreCategory, Platform


@pytest.fixture
def category(levels):
    return CadreCategory.objects.get(key="full_time")


@pytest.fixture
def platform(levels):
    def get(key):
        return Platform.objects.get(key=key)

    return get


@pytest.fixture
def make_cadre(category):
    """A cadre added through the service, as the web form would."""

    def make(unit, full_name="Nguyễn Văn An", *, by=None, **fields):
        fields.setdefault("category", category)
        return services.cadre_create(unit=unit, full_name=full_name, by=by, **fields)

    return make


@pytest.fixture
def channels(tree, platform):
    """The three channels the Nghệ An letter names: "Facebook", "Zalo", "Fanpage"."""
    province = tree["province"]
    return [
        services.official_channel_create(
            province=province, platform=platform(key), name=name, link=link, by=None, order=i
        )
        for i, (key, name, link) in enumerate(
            [
                ("facebook_page", "Facebook Mặt trận tỉnh", "facebook.com/mattrantinhthu"),
                ("zalo_oa", "Zalo Mặt trận tỉnh", "https://zalo.me/4318420112345678901"),
                ("facebook_page", "Fanpage Mặt trận tỉnh", "https://www.facebook.com/fanpagemttq"),
            ]
        )
    ]
