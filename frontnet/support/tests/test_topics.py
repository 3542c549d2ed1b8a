"""The province office edits the topic list on a page; every change is audited."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from frontnet.audit.models import AuditEntry
from frontnet.support import selectors, services
from frontnet.support.models import Thread, Topic

pytestmark = pytest.mark.django_db

SHARED = [
    "Biểu mẫu",
    "Đặt tên trang",
    "Lập trang",
    "Tài khoản",
    "Đề nghị Đoàn Thanh niên hỗ trợ",
    "Khác",
]


def names(topics):
    return [t.name for t in topics]


def test_the_first_save_gives_the_province_its_own_list(client_for, users, tree):
    shared = list(Topic.objects.filter(province__isnull=True))
    assert {t.name.casefold() for t in shared} >= {n.casefold() for n in SHARED[:4]}
    thread = services.thread_open(
        unit=tree["commune_a1"], topic=shared[0], title="Hỏi", text="…", by=users["xa"]
    )
    client = client_for("tinh")
    url = reverse("support_topics", args=[tree["province"].pk])
    page = client.get(url).content.decode()
    assert "Tỉnh đang dùng danh sách chung" in page
    n = len(shared)
    data = {"form-TOTAL_FORMS": n + 1, "form-INITIAL_FORMS": n}
    for i, t in enumerate(shared):
        data |= {
            f"form-{i}-pk": t.pk,
            f"form-{i}-name": t.name,
            f"form-{i}-order": t.order,
            f"form-{i}-active": "on",
        }
    data[f"form-{n - 1}-active"] = ""  # the last one no longer used
    data |= {f"form-{n}-name": "Zalo OA", f"form-{n}-order": "900", f"form-{n}-active": "on"}
    assert client.post(url, data).status_code == 302

    own = Topic.objects.filter(province=tree["province"])
    assert names(own.filter(active=True)) == [*names(shared[:-1]), "Zalo OA"]
    assert Topic.objects.filter(province__isnull=True).count() == n  # the defaults stay
    thread.refresh_from_db()
    assert thread.topic.province_id == tree["province"].pk  # the thread follows its copy
    assert names(selectors.topics_active(user=users["xa"])) == [*names(shared[:-1]), "Zalo OA"]
    entries = AuditEntry.objects.filter(model="support.topic")
    # n copies, the one made inactive, the new one; all on the province.
    assert entries.count() == n + 2
    assert set(entries.values_list("unit_id", flat=True)) == {tree["province"].pk}
    assert "Tỉnh đang dùng danh sách chung" not in client.get(url).content.decode()


def test_only_the_province_office_edits_and_names_stay_unique(client_for, users, tree):
    for username in ("huyen", "xa", "xem"):
        status = client_for(username).get(reverse("support_topics", args=[tree["province"].pk]))
        assert status.status_code in (403, 404), username
    for rows, message in (
        (
            [{"name": "Zalo OA", "active": True}, {"name": "zalo oa"}],
            "Dòng 2: chủ đề “zalo oa” trùng với dòng 1.",
        ),
        ([{"name": "biểu mẫu", "active": True}], "Dòng 1: đã có chủ đề “Biểu mẫu”."),
    ):
        with pytest.raises(ValidationError) as exc:
            services.topics_save(province=tree["province"], rows=rows, by=users["tinh"])
        assert exc.value.messages == [message]
    assert not Thread.objects.exists()
