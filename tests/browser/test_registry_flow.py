"""The registry as the letters ask for it, in a phone-sized browser: a commune cadre adds a
colleague with a pasted Facebook link, registers the commune's page under a wrong name, reads
the check, fixes the name and reports the page upward; the district verifies it."""

import pytest

from frontnet.cadres.models import Cadre, CadreCategory, SocialAccount
from frontnet.pages.models import CommunityPage, PageEvent

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EXPECTED = "Mặt trận xã An Một huyện An tỉnh Thử"


def test_commune_registers_and_reports_its_page_and_the_district_verifies(
    browser, live_server, login, users, tree
):
    context = browser.new_context(
        viewport={"width": 360, "height": 760}, is_mobile=True, has_touch=True, locale="vi-VN"
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    commune = tree["commune_a1"]

    login(page, "xa")
    page.get_by_role("link", name="Thêm cán bộ", exact=True).click()
    page.fill("#id_full_name", "Nguyễn Thị Hạnh")
    page.select_option("#id_category", label=CadreCategory.objects.get(key="full_time").name)
    page.fill("#id_phone", "0912 345 678")
    page.fill("#id_facebook", "https://m.facebook.com/hanh.nguyen.92?mibextid=ZbWKwL")
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    cadre = Cadre.objects.get(full_name="Nguyễn Thị Hạnh")
    assert (cadre.unit, cadre.phone) == (commune, "+84912345678")
    account = SocialAccount.objects.get(cadre=cadre, platform__key="facebook_profile")
    assert account.canonical == "https://www.facebook.com/hanh.nguyen.92"

    page.goto(f"{live_server.url}/units/{commune.pk}/")
    page.get_by_role("link", name="Đăng ký trang", exact=True).click()
    page.fill("#id_name", "MTTQ xã An Một")
    page.wait_for_selector("#name-check >> text=Chưa đúng tên theo quy ước")
    assert EXPECTED in page.inner_text("#name-check")
    page.fill("#id_link_raw", "facebook.com/mattranxaanmot")
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    registered = CommunityPage.objects.get(unit=commune)
    assert registered.name_verdict == "mismatch"
    assert EXPECTED in page.inner_text("main")

    page.get_by_role("link", name="Sửa", exact=True).click()
    page.fill("#id_name", EXPECTED.lower())
    page.wait_for_selector("#name-check >> text=Đúng tên, chỉ khác cách viết")
    page.fill("#id_name", EXPECTED)
    page.wait_for_selector("#name-check >> text=Đúng tên theo quy ước")
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    page.get_by_role("link", name="Báo cáo lên cấp trên", exact=True).click()
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    registered.refresh_from_db()
    assert (registered.name_verdict, registered.status) == ("match", "reported")
    assert registered.reported_at is not None
    context.close()

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(10_000)
    login(page, "huyen")
    page.goto(f"{live_server.url}/pages/{registered.pk}/")
    page.get_by_role("link", name="Xác nhận", exact=True).click()
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    registered.refresh_from_db()
    assert registered.status == "verified" and registered.verified_at >= registered.reported_at
    assert list(PageEvent.objects.filter(page=registered).values_list("action", flat=True))[
        -2:
    ] == ["report", "verify"]
    context.close()
