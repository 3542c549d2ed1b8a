"""Issue #11 item 13: the pages pass their Content-Security-Policy (no violation in the
browser's console while a user works: the tree's htmx, the page-name copy script, uploads)."""

import pytest
from django.urls import reverse

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_pages_raise_no_csp_violation(phone_page, login, users, tree, live_server):
    seen = []
    phone_page.set_default_timeout(60_000)  # a busy machine; nothing here is timed
    phone_page.on("console", lambda message: seen.append(message.text))
    login(phone_page, "tinh")
    branch = phone_page.locator("li", has=phone_page.locator("text=Huyện An")).first
    branch.locator("summary").first.click(position={"x": 4, "y": 8})  # open a branch (htmx)
    phone_page.wait_for_selector("text=Xã An Một")
    phone_page.fill("input[type=search]", "binh mot")
    phone_page.wait_for_selector("#search-results >> text=Xã Bình Một")
    for name in ("batch_upload", "page_list", "page_add"):  # page_add has the copy script
        phone_page.goto(f"{live_server.url}{reverse(name, args=[tree['district_a'].pk])}")
        phone_page.wait_for_load_state()
    phone_page.goto(f"{live_server.url}/khong-co/")
    violations = [text for text in seen if "Content Security Policy" in text]
    assert violations == []
