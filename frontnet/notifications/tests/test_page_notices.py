import email
import email.policy

import pytest
from django.core import mail

from frontnet.accounts.models import Role, User
from frontnet.cadres.models import Cadre, CadreCategory, Platform
from frontnet.notifications.models import Delivery, Notification, NotificationPreference
from frontnet.pages.services import page_register, page_report, page_return, page_verify

pytestmark = pytest.mark.django_db


@pytest.fixture
def page(users, tree):
    manager = Cadre.objects.create(
        unit=tree["commune_a1"],
        full_name="Lê Văn Quản",
        category=CadreCategory.objects.get(key="full_time"),
        phone="+84912000222",
    )
    return page_register(
        unit=tree["commune_a1"],
        platform=Platform.objects.get(key="facebook_page"),
        name="Mặt trận xã An Một",
        link="facebook.com/mtxaanmot",
        by=users["xa"],
        manager=manager,
    )


def _told(kind):
    return sorted(
        Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True)
    )


def test_report_tells_those_who_may_verify_and_answers_tell_the_unit(users, tree, page):
    manager_account = User.objects.create_user(
        username="quan", unit=tree["commune_a1"], role=Role.VIEWER, phone="+84912000222"
    )
    page_report(page=page, by=users["xa"])
    # The level above (huyện An's staff, not its viewer) and huyện An's specialist.
    assert _told("page_reported") == ["chuyenvien1", "huyen"]
    page_return(page=page, by=users["huyen"], reason="Sai tên trang")
    assert _told("page_returned") == ["quan", "xa"]
    n = Notification.objects.get(kind="page_returned", recipient=users["xa"])
    assert n.text == "Trang “Mặt trận xã An Một” của Xã An Một bị trả lại: Sai tên trang"
    assert n.url == f"/pages/{page.pk}/"
    page_report(page=page, by=users["xa"])
    page_verify(page=page, by=users["chuyenvien1"], note="Tên ngắn được tỉnh đồng ý")
    assert _told("page_verified") == ["quan", "xa"]
    assert manager_account.notifications.count() == 2


def test_answers_are_emailed_through_the_file_backend(
    users, tree, page, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": str(tmp_path)},
        }
    }
    settings.FRONTNET_BASE_URL = "https://frontnet.example.vn"
    User.objects.filter(pk=users["xa"].pk).update(email="xa@example.vn")
    User.objects.filter(pk=users["huyen"].pk).update(email="huyen@example.vn")
    NotificationPreference.objects.create(
        user=users["huyen"], kind="page_reported", delivery=Delivery.DIGEST
    )
    with django_capture_on_commit_callbacks(execute=True):
        page_report(page=page, by=users["xa"])
    assert list(tmp_path.iterdir()) == []  # huyện chose the digest; chuyenvien1 has no address
    with django_capture_on_commit_callbacks(execute=True):
        page_return(page=page, by=users["huyen"], reason="Thiếu chữ “xã”")
    (sent,) = tmp_path.iterdir()
    raw = sent.read_text().split("\n" + "-" * 79)[0]
    message = email.message_from_string(raw, policy=email.policy.default)
    assert message["To"] == "xa@example.vn"
    assert message["Subject"] == "[FrontNet] Trang cộng đồng bị trả lại"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    link = f"https://frontnet.example.vn/pages/{page.pk}/"
    assert "Kính gửi" in text and link in text and "bị trả lại: Thiếu chữ “xã”" in text
    assert f'<a href="{link}">' in html
    assert Notification.objects.get(kind="page_returned").emailed_at is not None

    from frontnet.notifications.email import send_digests

    assert send_digests() == 1  # huyện's digest: the one report
    assert send_digests() == 0


def test_a_failed_send_keeps_the_notification_and_is_retried(
    users, tree, page, settings, django_capture_on_commit_callbacks
):
    settings.MAILERS = {"default": {"BACKEND": "frontnet.notifications.tests.broken.Backend"}}
    User.objects.filter(pk=users["xa"].pk).update(email="xa@example.vn")
    page_report(page=page, by=users["xa"])
    with django_capture_on_commit_callbacks(execute=True):
        page_return(page=page, by=users["huyen"], reason="Sai")
    n = Notification.objects.get(kind="page_returned")
    assert n.emailed_at is None and n.email_attempts == 1 and "hỏng" in n.email_error
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    from frontnet.notifications.email import retry_failed

    assert retry_failed() == 1
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["xa@example.vn"]


def test_dashboard_lists_districts_without_a_page_manager(client_for, users, tree):
    manager = Cadre.objects.create(
        unit=tree["district_a"],
        full_name="Hồ Văn Đầu Mối",
        category=CadreCategory.objects.get(key="full_time"),
    )
    page_register(
        unit=tree["district_a"],
        platform=Platform.objects.get(key="facebook_page"),
        name="Mặt trận huyện An",
        link="facebook.com/mthuyenan",
        by=users["huyen"],
        manager=manager,
    )
    from django.urls import reverse

    body = client_for("tinh").get(reverse("unit_dashboard", args=[tree["province"].pk]))
    block = body.content.decode().split('id="no-page-manager"')[1].split("</section>")[0]
    assert "1 huyện chưa có người quản lý trang" in block
    assert "Huyện Bình" in block and "Huyện An" not in block
