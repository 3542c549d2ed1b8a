import datetime as dt
import io
import json
import re
import zipfile

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import models
from django.utils import timezone

from frontnet.cadres.models import Cadre, ChannelFollow, OfficialChannel, Platform, SocialAccount
from frontnet.core.vntext import fold_search
from frontnet.monitoring.selectors import rollup
from frontnet.notifications.models import Notification
from frontnet.privacy import services
from frontnet.privacy.models import AccessAction, AccessLogEntry, Erasure, RequestKind
from frontnet.scoring.services import period_publish, scores_compute
from frontnet.workbooks import services as batch_services
from frontnet.workbooks.columns import CADRE_SHEET
from frontnet.workbooks.export import template_build
from frontnet.workbooks.tests.conftest import read_rows, write_book

from .conftest import EMAIL, FACEBOOK, NAME, OLD_PHONE, PHONE, ZALO_PHONE

pytestmark = pytest.mark.django_db

NEEDLES = [NAME, fold_search(NAME), "tranthibichngoc.xa", EMAIL]
DIGITS = [re.sub(r"\D", "", p)[1:] for p in (PHONE, OLD_PHONE, ZALO_PHONE)]  # 912345678…


def hits_in(text: str) -> list[str]:
    found = [n for n in NEEDLES if n.lower() in text.lower()]
    digits = re.sub(r"\D", "", text)
    return found + [d for d in DIGITS if d in digits]


def database_hits() -> list[tuple[str, str, list[str]]]:
    """Every text and JSON column of every table, read back and searched."""
    found = []
    for model in apps.get_models():
        columns = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(
                f, models.CharField | models.TextField | models.JSONField | models.FileField
            )
        ]
        if not columns:
            continue
        for row in model._default_manager.values_list("pk", *columns):
            for column, value in zip(columns, row[1:], strict=True):
                text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
                if hits := hits_in(text or ""):
                    found.append((model._meta.label, f"{row[0]}.{column}", hits))
    return found


def file_hits(root) -> list[tuple[str, list[str]]]:
    found = []
    for path in root.rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        texts = [data.decode("utf-8", "ignore")]
        if data[:4] == b"PK\x03\x04":
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                texts += [archive.read(n).decode("utf-8", "ignore") for n in archive.namelist()]
        if hits := hits_in("\n".join(texts)):
            found.append((str(path), hits))
    return found


@pytest.fixture
def everywhere(tree, users, ngoc, other, dpo, media):
    """The person stored in every place the app keeps things: the cadre, accounts, follows,
    audit history, an import batch (file and rejected rows), a notification, a consent with
    its scan, a request, an export's filter in the access log."""
    province = tree["province"]
    channel = OfficialChannel.objects.create(
        province=province,
        platform=Platform.objects.get(key="facebook_page"),
        name="Fanpage tỉnh",
        link_raw="facebook.com/mattranthu",
        canonical="https://www.facebook.com/mattranthu",
    )
    ChannelFollow.objects.create(
        cadre=ngoc, channel=channel, status="yes", confirmed_on=dt.date(2026, 1, 5)
    )
    # The template back with the person's row and a second, rejected row naming her.
    rows = read_rows(template_build(unit=tree["commune_a1"]), CADRE_SHEET)
    rows.append(["", "Xã An Một", NAME, "Nữ", 1986, "", "Không có loại này", PHONE, "", FACEBOOK])
    batch = batch_services.import_batch_create(
        unit=tree["commune_a1"],
        by=users["xa"],
        data=write_book({CADRE_SHEET: rows}),
        filename=f"{NAME}.xlsx",
    )
    batch_services.import_batch_validate(batch=batch)
    batch.refresh_from_db()
    assert batch.rejected == 1
    batch_services.import_batch_commit(batch=batch, by=users["xa"])
    Notification.objects.create(
        recipient=users["huyen"], kind="cadre_added", args={"name": NAME, "phone": PHONE}
    )
    notice = services.consent_notice_publish(
        province=province, text="Mặt trận tỉnh xử lý số điện thoại…", by=users["tinh"]
    )
    services.consent_record(
        cadre=ngoc,
        notice=notice,
        by=users["xa"],
        agreed_on=dt.date(2026, 1, 10),
        method="signed_form",
        scan=SimpleUploadedFile(
            f"{NAME}.pdf", b"%PDF-1.4\n" + f"Ho ten: {NAME}, DT: {PHONE}".encode()
        ),
    )
    services.request_create(
        cadre=ngoc,
        kind=RequestKind.DELETION,
        received_on=timezone.localdate(),
        by=dpo,
        note=f"Chị {NAME} gọi từ số {PHONE} xin xoá dữ liệu.",
    )
    services.access_log(
        user=users["huyen"],
        action=AccessAction.EXPORT,
        unit=tree["district_a"],
        filters={"q": NAME},
        count=1,
        reason="Báo cáo",
    )
    # Everything dates from long ago, so past days and a past month count her.
    long_ago = timezone.now() - dt.timedelta(days=120)
    Cadre.objects.update(created_at=long_ago, active_from=long_ago.date())
    SocialAccount.objects.update(created_at=long_ago)
    return batch


def test_erasure_keeps_the_other_cadre_and_the_counts(
    everywhere, tree, ngoc, other, dpo, users, django_capture_on_commit_callbacks
):
    province = tree["province"]
    day = timezone.localdate() - dt.timedelta(days=30)
    month = (timezone.localdate().replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    before = rollup(province, day)
    period = scores_compute(province=province, kind="month", start=month, by=users["tinh"])
    period_publish(period=period, by=users["tinh"])
    published = sorted(
        (s.unit_id, s.points, [(ln.name, ln.points, ln.value_text) for ln in s.lines.all()])
        for s in period.scores.prefetch_related("lines")
    )

    with django_capture_on_commit_callbacks(execute=True):
        erasure = services.cadre_erase(cadre=ngoc, by=dpo)

    after = rollup(province, day)
    # Two cadres; she has Facebook and Zalo, follows the page, and every required field.
    counted = before.total
    assert (counted.cadres, counted.with_facebook, counted.with_zalo) == (2, 1, 1)
    assert (counted.follows_all, counted.complete) == (1, 1)
    assert after.total == before.total
    assert [(r.unit.pk, r.figures) for r in after.rows] == [
        (r.unit.pk, r.figures) for r in before.rows
    ]
    period.refresh_from_db()
    assert (
        sorted(
            (s.unit_id, s.points, [(ln.name, ln.points, ln.value_text) for ln in s.lines.all()])
            for s in period.scores.prefetch_related("lines")
        )
        == published
    )
    ngoc.refresh_from_db()
    assert ngoc.full_name == f"Đã ẩn danh #{ngoc.pk}"
    assert (ngoc.unit_id, ngoc.category.key, ngoc.birth_year) == (
        tree["commune_a1"].pk,
        "full_time",
        1980,
    )
    assert ngoc.accounts.count() == 2 and ngoc.follows.count() == 1
    other.refresh_from_db()
    assert other.full_name == "Lê Văn Khác" and other.phone == "+84977111222"
    assert erasure.changed["cadres.cadre"] == 3  # the cadre and its two accounts
    assert erasure.changed["workbooks.batches"] == 1
    assert erasure.changed["notifications.args"] == 1


def test_erasure_leaves_no_copy_in_any_table_or_stored_file(
    everywhere, ngoc, dpo, media, django_capture_on_commit_callbacks
):
    assert len(database_hits()) > 10, "the fixture stores the person in many places"
    assert len(file_hits(media)) == 2  # the import file and the consent scan
    with django_capture_on_commit_callbacks(execute=True):
        services.cadre_erase(cadre=ngoc, by=dpo)
    assert database_hits() == []
    assert file_hits(media) == []
    # The kept import file still holds the other cadre's row.
    batch = everywhere
    batch.refresh_from_db()
    with batch.file.open("rb") as handle:
        names = [r[2] for r in read_rows(handle.read(), CADRE_SHEET)[1:]]
    assert "Lê Văn Khác" in names and NAME not in names


def test_erasing_twice_is_refused(ngoc, dpo):
    services.cadre_erase(cadre=ngoc, by=dpo)
    with pytest.raises(Exception, match="đã được ẩn danh"):
        services.cadre_erase(cadre=ngoc, by=dpo)
    assert Erasure.objects.count() == 1


def test_only_the_data_protection_officer_erases(ngoc, users):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.cadre_erase(cadre=ngoc, by=users["tinh"])  # the office without the grant


def test_command_erase_and_export_do_what_the_web_does(ngoc, dpo, tmp_path, users):
    out = io.StringIO()
    target = tmp_path / "ngoc.json"
    call_command(
        "personal_data",
        "export",
        "--cadre",
        str(ngoc.pk),
        "--as",
        "tinh",
        "-o",
        str(target),
        stdout=out,
    )
    data = json.loads(target.read_text())
    cadre_rows = data["stores"]["cadres.cadre"]["rows"]
    assert cadre_rows[0]["full_name"] == NAME and cadre_rows[0]["phone"] == "+84912468135"
    assert {r.get("link") for r in cadre_rows if r["record"] == "account"} == {
        "https://www.facebook.com/tranthibichngoc.xa",
        "https://zalo.me/+84987606505",
    }
    audit_rows = data["stores"]["audit.entries"]["rows"]
    assert [r["action"] for r in audit_rows if r["record"] == "cadres.cadre"] == [
        "create",
        "update",
    ]
    assert (
        AccessLogEntry.objects.filter(
            action=AccessAction.SUBJECT_EXPORT, cadre=ngoc, user=dpo, channel="command"
        ).count()
        == 1
    )

    call_command("personal_data", "erase", "--cadre", str(ngoc.pk), "--as", "tinh", stdout=out)
    assert Cadre.objects.get(pk=ngoc.pk).full_name == f"Đã ẩn danh #{ngoc.pk}"
    assert Erasure.objects.get(cadre=ngoc).by == dpo
    assert "erased=" in out.getvalue()


def test_command_refuses_a_cadre_outside_the_users_scope(ngoc, users):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Không thấy cán bộ"):
        call_command("personal_data", "erase", "--cadre", str(ngoc.pk), "--as", "chuyenvien2")
    assert not Erasure.objects.exists()
