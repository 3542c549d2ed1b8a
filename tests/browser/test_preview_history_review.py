"""Issue #12, items 6, 7 and 11, in Chromium at a laptop's size and a phone's (390×844):
the import preview row by row before committing, the change history in words (folded on
a phone), and the review queue with platform and link, where a misnamed page is verified
only on purpose and with a note."""

import pytest

from frontnet.cadres.models import Cadre
from frontnet.pages import services as page_services
from frontnet.pages.models import CommunityPage
from frontnet.workbooks.columns import CADRE_SHEET
from frontnet.workbooks.tests.conftest import write_book

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = [pytest.param((1280, 900), id="desktop"), pytest.param((390, 844), id="phone")]


@pytest.fixture(params=SIZES)
def sized(request, browser, live_server):
    width, height = request.param
    phone = width < 600
    context = browser.new_context(
        viewport={"width": width, "height": height},
        is_mobile=phone,
        has_touch=phone,
        locale="vi-VN",
        timezone_id="Asia/Ho_Chi_Minh",
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.phone = phone
    yield page
    context.close()


def no_sideways_scroll(page) -> bool:
    """Nothing but a table wrapper scrolls sideways."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_the_preview_shows_each_row_that_will_change_before_the_commit(
    sized, live_server, login, users, tree, province_story
):
    page = sized
    hai = Cadre.objects.get(full_name="Lê Văn Hai")
    header = ["Mã hệ thống", "Đơn vị", "Họ và tên", "Chức vụ", "Loại cán bộ", "Số điện thoại"]
    rows = [
        header,
        [hai.pk, "Xã An Một", "Lê Văn Hai", "Phó Chủ tịch", "Cán bộ chuyên trách", ""],
        ["", "Xã An Hai", "Ngô Thị Mười", "Ủy viên", "Cán bộ hợp đồng", "0987 654 321"],
        ["", "Xã An Một", "Đinh Văn Lỗi", "", "Cán bộ hợp đồng", "12345"],
    ]
    login(page, "huyen")
    page.goto(f"{live_server.url}/units/{tree['district_a'].pk}/import/")
    page.set_input_files(
        "input[type=file]",
        files=[{"name": "da-dien.xlsx", "mimeType": "", "buffer": write_book({CADRE_SHEET: rows})}],
    )
    page.get_by_role("button", name="Tải lên và kiểm tra").click()
    page.wait_for_selector("#preview")

    # All changes first, the rejected row with its located reason below them.
    table = page.locator("table.preview-rows")
    assert table.locator("tbody tr").count() == 2
    updated = table.locator("tr", has_text="Lê Văn Hai")
    assert "Chức vụ: Ủy viên → Phó Chủ tịch" in updated.inner_text()
    created = table.locator("tr", has_text="Ngô Thị Mười")
    assert "Số điện thoại: 0987 654 321" in created.inner_text()
    reason = page.locator("table.rejections tbody tr").first.inner_text()
    assert "Số điện thoại" in reason and "12345" in reason

    # Filtered by outcome.
    page.locator("#preview").get_by_role("link", name="Cập nhật (1)").click()
    page.wait_for_url("**show=updated**")
    assert page.locator("table.preview-rows tbody tr").count() == 1
    assert "Lê Văn Hai" in page.locator("table.preview-rows").inner_text()
    assert page.locator("table.rejections").count() == 0
    page.locator("#preview").get_by_role("link", name="Bị từ chối (1)").click()
    page.wait_for_url("**show=rejected**")
    assert page.locator("table.preview-rows").count() == 0
    assert "Đinh Văn Lỗi" not in page.locator("#preview").inner_text()  # the reason, not a copy
    assert "12345" in page.locator("table.rejections").inner_text()
    if page.phone:
        assert no_sideways_scroll(page)

    # Nothing written until the commit.
    assert Cadre.objects.get(pk=hai.pk).position == "Ủy viên"
    assert not Cadre.objects.filter(full_name="Ngô Thị Mười").exists()
    page.get_by_role("button", name="Ghi 2 dòng hợp lệ vào hệ thống").click()
    page.wait_for_selector("#batch-status >> text=Đã ghi vào hệ thống")
    assert Cadre.objects.get(pk=hai.pk).position == "Phó Chủ tịch"
    new = Cadre.objects.get(full_name="Ngô Thị Mười")
    # What was written stays readable, each new cadre linked to its page.
    page.locator("#preview").get_by_role("link", name="Thêm mới (1)").click()
    page.locator("table.preview-rows").get_by_role("link", name="Ngô Thị Mười").click()
    page.wait_for_url(f"**/cadres/{new.pk}/")


def _misnamed_page_reported(tree, users):
    page = page_services.page_register(
        unit=tree["commune_a1"],
        platform=CommunityPage._meta.get_field("platform").related_model.objects.get(
            key="facebook_page"
        ),
        name="MTTQ xã An Một",
        link="https://m.facebook.com/mttqxaanmot?mibextid=ZbWKwL",
        by=users["xa"],
    )
    return page_services.page_report(page=page, by=users["xa"])


def test_a_misnamed_page_is_verified_on_purpose_and_the_history_reads_in_words(
    sized, live_server, login, tree, users
):
    page = sized
    reported = _misnamed_page_reported(tree, users)
    login(page, "huyen")  # the level above the commune

    # The queue: platform, canonical link, the expected name.
    page.goto(f"{live_server.url}/pages/review/")
    row = page.locator("tr", has_text="MTTQ xã An Một")
    text = row.inner_text()
    assert "Fanpage Facebook" in text
    assert "https://www.facebook.com/mttqxaanmot" in text and "mibextid" not in text
    assert "Mặt trận xã An Một huyện An tỉnh Thử" in text
    if page.phone:
        assert no_sideways_scroll(page)

    # Verifying it asks for the confirmation and a reason.
    row.get_by_role("link", name="Xác nhận").click()
    page.locator("main button[type=submit]").click()
    errors = page.locator("main").inner_text()
    assert "Đánh dấu ô này để xác nhận trang có tên sai quy ước." in errors
    reported.refresh_from_db()
    assert reported.status == "reported"
    page.get_by_label("Tôi vẫn xác nhận trang dù tên chưa đúng quy ước").check()
    page.get_by_label("Lý do vẫn xác nhận").fill("Ban Thường trực đã đồng ý tên viết tắt")
    page.locator("main button[type=submit]").click()
    page.wait_for_selector("text=Đã xác nhận trang.")
    reported.refresh_from_db()
    assert reported.status == "verified"

    # The commune's history: in words, newest first; folded on a phone until opened.
    page.goto(f"{live_server.url}/units/{tree['commune_a1'].pk}/")
    history = page.locator("details.history-box")
    first = history.locator("table.history tbody tr").first
    if page.phone:
        assert not first.is_visible()
        history.locator("summary").first.click()
    assert first.is_visible()
    words = first.inner_text()
    assert "Trạng thái" in words and "Đã báo cáo, chờ xác nhận → Đã xác nhận" in words
    assert "huyen" in words and "qua Giao diện web" in words
    assert "Ban Thường trực đã đồng ý tên viết tắt" in words
    for raw in ("verified_at", "+00:00", "status:"):
        assert raw not in history.inner_text()
