import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from frontnet.cadres import services as cadre_services
from frontnet.cadres.models import Cadre
from frontnet.privacy import selectors, services
from frontnet.privacy.models import DataSubjectRequest, Erasure, RequestKind

from .conftest import NAME

pytestmark = pytest.mark.django_db


@pytest.fixture
def notice(tree, users):
    return services.consent_notice_publish(
        province=tree["province"], text="Mặt trận tỉnh xử lý số điện thoại…", by=users["tinh"]
    )


def test_notice_edits_are_new_versions(tree, users, notice):
    second = services.consent_notice_publish(
        province=tree["province"], text="Bản sửa", by=users["tinh"]
    )
    assert (notice.version, second.version) == (1, 2)
    assert selectors.current_notice(tree["province"]) == second
    with pytest.raises(Exception):  # noqa: B017 - only the office edits the notice
        services.consent_notice_publish(province=tree["province"], text="x", by=users["huyen"])


def test_consent_flags_and_withdrawal(client_for, ngoc, users, notice, tree):
    listing = reverse("cadre_list", args=[ngoc.unit_id])
    assert "chưa đồng ý" in client_for("xa").get(listing).content.decode()
    consent = services.consent_record(
        cadre=ngoc, by=users["xa"], agreed_on=dt.date(2026, 1, 10), method="in_person"
    )
    assert selectors.cadre_consent_ok(ngoc)
    assert "chưa đồng ý" not in client_for("xa").get(listing).content.decode()
    # A notice version the province no longer accepts makes the consent lapse.
    services.privacy_settings_update(
        province=tree["province"],
        by=users["tinh"],
        retention_months=24,
        kept_without_consent=["full_name"],
        consent_min_version=2,
    )
    assert not selectors.cadre_consent_ok(ngoc)
    services.privacy_settings_update(
        province=tree["province"],
        by=users["tinh"],
        retention_months=24,
        kept_without_consent=["full_name"],
        consent_min_version=1,
    )
    response = client_for("xa").post(
        reverse("consent_withdraw", args=[consent.pk]), {"on": "2026-02-01"}
    )
    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_on == dt.date(2026, 2, 1)
    assert not selectors.cadre_consent_ok(ngoc)


def test_a_scan_is_checked_by_its_content_not_its_name(client_for, ngoc, notice):
    url = reverse("cadre_personal", args=[ngoc.pk])
    fake = SimpleUploadedFile("phieu.pdf", b"MZ\x90\x00 not a pdf")
    response = client_for("xa").post(
        url, {"agreed_on": "2026-01-10", "method": "signed_form", "scan": fake}
    )
    assert "không phải loại được nhận (pdf, png, jpeg)" in response.content.decode()
    assert not ngoc.consents.exists()
    real = SimpleUploadedFile(f"{NAME}.pdf", b"%PDF-1.4\n1 0 obj")
    response = client_for("xa").post(
        url, {"agreed_on": "2026-01-10", "method": "signed_form", "scan": real}
    )
    assert response.status_code == 302
    assert ngoc.consents.get().scan.name.endswith(f"consent-{ngoc.pk}.pdf")  # no name in it


def test_requests_count_days_left_and_deletion_erases(client_for, ngoc, dpo, tree):
    client = client_for("tinh")
    received = timezone.localdate() - dt.timedelta(days=5)
    response = client.post(
        reverse("privacy_requests", args=[tree["province"].pk]),
        {"cadre": ngoc.pk, "kind": RequestKind.DELETION, "received_on": received.isoformat()},
    )
    subject = DataSubjectRequest.objects.get()
    assert response.status_code == 302
    assert subject.days_left() == 10  # 15 days from receipt, 5 gone
    page = client.get(reverse("privacy_requests", args=[tree["province"].pk])).content.decode()
    assert "còn 10 ngày" in page
    client.post(reverse("privacy_request", args=[subject.pk]), {"outcome": "done"})
    subject.refresh_from_db()
    assert subject.closed_on == timezone.localdate() and subject.days_left() is None
    assert Erasure.objects.get().cadre == ngoc
    assert Cadre.objects.get(pk=ngoc.pk).full_name == f"Đã ẩn danh #{ngoc.pk}"


def test_a_user_who_sees_no_province_cannot_register(client_for, ngoc, tree, users):
    from frontnet.privacy.models import GrantKind, PersonalDataGrant

    PersonalDataGrant.objects.create(
        user=users["chuyenvien2"], province=tree["province"], kind=GrantKind.DPO
    )
    response = client_for("chuyenvien2").post(
        reverse("privacy_requests", args=[tree["province"].pk]),
        {"cadre": ngoc.pk, "kind": "access", "received_on": "2026-01-02"},
    )
    assert response.status_code == 404  # a specialist of huyện Bình sees no province page
    assert not DataSubjectRequest.objects.exists()


def test_retention_anonymises_ended_cadres_after_the_period(client_for, ngoc, other, users, tree):
    Cadre.objects.filter(pk=ngoc.pk).update(active_from=dt.date(2020, 1, 1))
    ngoc.refresh_from_db()
    cadre_services.cadre_end(cadre=ngoc, by=users["xa"], on=dt.date(2026, 12, 1), reason="Nghỉ hưu")
    out = io.StringIO()
    call_command("personal_data", "retention", "--today", "2028-12-01", "--dry-run", stdout=out)
    assert out.getvalue().strip() == "due=0"  # exactly 24 months: not yet past
    call_command("personal_data", "retention", "--today", "2028-12-02", "--dry-run", stdout=out)
    assert out.getvalue().split()[-1] == "due=1"
    assert not Erasure.objects.exists()
    page = client_for("tinh").get(reverse("privacy_home", args=[tree["province"].pk]))
    assert page.status_code == 200
    call_command("personal_data", "retention", "--today", "2028-12-02", stdout=out)
    assert out.getvalue().split()[-1] == "anonymised=1"
    erasure = Erasure.objects.get()
    assert (erasure.cadre, erasure.reason, erasure.by) == (ngoc, "retention", None)
    assert Cadre.objects.get(pk=other.pk).full_name == "Lê Văn Khác"
    call_command("personal_data", "retention", "--today", "2028-12-02", stdout=out)
    assert out.getvalue().split()[-1] == "anonymised=0"


def test_the_settings_page_shows_how_many_are_due(client_for, ngoc, users, tree):
    Cadre.objects.filter(pk=ngoc.pk).update(active_to=dt.date(2020, 1, 1), active_from=None)
    page = client_for("tinh").get(reverse("privacy_home", args=[tree["province"].pk]))
    assert "1 cán bộ đã kết thúc công tác quá thời hạn lưu giữ" in page.content.decode()
    assert (
        client_for("huyen").get(reverse("privacy_home", args=[tree["province"].pk])).status_code
        == 404
    )


def test_a_breach_runs_a_72_hour_clock(dpo, tree):
    found = timezone.now() - dt.timedelta(hours=10, minutes=30)
    breach = services.breach_record(
        province=tree["province"], by=dpo, found_at=found, what="Lộ danh sách", people=12
    )
    assert breach.notify_by == found + dt.timedelta(hours=72)
    assert breach.hours_left() == 61
    with pytest.raises(ValidationError):
        services.breach_update(
            breach=breach, by=dpo, measures="", notified_at=found - dt.timedelta(hours=1)
        )
    services.breach_update(
        breach=breach, by=dpo, measures="Đổi mật khẩu", notified_at=timezone.now()
    )
    assert breach.hours_left() is None
