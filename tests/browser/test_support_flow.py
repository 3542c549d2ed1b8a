"""Difficulties with the area specialist, on a phone: `xa` raises one with a screenshot,
`chuyenvien1` answers, `xa` marks it solved; `chuyenvien2`, who does not follow huyện An, gets
404 on it; the answer becomes guidance that another commune finds searching without
diacritics."""

import pytest

from conftest import PASSWORD
from frontnet.accounts.models import Role, User
from frontnet.support.models import Guidance, Thread, ThreadState

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }


def test_a_difficulty_answered_solved_and_turned_into_guidance(
    browser, live_server, login, users, tree
):
    User.objects.create_user(
        username="xa2", password=PASSWORD, role=Role.UNIT_STAFF, unit=tree["commune_a2"]
    )
    context = browser.new_context(
        viewport={"width": 360, "height": 760}, is_mobile=True, has_touch=True, locale="vi-VN"
    )
    page = context.new_page()
    page.set_default_timeout(10_000)

    login(page, "xa")
    screenshot = page.screenshot()  # a real PNG of what the commune sees
    page.goto(f"{live_server.url}/units/{tree['commune_a1'].pk}/")
    page.get_by_role("link", name="Gửi vướng mắc", exact=True).click()
    assert "chuyenvien1" in page.inner_text("main")
    page.select_option("#id_topic", label="Đặt tên trang")
    page.fill("#id_title", "Trang bị báo sai tên")
    page.fill("#id_text", "Tên trang đúng mẫu nhưng vẫn bị báo sai.")
    page.set_input_files(
        "#id_files", files=[{"name": "man-hinh.png", "mimeType": "image/png", "buffer": screenshot}]
    )
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    thread = Thread.objects.get()
    assert page.url.endswith(f"/support/{thread.pk}/")
    (attachment,) = thread.attachments.all()
    assert attachment.kind == "png" and attachment.size == len(screenshot)

    login(page, "chuyenvien1")
    page.goto(f"{live_server.url}/support/")
    page.get_by_role("link", name="Trang bị báo sai tên").click()
    image = page.request.get(f"{live_server.url}/support/files/{attachment.pk}/")
    assert image.status == 200 and image.body() == screenshot
    page.fill("#id_text", "Đặt tên trang đúng thứ tự: Mặt trận xã, huyện, tỉnh.")
    page.click("text=Gửi trả lời")
    page.wait_for_load_state()
    thread.refresh_from_db()
    assert thread.state == ThreadState.ANSWERED

    login(page, "xa")
    page.goto(f"{live_server.url}/support/{thread.pk}/")
    assert "Đặt tên trang đúng thứ tự" in page.inner_text("main")
    page.click("text=Đánh dấu đã giải quyết")
    page.wait_for_load_state()
    thread.refresh_from_db()
    assert thread.state == ThreadState.SOLVED and thread.closed_by.username == "xa"

    login(page, "chuyenvien2")
    assert page.goto(f"{live_server.url}/support/{thread.pk}/").status == 404
    assert page.goto(f"{live_server.url}/support/files/{attachment.pk}/").status == 404

    login(page, "chuyenvien1")
    page.goto(f"{live_server.url}/support/{thread.pk}/")
    page.get_by_role("link", name="Đăng thành hướng dẫn").click()
    page.select_option("#id_unit", label=tree["district_a"].name)
    page.fill("#id_title", "Cách đặt tên trang cộng đồng")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    entry = Guidance.objects.get()
    assert (entry.unit, entry.text) == (
        tree["district_a"],
        "Đặt tên trang đúng thứ tự: Mặt trận xã, huyện, tỉnh.",
    )
    thread.refresh_from_db()
    assert thread.guidance == entry

    login(page, "xa2")
    page.goto(f"{live_server.url}/guidance/")
    page.fill("input[name=q]", "dat ten trang")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    page.get_by_role("link", name="Cách đặt tên trang cộng đồng").click()
    assert "Mặt trận xã, huyện, tỉnh" in page.inner_text("main")
    # Readable on a phone: nothing wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    context.close()
