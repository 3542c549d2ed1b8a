import pytest

from frontnet.cadres.models import Cadre

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= 360")


def test_commune_user_adds_a_cadre_on_a_phone_and_finds_it_without_diacritics(
    phone_page, login, users, tree, levels
):
    page = phone_page
    login(page, "xa")
    page.click("#cadres >> text=Thêm cán bộ")
    assert fits_the_screen(page)
    assert page.get_attribute("#id_phone", "inputmode") == "tel"
    page.fill("#id_full_name", "Trần Nghi Lộc")
    page.select_option("#id_category", label="Cán bộ bán chuyên trách")
    page.fill("#id_phone", "912345678")
    page.fill("#id_facebook", "m.facebook.com/tran.nghi.loc")
    page.fill("#id_zalo", "0912 345 678")
    page.screenshot(path="/tmp/cadre_add_phone.png", full_page=True)
    page.click("main button[type=submit]")
    page.wait_for_selector("h1:has-text('Trần Nghi Lộc')")
    assert fits_the_screen(page)
    assert page.locator("text=0912 345 678").first.is_visible()
    page.screenshot(path="/tmp/cadre_detail_phone.png", full_page=True)
    assert Cadre.objects.get().phone == "+84912345678"

    page.click("text=← Danh sách cán bộ")
    page.fill("#cadre-q", "nghi loc")
    page.wait_for_selector("#cadre-rows >> text=Trần Nghi Lộc")
    assert fits_the_screen(page)
    page.screenshot(path="/tmp/cadre_list_phone.png", full_page=True)
