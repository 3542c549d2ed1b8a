"""A page's link shown and exported in its canonical form and recognised for what it is;
units running several pages on one platform warned at registration and listed above."""

import re

import pytest
from django.urls import reverse

from frontnet.cadres.models import Platform
from frontnet.pages.models import CommunityPage
from frontnet.pages.selectors import link_kind
from frontnet.workbooks.columns import PAGE_SHEET
from frontnet.workbooks.export import template_build
from frontnet.workbooks.tests.conftest import read_rows

pytestmark = pytest.mark.django_db

DISTRICT_NAME = "Mặt trận huyện An tỉnh Thử"


def text_of(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", "", response.content.decode()).split())


def test_the_link_is_shown_and_exported_canonical_with_the_typed_text_kept(
    client_for, tree, register
):
    typed = "https://m.facebook.com/mattranhuyenan?mibextid=ZbWKwL"
    page = register(tree["district_a"], DISTRICT_NAME, link=typed)
    assert (page.link_raw, page.canonical) == (typed, "https://www.facebook.com/mattranhuyenan")
    text = text_of(client_for("huyen").get(reverse("page_detail", args=[page.pk])))
    assert "https://www.facebook.com/mattranhuyenan (đã nhập: " in text
    assert "Trang hoặc tài khoản Facebook" in text and "chưa xác định" not in text
    rows = read_rows(template_build(unit=tree["district_a"]), PAGE_SHEET)
    (row,) = [r for r in rows[1:] if r[3] == DISTRICT_NAME]
    assert row[4] == "https://www.facebook.com/mattranhuyenan"
    assert "mibextid" not in " ".join(str(c) for c in row)


@pytest.mark.parametrize(
    ("platform", "link", "words", "sure"),
    [
        (
            "zalo_oa",
            "zalo.me/0912345678",
            "Zalo cá nhân của số 0912 345 678, không phải Zalo OA",
            False,
        ),
        ("zalo_oa", "https://oa.zalo.me/4318765432109876543", "Zalo Official Account", True),
        ("zalo_group", "https://zalo.me/g/abcDEF", "Nhóm Zalo", True),
        ("facebook_page", "https://www.facebook.com/share/abc123/", "Liên kết chia sẻ", False),
    ],
)
def test_a_zalo_link_is_recognised_for_what_it_is(tree, register, platform, link, words, sure):
    page = register(
        tree["district_a"], DISTRICT_NAME, link=link, platform=Platform.objects.get(key=platform)
    )
    said, known = link_kind(page)
    assert said.startswith(words) and known is sure


def test_the_add_form_names_the_units_pages_first(client_for, tree, register):
    register(tree["district_a"], DISTRICT_NAME)
    text = text_of(client_for("huyen").get(reverse("page_add", args=[tree["district_a"].pk])))
    assert f"Đơn vị đã có trang {DISTRICT_NAME} (Fanpage Facebook)" in text


def test_the_level_above_lists_the_units_with_several_pages_on_one_platform(
    client_for, tree, register
):
    register(tree["district_a"], DISTRICT_NAME)
    register(tree["district_a"], "Mặt trận huyện An (trang cũ)")
    zalo = Platform.objects.get(key="zalo_oa")
    register(
        tree["commune_a1"], "Mặt trận xã An Một", platform=zalo, link="zalo.me/4318765432109876543"
    )
    register(tree["commune_a1"], "Mặt trận xã An Một huyện An tỉnh Thử")  # another platform
    url = reverse("page_list", args=[tree["province"].pk])
    client = client_for("tinh")
    assert "1 đơn vị có nhiều trang cùng nền tảng" in text_of(client.get(url))
    listed = text_of(client.get(url, {"several": "1"}))
    assert "Mặt trận huyện An (trang cũ)" in listed and DISTRICT_NAME in listed
    assert "Mặt trận xã An Một" not in listed
    assert CommunityPage.objects.filter(active=True).count() == 4
