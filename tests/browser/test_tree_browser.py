import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_commune_user_on_a_phone_logs_in_and_drills_into_the_tree(phone_page, login, users, tree):
    login(phone_page, "xa")
    assert phone_page.locator("h1").inner_text() == "Xã An Một"
    # The district above is outside xa's scope: no link to it.
    assert phone_page.locator(f"a[href='/units/{tree['district_a'].pk}/']").count() == 0
    phone_page.click("text=Thôn 1")
    assert phone_page.locator("h1").inner_text() == "Thôn 1"
    phone_page.click("nav.crumbs >> text=Xã An Một")
    assert phone_page.locator("h1").inner_text() == "Xã An Một"


def test_province_user_opens_branches_in_place(phone_page, login, users, tree):
    login(phone_page, "tinh")
    branch = phone_page.locator("li", has=phone_page.locator("text=Huyện An")).first
    toggle = branch.locator("summary").first
    toggle.click(position={"x": 4, "y": 8})  # the marker, not the unit's link
    phone_page.wait_for_selector("text=Xã An Một")
    assert phone_page.locator("text=Xã An Hai").is_visible()
    # The branch closes again, and opens again without fetching it twice.
    toggle.click(position={"x": 4, "y": 8})
    assert not phone_page.locator("text=Xã An Hai").is_visible()
    toggle.click(position={"x": 4, "y": 8})
    assert phone_page.locator("text=Xã An Hai").is_visible()
    assert phone_page.locator("text=Xã An Hai").count() == 1
    phone_page.fill("input[type=search]", "binh mot")
    phone_page.wait_for_selector("#search-results >> text=Xã Bình Một")
