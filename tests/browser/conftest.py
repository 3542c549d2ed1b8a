"""Browser tests: Playwright for Python driving Debian's Chromium against a live server."""

import os

import pytest

from conftest import PASSWORD, require_tool

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser():
    require_tool("chromium", CHROMIUM)
    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
    # between page actions are still plain synchronous calls.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def phone_page(browser, live_server):
    """A page the size of a common Android phone."""
    context = browser.new_context(
        viewport={"width": 360, "height": 760}, is_mobile=True, has_touch=True, locale="vi-VN"
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def login(live_server):
    def do(page, username):
        page.goto(f"{live_server.url}/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", PASSWORD)
        page.click("main button[type=submit]")
        page.wait_for_load_state()

    return do
