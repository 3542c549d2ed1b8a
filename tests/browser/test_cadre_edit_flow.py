"""Issue #12, items 1 and 3, in Chromium at desktop and phone size (390×844): a cadre stored
as the old demo stored it (a phone in a range that does not exist) is edited, changing only
the birth year: the save succeeds, the phone stays and shows as a warning to fix; and the
cadre's Facebook link is corrected in place in the same form."""

import datetime as dt

import pytest

from frontnet.cadres.models import Cadre, CadreCategory, Platform, SocialAccount
from frontnet.core.vntext import fold_search

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = {
    "desktop": {"viewport": {"width": 1280, "height": 900}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
}


@pytest.fixture(params=sorted(SIZES))
def page(request, browser):
    context = browser.new_context(locale="vi-VN", **SIZES[request.param])
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def demo_like(tree, users):
    """A cadre written the way the demo writes them (bulk, no service), with the phone the
    demo once made: 0992…, a range `phonenumbers` calls invalid."""
    name = "Hoàng Thị Thủy"
    cadre = Cadre.objects.create(
        unit=tree["commune_a1"],
        full_name=name,
        search_name=fold_search(name),
        gender="female",
        birth_year=1980,
        position="Phó Chủ tịch",
        category=CadreCategory.objects.get(key="full_time"),
        phone="+84992123456",
        phone_raw="0992123456",
        phone_kind="mobile",
        active_from=dt.date(2021, 1, 1),
    )
    SocialAccount.objects.create(
        unit=cadre.unit,
        cadre=cadre,
        platform=Platform.objects.get(key="facebook_profile"),
        link_raw="https://m.facebook.com/hoang.thi.thuy",
        canonical="https://www.facebook.com/hoang.thi.thuy",
    )
    return cadre


def _no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_editing_only_the_birth_year_of_a_demo_like_cadre_succeeds(
    page, live_server, login, demo_like
):
    login(page, "xa")
    page.goto(f"{live_server.url}/cadres/{demo_like.pk}/")
    page.get_by_role("link", name="Sửa", exact=True).click()
    page.wait_for_selector("text=Số điện thoại đang lưu chưa đúng quy tắc hiện nay")
    assert _no_sideways_scroll(page)
    page.fill("#id_birth_year", "1981")
    page.click("main button[type=submit]")
    page.wait_for_selector("text=Đã lưu thay đổi.")
    assert page.url.rstrip("/").endswith(f"/cadres/{demo_like.pk}")
    assert "hãy sửa khi có thể" in page.inner_text("main")
    demo_like.refresh_from_db()
    assert (demo_like.birth_year, demo_like.phone) == (1981, "+84992123456")


def test_an_account_link_is_edited_in_the_cadre_form(page, live_server, login, demo_like):
    login(page, "xa")
    page.goto(f"{live_server.url}/cadres/{demo_like.pk}/edit/")
    link = page.locator("input[name^='accounts-'][name$='-link']").first
    assert link.input_value() == "https://www.facebook.com/hoang.thi.thuy"
    link.fill("https://m.facebook.com/thuy.hoang.80?mibextid=ZbWKwL")
    assert _no_sideways_scroll(page)
    page.click("main button[type=submit]")
    page.wait_for_selector("text=Đã lưu thay đổi.")
    (account,) = SocialAccount.objects.filter(cadre=demo_like)
    assert account.canonical == "https://www.facebook.com/thuy.hoang.80"
    assert "facebook.com/thuy.hoang.80" in page.inner_text("main")
