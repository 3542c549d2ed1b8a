"""A commune's page manager, on a phone (390x844), uploads the posts export Business Suite
gave them, reads the preview, commits, and sees the month in the page's trend; the district
then finds the page in its by-page table."""

import datetime as dt

import pytest
from django.utils import timezone

from frontnet.cadres.models import Platform
from frontnet.pages.services import page_register
from frontnet.pagestats.models import PageMonth
from frontnet.pagestats.samples import post, posts_csv

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def phone_390(browser, live_server):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale="vi-VN"
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def test_commune_uploads_posts_export_and_district_sees_the_page(
    phone_390, live_server, login, users, tree, tmp_path
):
    fanpage = page_register(
        unit=tree["commune_a1"],
        platform=Platform.objects.get(key="facebook_page"),
        name="Mặt trận xã An Một",
        link="https://www.facebook.com/profile.php?id=100000000000001",
        by=None,
    )
    month = timezone.localdate().replace(day=1)
    rows = [
        post(
            "b1",
            dt.datetime.combine(month, dt.time(8, 0)),
            views=120,
            reach=90,
            reactions=12,
            comments=3,
            shares=2,
        ),
        post(
            "b2",
            dt.datetime.combine(month, dt.time(20, 0)),
            views=80,
            reach=60,
            reactions=5,
            comments=1,
        ),
    ]
    export = tmp_path / "Bai-viet.csv"
    export.write_bytes(posts_csv(rows, language="vi", columns=34))

    page = phone_390
    login(page, "xa")
    page.get_by_role("link", name="Nạp số liệu trang").first.click()
    page.set_input_files("#id_file", str(export))
    page.get_by_role("button", name="Tải lên và kiểm tra").click()
    page.wait_for_load_state()
    counts = page.locator("#counts").inner_text()
    assert "thêm mới: 2" in counts and "bị từ chối: 0" in counts
    assert not PageMonth.objects.exists()
    # Nothing wider than the phone: the preview reads without sideways scrolling.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_role("button", name="Ghi số liệu").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == fanpage.name
    # Posts and interactions are drawn; followers are not in a posts export.
    assert page.locator("figure.chart svg").count() == 2
    table = page.locator("#months").inner_text()
    assert f"{month:%m/%Y}" in table
    row = PageMonth.objects.get(page=fanpage, month=month)
    assert (row.posts, row.reactions, row.comments, row.shares) == (2, 17, 4, 2)
    page.screenshot(path="/tmp/stats_trend.png", full_page=True)

    page.context.clear_cookies()
    login(page, "huyen")
    page.goto(f"{live_server.url}/units/{tree['district_a'].pk}/page-stats/")
    by_page = page.locator("#by-page").inner_text()
    assert fanpage.name in by_page and "2" in by_page
