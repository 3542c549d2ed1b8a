import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "mat-khau-moi-cua-xa-2022"


def test_province_creates_a_commune_account_and_the_person_activates_it(
    browser, desktop_page, login, live_server, users, tree, settings
):
    settings.FRONTNET_BASE_URL = live_server.url
    page = desktop_page
    login(page, "tinh")
    page.goto(f"{live_server.url}/units/{tree['commune_b1'].pk}/")
    page.click("#people >> text=Thêm tài khoản")
    page.fill("#id_full_name", "Đặng Thị Mười")
    page.fill("#id_phone", "0912 000 111")
    page.select_option("#id_role", "unit_staff")
    page.click("main button[type=submit]")
    page.wait_for_selector("#one-time-link")
    link = page.input_value("#one-time-link")
    username = page.locator("main strong").first.inner_text()
    assert username == "dangthimuoi.binhmot"
    assert link.startswith(f"{live_server.url}/activate/")

    # The new person, on their own phone: no session, only the link.
    context = browser.new_context(viewport={"width": 360, "height": 760}, locale="vi-VN")
    phone = context.new_page()
    phone.set_default_timeout(10_000)
    phone.goto(link)
    assert "Đặt mật khẩu" in phone.locator("h1").inner_text()
    phone.fill("#id_password1", "123")
    phone.fill("#id_password2", "123")
    phone.click("main button[type=submit]")
    assert "Mật khẩu quá ngắn" in phone.locator(".errorlist").first.inner_text()
    phone.fill("#id_password1", NEW_PASSWORD)
    phone.fill("#id_password2", NEW_PASSWORD)
    phone.click("main button[type=submit]")
    phone.wait_for_selector("#id_username")
    phone.fill("#id_username", username)
    phone.fill("#id_password", NEW_PASSWORD)
    phone.click("main button[type=submit]")
    phone.wait_for_load_state()
    assert phone.locator("h1").inner_text() == "Xã Bình Một"
    # The link was for one use.
    phone.goto(link)
    assert "không còn dùng được" in phone.locator("h1").inner_text()
    context.close()
