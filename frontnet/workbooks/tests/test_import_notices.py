"""Who hears about an import: its uploader only (checked, then written), in their unit."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from frontnet.notifications.models import Notification
from frontnet.workbooks.columns import CADRE_SHEET
from frontnet.workbooks.models import ImportBatch

from .conftest import write_book

pytestmark = pytest.mark.django_db


def told():
    with translation.override("vi"):
        return sorted(
            (n.recipient.username, n.kind, n.text)
            for n in Notification.objects.select_related("recipient")
        )


def test_the_uploader_alone_hears_that_the_import_was_checked_and_written(
    client_for, tree, channels
):
    client = client_for("huyen")
    rows = [
        ["Họ và tên", "Đơn vị", "Loại cán bộ"],
        ["Người Được Báo", "Xã An Một", "Cán bộ hợp đồng"],
    ]
    client.post(
        reverse("batch_upload", args=[tree["district_a"].pk]),
        {"file": SimpleUploadedFile("bao-tin.xlsx", write_book({CADRE_SHEET: rows}))},
    )
    batch = ImportBatch.objects.get()
    checked = ("huyen", "import_checked")
    assert [t[:2] for t in told()] == [checked]

    client.post(reverse("batch_commit", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == "committed"
    # Not xa (whose commune the rows are about), not the province office, not the viewer.
    assert told() == sorted(
        [
            (*checked, told()[0][2]),
            ("huyen", "import_done", "Đã ghi tệp “bao-tin.xlsx” vào hệ thống cho Huyện An."),
        ]
    )
    done = Notification.objects.get(kind="import_done")
    assert (done.unit_id, done.url) == (
        tree["district_a"].pk,
        reverse("batch_detail", args=[batch.pk]),
    )
