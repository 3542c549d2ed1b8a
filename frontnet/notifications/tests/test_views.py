import pytest
from django.urls import reverse

from frontnet.notifications.kinds import register_kind
from frontnet.notifications.models import Notification
from frontnet.notifications.services import notify

pytestmark = pytest.mark.django_db

NOTE = register_kind("test_note", label="Ghi chú", text="Ghi chú số %(n)s")


def test_bell_list_open_and_read_all(client_for, users, tree):
    for n in (1, 2, 3):
        notify(kind=NOTE, recipients=[users["xa"]], unit=tree["commune_a1"], url="/", args={"n": n})
    client = client_for("xa")
    home = client.get(reverse("unit_detail", args=[tree["commune_a1"].pk])).content.decode()
    assert '<span class="badge bad" id="unread-count">3</span>' in home
    page = client.get(reverse("notification_list")).content.decode()
    # Newest first.
    assert page.index("Ghi chú số 3") < page.index("Ghi chú số 2") < page.index("Ghi chú số 1")
    first = Notification.objects.get(args__n=1)
    response = client.post(reverse("notification_open", args=[first.pk]))
    assert response.status_code == 302 and response.url == "/"
    first.refresh_from_db()
    assert first.read_at is not None
    unread = client.get(reverse("notification_list") + "?unread=1").content.decode()
    assert "Ghi chú số 1" not in unread and "Ghi chú số 2" in unread
    client.post(reverse("notification_read_all"))
    assert 'id="unread-count"' not in client.get(reverse("notification_list")).content.decode()


def test_preferences_are_stored_per_kind(client_for, users):
    users["xa"].email = "xa@example.vn"
    users["xa"].save()
    client = client_for("xa")
    assert client.get(reverse("notification_preferences")).status_code == 200
    client.post(reverse("notification_preferences"), {"page_returned": "digest"})
    from frontnet.notifications.services import delivery_for

    assert delivery_for(user=users["xa"], kind_key="page_returned") == "digest"
    assert delivery_for(user=users["xa"], kind_key="page_verified") == "email"


def test_notifications_read_in_english(client_for, users, tree):
    from frontnet.pages.notice_kinds import PAGE_RETURNED

    notify(
        kind=PAGE_RETURNED,
        recipients=[users["xa"]],
        unit=tree["commune_a1"],
        args={"page": "Mặt trận xã An Một", "unit": "Xã An Một", "reason": "Sai tên"},
    )
    client = client_for("xa")
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    try:
        page = client.get(reverse("notification_list")).content.decode()
    finally:
        # The locale middleware leaves English active in this thread after the request.
        from django.utils import translation

        translation.activate("vi")
    assert "<h1>Notifications</h1>" in page
    assert "The page “Mặt trận xã An Một” of Xã An Một was returned: Sai tên" in page
