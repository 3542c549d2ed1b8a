import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from frontnet.accounts.models import Role, User
from frontnet.audit.models import AuditEntry
from frontnet.notifications.models import Notification
from frontnet.support import selectors, services
from frontnet.support.attachments import sniff
from frontnet.support.models import Attachment, Guidance, Thread, ThreadState, Topic
from frontnet.units.services import unit_create

pytestmark = pytest.mark.django_db

VN = ZoneInfo("Asia/Ho_Chi_Minh")
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n%%EOF"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }


@pytest.fixture
def topic():
    return Topic.objects.get(name="Đặt tên trang")


@pytest.fixture
def xa2(tree):
    return User.objects.create_user(username="xa2", role=Role.UNIT_STAFF, unit=tree["commune_a2"])


@pytest.fixture
def xab(tree):
    return User.objects.create_user(username="xab", role=Role.UNIT_STAFF, unit=tree["commune_b1"])


def open_thread(users, tree, topic, *, user="xa", unit="commune_a1", uploads=(), now=None):
    return services.thread_open(
        unit=tree[unit],
        topic=topic,
        title="Tên trang bị báo sai",
        text="Trang của xã báo sai quy ước đặt tên.",
        by=users[user],
        uploads=uploads,
        now=now,
    )


def test_seeded_topics():
    assert list(Topic.objects.values_list("name", flat=True)) == [
        "Biểu mẫu",
        "Đặt tên trang",
        "Lập trang",
        "Tài khoản",
        "Đề nghị Đoàn Thanh niên hỗ trợ",
        "Khác",
    ]


def test_a_thread_goes_to_the_specialist_following_the_unit(users, tree, topic):
    thread = open_thread(users, tree, topic)
    assert list(thread.assignees.all()) == [users["chuyenvien1"]]
    assert not thread.to_office
    assert thread.state == ThreadState.NEW
    told = Notification.objects.filter(kind="support_thread_new")
    assert [n.recipient.username for n in told] == ["chuyenvien1"]
    assert AuditEntry.objects.filter(model="support.thread", unit=tree["commune_a1"]).count() == 1


def test_a_thread_nobody_follows_goes_to_the_province_office(users, tree, levels, topic):
    district = unit_create(
        parent=tree["province"],
        name="Huyện Cồn",
        division_type="huyện",
        level=levels["district"],
        by=None,
    )
    staff = User.objects.create_user(username="con", role=Role.UNIT_STAFF, unit=district)
    thread = services.thread_open(unit=district, topic=topic, title="T", text="x", by=staff)
    assert thread.to_office and not thread.assignees.exists()
    told = Notification.objects.filter(kind="support_thread_new")
    assert [n.recipient.username for n in told] == ["tinh"]


def test_states_replies_and_who_may_do_what(users, tree, topic):
    thread = open_thread(users, tree, topic)
    assert not services.thread_can(user=users["xa"], thread=thread, action="take")
    services.thread_transition(thread=thread, action="take", by=users["chuyenvien1"])
    assert thread.state == ThreadState.IN_PROGRESS
    services.thread_reply(thread=thread, text="Sửa tên theo mẫu.", by=users["chuyenvien1"])
    thread.refresh_from_db()
    assert thread.state == ThreadState.ANSWERED and thread.first_answer_at is not None
    services.thread_transition(thread=thread, action="solve", by=users["xa"])
    thread.refresh_from_db()
    assert thread.state == ThreadState.SOLVED and thread.closed_by == users["xa"]
    services.thread_transition(thread=thread, action="reopen", by=users["xa"])
    assert thread.state == ThreadState.REOPENED and thread.closed_at is None
    # The district above answers too; the asker replying to an answer reopens it.
    services.thread_reply(thread=thread, text="Huyện hướng dẫn thêm.", by=users["huyen"])
    thread.refresh_from_db()
    assert thread.state == ThreadState.ANSWERED
    services.thread_reply(thread=thread, text="Vẫn chưa được.", by=users["xa"])
    thread.refresh_from_db()
    assert thread.state == ThreadState.REOPENED
    assert [r.from_helper for r in thread.replies.all()] == [True, True, False]
    with pytest.raises(PermissionDenied):
        services.thread_reply(thread=thread, text="x", by=users["chuyenvien2"])
    kinds = set(Notification.objects.values_list("kind", flat=True))
    assert kinds == {"support_thread_new", "support_thread_reply", "support_thread_state"}
    # xa is told of chuyenvien1's reply; nobody is told of their own.
    reply_told = Notification.objects.filter(kind="support_thread_reply", recipient=users["xa"])
    assert reply_told.count() == 2


def test_attachments_are_checked_by_content_and_nothing_is_half_written(users, tree, topic):
    fake = SimpleUploadedFile("anh-chup.png", b"<html>not an image</html>")
    with pytest.raises(ValidationError) as exc:
        open_thread(users, tree, topic, uploads=[fake])
    assert "anh-chup.png" in str(exc.value)
    assert not Thread.objects.exists() and not Attachment.objects.exists()
    big = SimpleUploadedFile("lon.pdf", PDF + b"0" * (10 * 1024 * 1024))
    with pytest.raises(ValidationError) as exc:
        open_thread(users, tree, topic, uploads=[big])
    assert "quá lớn" in str(exc.value)
    # A PDF named .png is taken as the PDF it is.
    thread = open_thread(users, tree, topic, uploads=[SimpleUploadedFile("x.png", PDF)])
    (a,) = thread.attachments.all()
    assert (a.kind, a.content_type, a.size) == ("pdf", "application/pdf", len(PDF))
    assert "x.png" not in a.storage_name


def test_sniff_spreadsheets():
    import xlsxwriter

    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf)
    book.add_worksheet().write(0, 0, "x")
    book.close()
    assert sniff(buf.getvalue()) == "xlsx"
    assert sniff(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 8) == "xls"
    assert sniff(b"<html>not an image</html>") == "csv"  # text: refused as an attachment
    assert sniff(b"PK\x03\x04garbage") is None
    assert sniff(b"GIF89a....") == "gif"


def test_files_and_threads_are_served_only_in_scope(client, users, tree, topic, xa2):
    thread = open_thread(users, tree, topic, uploads=[SimpleUploadedFile("s.png", PNG)])
    a = thread.attachments.get()
    url = reverse("support_attachment", kwargs={"pk": a.pk})
    for name in ("xa", "chuyenvien1", "huyen", "tinh"):
        client.force_login(users[name])
        r = client.get(url)
        assert r.status_code == 200, name
        assert r["Content-Type"] == "image/png"
        assert b"".join(r.streaming_content) == PNG
    detail = reverse("support_thread_detail", kwargs={"pk": thread.pk})
    for user in (users["chuyenvien2"], xa2):
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert client.get(detail).status_code == 404
        assert (
            client.post(reverse("support_thread_reply", kwargs={"pk": thread.pk})).status_code
            == 404
        )


def test_the_web_flow(client, users, tree, topic):
    client.force_login(users["xa"])
    r = client.post(
        reverse("support_thread_create", kwargs={"pk": tree["commune_a1"].pk}),
        {
            "topic": topic.pk,
            "title": "Không đăng nhập được",
            "text": "Quên mật khẩu",
            "files": [SimpleUploadedFile("s.png", PNG)],
        },
    )
    thread = Thread.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/support/{thread.pk}/"
    assert thread.attachments.count() == 1
    client.force_login(users["chuyenvien1"])
    inbox = client.get(reverse("support_inbox"))
    assert "Không đăng nhập được" in inbox.content.decode()
    r = client.post(reverse("support_thread_reply", kwargs={"pk": thread.pk}), {"text": "Làm lại"})
    assert r.status_code == 302
    client.force_login(users["xa"])
    r = client.post(reverse("support_thread_state", kwargs={"pk": thread.pk}), {"action": "solve"})
    thread.refresh_from_db()
    assert thread.state == ThreadState.SOLVED
    empty = client.post(reverse("support_thread_reply", kwargs={"pk": thread.pk}), {"text": ""})
    assert empty.status_code == 400 and "Trả lời: chưa nhập." in empty.content.decode()


def test_inbox_waiting_first_oldest_first_and_filters(users, tree, topic, xab):
    def at(day):
        return dt.datetime(2026, 11, day, 9, tzinfo=VN)

    old = open_thread(users, tree, topic, now=at(2))
    answered = open_thread(users, tree, topic, now=at(1))
    services.thread_reply(thread=answered, text="ok", by=users["chuyenvien1"], now=at(3))
    new = open_thread(users, tree, topic, now=at(5))
    other = services.thread_open(
        unit=tree["commune_b1"],
        topic=Topic.objects.get(name="Khác"),
        title="B",
        text="b",
        by=xab,
        now=at(4),
    )
    rows = selectors.inbox(users["chuyenvien1"])
    assert [t.pk for t in rows] == [old.pk, new.pk, answered.pk]  # chuyenvien2's area unseen
    assert [t.pk for t in selectors.inbox(users["tinh"])] == [old.pk, other.pk, new.pk, answered.pk]
    assert [t.pk for t in selectors.inbox(users["tinh"], state="answered")] == [answered.pk]
    khac = Topic.objects.get(name="Khác")
    assert [t.pk for t in selectors.inbox(users["tinh"], topic=khac)] == [other.pk]
    assert [t.pk for t in selectors.inbox(users["tinh"], unit=tree["district_b"])] == [other.pk]
    assert [t.pk for t in selectors.inbox(users["xa"])] == [old.pk, new.pk, answered.pk]
    assert selectors.inbox(xab) == [other]


def test_office_figures(users, tree, topic, xab):
    start = dt.datetime(2026, 11, 2, 8, tzinfo=VN)
    waits = [2, 6, 10]  # hours to the first answer: median 6
    for hours in waits:
        t = open_thread(users, tree, topic, now=start)
        services.thread_reply(
            thread=t, text="ok", by=users["chuyenvien1"], now=start + dt.timedelta(hours=hours)
        )
    services.thread_open(
        unit=tree["commune_b1"], topic=topic, title="B", text="b", by=xab, now=start
    )
    figures = selectors.office_figures(users["tinh"], province=tree["province"])
    assert figures.median_first_answer_hours == 6.0
    loads = {s.user.username: (s.total, s.open, s.waiting) for s in figures.specialists}
    assert loads == {"chuyenvien1": (3, 3, 0), "chuyenvien2": (1, 1, 1)}
    assert [t.title for t in figures.oldest_open] == ["B"]


def test_working_days():
    friday = dt.date(2026, 11, 27)
    assert services.working_days_between(friday, dt.date(2026, 11, 30)) == 1  # Mon
    assert services.working_days_between(friday, dt.date(2026, 12, 2)) == 3  # Mon-Wed


def test_stale_threads_are_flagged_to_the_office_once(users, tree, topic):
    friday = dt.datetime(2026, 11, 27, 10, tzinfo=VN)
    stale = open_thread(users, tree, topic, now=friday)
    answered = open_thread(users, tree, topic, now=friday)
    services.thread_reply(thread=answered, text="ok", by=users["chuyenvien1"], now=friday)
    assert services.flag_stale_threads(today=dt.date(2026, 12, 1)) == []  # 2 working days
    out = io.StringIO()
    call_command("flag_stale_threads", "--today", "2026-12-02", stdout=out)
    assert out.getvalue().strip() == "flagged=1"
    stale.refresh_from_db()
    assert stale.stale_flagged_at is not None
    told = Notification.objects.filter(kind="support_thread_stale")
    assert [(n.recipient.username, n.args["days"]) for n in told] == [("tinh", 3)]
    assert services.flag_stale_threads(today=dt.date(2026, 12, 9)) == []


def test_guidance_published_to_a_subtree_and_found_without_diacritics(
    client, users, tree, topic, xa2, xab
):
    thread = open_thread(users, tree, topic)
    services.thread_reply(thread=thread, text="Đặt tên trang theo mẫu", by=users["chuyenvien1"])
    entry = services.guidance_publish(
        unit=tree["district_a"],
        topic=topic,
        title="Cách đặt tên trang cộng đồng",
        text="Đặt tên trang: Mặt trận xã … huyện …",
        by=users["chuyenvien1"],
        thread=thread,
    )
    thread.refresh_from_db()
    assert thread.guidance == entry
    found = selectors.guidance_search(xa2, q="dat ten trang")
    assert list(found) == [entry]
    assert list(selectors.guidance_search(xa2, q="khong co")) == []
    assert list(selectors.guidance_visible_to(users["tinh"])) == [entry]
    assert list(selectors.guidance_visible_to(xab)) == []
    client.force_login(xab)
    assert client.get(reverse("guidance_detail", kwargs={"pk": entry.pk})).status_code == 404
    client.force_login(xa2)
    page = client.get(reverse("guidance_list"), {"q": "DAT TEN"}).content.decode()
    assert "Cách đặt tên trang cộng đồng" in page
    with pytest.raises(PermissionDenied):
        services.guidance_publish(
            unit=tree["province"], topic=topic, title="x", text="y", by=users["chuyenvien1"]
        )
    with pytest.raises(PermissionDenied):
        services.guidance_publish(
            unit=tree["commune_a1"], topic=topic, title="x", text="y", by=users["xa"]
        )
    assert Guidance.objects.count() == 1
