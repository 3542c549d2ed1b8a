"""The change history in words, newest first, a page at a time."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from frontnet.audit.history import PER_PAGE
from frontnet.audit.models import AuditEntry
from frontnet.cadres.models import Platform
from frontnet.pages import services

pytestmark = pytest.mark.django_db


def test_a_verified_page_reads_in_words_with_local_dates(client_for, tree, users):
    platform = Platform.objects.get(key="facebook_page")
    page = services.page_register(
        unit=tree["district_a"],
        platform=platform,
        name="Mặt trận huyện An tỉnh Thử",
        link="https://www.facebook.com/mattranhuyenan",
        by=users["huyen"],
    )
    services.page_report(page=page, by=users["huyen"])
    page.refresh_from_db()
    services.page_verify(page=page, by=users["tinh"])
    verified = AuditEntry.objects.filter(action="verify").get()
    html = client_for("tinh").get(reverse("unit_detail", args=[tree["district_a"].pk])).content
    text = re.sub(r"<[^>]+>", "", html.decode())
    assert "Trạng thái: Đã báo cáo, chờ xác nhận → Đã xác nhận" in text
    local = timezone.localtime(verified.at).strftime("%d/%m/%Y %H:%M")
    assert f"Xác nhận lúc: — → {local}" in text  # local time, as the heading reads
    assert "Nền tảng: — → Fanpage Facebook" in text  # the platform's name, not its id
    assert "tinh (qua Giao diện web)" in " ".join(text.split())
    for raw in ("status:", "verified_at", "platform_id", "+00:00"):
        assert raw not in text
    # Newest first: the verification before the report.
    assert text.index("Đã báo cáo, chờ xác nhận → Đã xác nhận") < text.index(
        "Chưa báo cáo → Đã báo cáo, chờ xác nhận"
    )


def test_the_history_is_paged_newest_first(client_for, tree, users):
    from frontnet.units.services import unit_update

    unit = tree["village"]
    for i in range(PER_PAGE + 2):
        unit_update(unit=unit, by=users["tinh"], name=f"Thôn số {i}")
    client = client_for("tinh")
    url = reverse("unit_detail", args=[unit.pk])
    first = client.get(url).content.decode()
    assert "Thôn số 11" in first and "Thôn số 0 →" not in first and "Trang 1/2" in first
    second = client.get(url + "?history=2").content.decode()
    assert "Thôn số 0" in second and "Trang 2/2" in second


def test_a_change_named_like_a_reverse_relation_reads_as_its_own_name(tree):
    from frontnet.audit.history import readable
    from frontnet.scoring.models import Period

    reverse_name = next(
        f.name for f in Period._meta.get_fields() if f.is_relation and not f.concrete
    )
    entry = AuditEntry(model="scoring.period", changes={reverse_name: [None, 3]}, at=timezone.now())
    (line,) = readable([entry])
    assert [(c.label, c.before, c.after) for c in line.changes] == [(reverse_name, "—", "3")]


def test_an_imported_account_and_follow_read_as_the_platform_and_the_channel(tree):
    from frontnet.audit.history import readable

    entry = AuditEntry(
        model="cadres.cadre",
        channel="import",
        changes={
            "account:facebook_profile": [None, "https://www.facebook.com/ngocanh"],
            "follow:Fanpage Mặt trận tỉnh": ["no", "yes"],
        },
        at=timezone.now(),
    )
    (line,) = readable([entry])
    platform = Platform.objects.get(key="facebook_profile").name
    assert [(c.label, c.before, c.after) for c in line.changes] == [
        (platform, "—", "https://www.facebook.com/ngocanh"),
        ("Theo dõi “Fanpage Mặt trận tỉnh”", "Không", "Có"),
    ]
    assert entry.get_channel_display() == "Nhập từ tệp"
