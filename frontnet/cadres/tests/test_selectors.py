import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from frontnet.cadres import selectors, services
from frontnet.cadres.models import CadreCategory

pytestmark = pytest.mark.django_db


def names(qs):
    return sorted(c.full_name for c in qs)


@pytest.fixture
def people(tree, make_cadre, platform, channels):
    """Xã An Một: Nguyễn Văn An (Facebook, Zalo, follows all 3), Trần Nghi Lộc (Zalo, follows 2),
    Hoà (committee member, nothing). Xã An Hai: Lê Văn Bình (Facebook)."""
    fb, zalo = platform("facebook_profile"), platform("zalo")
    member = CadreCategory.objects.get(key="committee_member")
    an = make_cadre(
        tree["commune_a1"],
        "Nguyễn Văn An",
        phone="0912 345 678",
        accounts=[(fb, "facebook.com/nguyen.an"), (zalo, "0912345678")],
    )
    loc = make_cadre(tree["commune_a1"], "Trần Nghi Lộc", accounts=[(zalo, "0987654321")])
    make_cadre(tree["commune_a1"], "Phạm Thị Hoà", category=member)
    make_cadre(tree["commune_a2"], "Lê Văn Bình", accounts=[(fb, "facebook.com/le.binh")])
    for channel in channels:
        services.channel_follow_set(cadre=an, official_channel=channel, status="yes", by=None)
    for channel, status in zip(channels, ["yes", "yes", "no"], strict=True):
        services.channel_follow_set(cadre=loc, official_channel=channel, status=status, by=None)
    return {"an": an, "loc": loc, "member": member}


def test_search_ignores_diacritics_nghi_loc_finds_nghi_loc(tree, users, people):
    unit = tree["commune_a1"]
    assert names(selectors.cadre_list(users["xa"], unit, q="nghi loc")) == ["Trần Nghi Lộc"]
    assert names(selectors.cadre_list(users["xa"], unit, q="  NGUYỄN van ")) == ["Nguyễn Văn An"]
    assert names(selectors.cadre_list(users["xa"], unit, q="hoa")) == ["Phạm Thị Hoà"]


def test_search_finds_a_phone_however_it_is_typed(tree, users, people):
    unit = tree["commune_a1"]
    for typed in ["0912 345 678", "912345", "+84912"]:
        assert names(selectors.cadre_list(users["xa"], unit, q=typed)) == ["Nguyễn Văn An"]


def test_filters_by_category_facebook_zalo_and_following_all_channels(tree, users, people):
    def listed(**filters):
        return names(
            selectors.cadre_list(users["huyen"], tree["district_a"], subtree=True, **filters)
        )

    assert listed(category=people["member"]) == ["Phạm Thị Hoà"]
    assert listed(has_facebook=True) == ["Lê Văn Bình", "Nguyễn Văn An"]
    assert listed(has_facebook=False) == ["Phạm Thị Hoà", "Trần Nghi Lộc"]
    assert listed(has_zalo=True) == ["Nguyễn Văn An", "Trần Nghi Lộc"]
    assert listed(follows_all=True) == ["Nguyễn Văn An"]
    assert listed(follows_all=False) == ["Lê Văn Bình", "Phạm Thị Hoà", "Trần Nghi Lộc"]
    assert listed(has_zalo=True, follows_all=False) == ["Trần Nghi Lộc"]
    counts = {
        c.full_name: c.follows_count
        for c in selectors.cadre_list(users["huyen"], tree["district_a"], subtree=True)
    }
    assert counts == {
        "Nguyễn Văn An": 3,
        "Trần Nghi Lộc": 2,
        "Phạm Thị Hoà": 0,
        "Lê Văn Bình": 0,
    }


def test_a_channel_the_province_stopped_following_no_longer_counts(tree, users, people, channels):
    services.official_channel_update(official_channel=channels[2], by=None, active=False)
    listed = selectors.cadre_list(users["xa"], tree["commune_a1"], follows_all=True)
    assert names(listed) == ["Nguyễn Văn An", "Trần Nghi Lộc"]


def test_a_unit_list_or_its_subtree(tree, users, people):
    district = tree["district_a"]
    assert names(selectors.cadre_list(users["huyen"], district)) == []
    assert len(selectors.cadre_list(users["huyen"], district, subtree=True)) == 4
    assert selectors.unit_cadre_counts(district) == {"own": 0, "subtree": 4}
    assert selectors.unit_cadre_counts(tree["commune_a1"]) == {"own": 3, "subtree": 3}


def test_a_commune_user_cannot_open_another_commune_cadre(tree, users, make_cadre):
    other = make_cadre(tree["commune_a2"], "Lê Văn Bình")
    mine = make_cadre(tree["commune_a1"], "Nguyễn Văn An")
    assert list(selectors.cadres_visible_to(users["xa"])) == [mine]
    with pytest.raises(Http404):
        selectors.cadre_get_for_user(users["xa"], other.pk)
    with pytest.raises(Http404):
        selectors.cadre_get_for_user(users["xa"], "not-a-number")
    # Even asked for a subtree above its scope, the list keeps to what the user sees.
    assert names(selectors.cadre_list(users["xa"], tree["district_a"], subtree=True)) == [
        "Nguyễn Văn An"
    ]


def test_the_cadre_list_query_count_does_not_grow_with_the_cadres(
    client_for, tree, people, make_cadre, platform, django_assert_num_queries
):
    client = client_for("huyen")
    url = reverse("cadre_list", args=[tree["district_a"].pk]) + "?subtree=1&q=van"
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    fb, zalo = platform("facebook_profile"), platform("zalo")
    for i in range(30):
        make_cadre(
            tree["commune_a2"],
            f"Đỗ Văn Số {i}",
            phone=f"09123400{i:02d}",
            accounts=[(fb, f"facebook.com/do.so.{i}"), (zalo, f"09876500{i:02d}")],
        )
    with django_assert_num_queries(len(few)):
        response = client.get(url)
    assert response.context["page"].paginator.count == 32


def test_the_unit_panel_query_count_does_not_grow_with_the_data(
    client_for, tree, people, make_cadre, platform, django_assert_num_queries
):
    client = client_for("huyen")
    url = reverse("unit_detail", args=[tree["commune_a1"].pk])
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(10):
        make_cadre(tree["commune_a1"], f"Đỗ Văn Số {i}")
        services.social_account_add(
            unit=tree["commune_a1"],
            platform=platform("website"),
            link=f"anmot{i}.example.vn",
            by=None,
        )
    # At most as many: the history names the related records of the entries on its page
    # (one query per kind of record, whatever the number of entries).
    with CaptureQueriesContext(connection) as many:
        html = client.get(url).content.decode()
    assert len(many) <= len(few)
    assert "13 cán bộ đang công tác tại đơn vị, 13 tính cả các đơn vị trực thuộc." in html
