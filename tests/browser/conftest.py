"""Browser tests: Playwright for Python driving Debian's Chromium against a live server."""

import os

import pytest

from conftest import PASSWORD, require_tool

# The scoring tests' two criteria (the seeded ones switched off), for the scoring flow.
from frontnet.scoring.tests.conftest import criteria  # noqa: F401

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser():
    require_tool("chromium", CHROMIUM)
    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
    # between page actions are still plain synchronous calls.
    # Set only while the browser runs, so later tests (and the subprocesses they start,
    # e.g. `check --deploy`) see the environment a deployment has.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    try:
        yield from _launched(sync_playwright)
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def _launched(sync_playwright):
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


@pytest.fixture
def desktop_page(browser, live_server):
    """A laptop-sized page that accepts downloads."""
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="vi-VN", accept_downloads=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def download(page, click) -> tuple[str, bytes]:
    """Do `click()` (which must start a download) and return the file's name and bytes."""
    with page.expect_download() as info:
        click()
    got = info.value
    assert got.failure() is None, got.failure()
    with open(got.path(), "rb") as handle:
        return got.suggested_filename, handle.read()


@pytest.fixture
def seeded_targets(levels):
    """The targets of the 2022 letters, as the data migration seeds them (transactional tests
    flush the seeded rows, so they are put back here; idempotent)."""
    import importlib

    from django.apps import apps

    from frontnet.monitoring.models import Target

    importlib.import_module("frontnet.monitoring.migrations.0002_seed_targets").seed(apps, None)
    return list(Target.objects.order_by("deadline", "name"))


def _at(day: str):
    import datetime as dt

    from django.utils import timezone

    return timezone.make_aware(dt.datetime.fromisoformat(day + "T09:00"))


@pytest.fixture
def province_story(tree, levels):
    """A small, back-dated province on the conftest tree, so every figure on the dashboard
    and every score can be worked out by hand.

    Cadres (all required fields filled; registered 05/01/2022 unless said), with (+) or
    without (−) a social account:
      huyện An 1+ | xã An Một 1+ 1− | thôn 1 1+ | xã An Hai 1+        (huyện An: 4/5)
      huyện Bình 1+, and 1+ registered 01/02/2022 | xã Bình Một 1−     (huyện Bình: 1/2, then 2/3)
    Community pages (name as the convention asks), registered and reported the same day:
      huyện An 20/01/2022 | huyện Bình 05/02/2022 | xã An Một 20/02/2022
    """
    from frontnet.cadres.models import Cadre, CadreCategory, Platform, SocialAccount
    from frontnet.pages.models import CommunityPage, PageEvent

    category = CadreCategory.objects.get(key="full_time")
    platform = {p.key: p for p in Platform.objects.all()}
    made = []

    def cadre(unit, name, with_account, day="2022-01-05"):
        c = Cadre.objects.create(
            unit=tree[unit],
            full_name=name,
            category=category,
            gender="male",
            birth_year=1980,
            position="Ủy viên",
            phone=f"+8491234{len(made):04d}",
        )
        Cadre.objects.filter(pk=c.pk).update(created_at=_at(day))
        if with_account:
            a = SocialAccount.objects.create(
                unit=c.unit,
                cadre=c,
                platform=platform["facebook_profile"],
                link_raw=f"facebook.com/cb{c.pk}",
                canonical=f"https://www.facebook.com/cb{c.pk}",
            )
            SocialAccount.objects.filter(pk=a.pk).update(created_at=_at(day))
        made.append(c)
        return c

    cadre("district_a", "Nguyễn Văn An", True)
    cadre("commune_a1", "Trần Thị Một", True)
    cadre("commune_a1", "Lê Văn Hai", False)
    cadre("village", "Phạm Thị Ba", True)
    cadre("commune_a2", "Hoàng Văn Bốn", True)
    cadre("district_b", "Vũ Thị Năm", True)
    cadre("district_b", "Đỗ Văn Sáu", True, "2022-02-01")
    cadre("commune_b1", "Bùi Thị Bảy", False)

    pages = {}
    for unit, day in (
        ("district_a", "2022-01-20"),
        ("district_b", "2022-02-05"),
        ("commune_a1", "2022-02-20"),
    ):
        p = CommunityPage.objects.create(
            unit=tree[unit],
            platform=platform["facebook_page"],
            name=f"Mặt trận {tree[unit].front_name}",
            link_raw=f"facebook.com/{unit}",
            canonical=f"https://www.facebook.com/{unit}",
            name_verdict="match",
        )
        CommunityPage.objects.filter(pk=p.pk).update(
            created_at=_at(day), status="reported", reported_at=_at(day)
        )
        PageEvent.objects.create(page=p, action="register", at=_at(day))
        PageEvent.objects.create(page=p, action="report", at=_at(day))
        pages[unit] = p
    return {"cadres": made, "pages": pages}
