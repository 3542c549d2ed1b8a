"""With the database task backend the upload returns at once; the worker does the work."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from frontnet.workbooks.columns import CADRE_SHEET
from frontnet.workbooks.models import ImportBatch

from .conftest import write_book

pytestmark = pytest.mark.django_db(transaction=True)

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def test_upload_is_queued_and_the_worker_validates_it(client_for, tree, channels, settings):
    settings.TASKS = DB_TASKS
    client = client_for("huyen")
    rows = [
        ["Họ và tên", "Đơn vị", "Loại cán bộ"],
        ["Người Xếp Hàng", "Xã An Một", "Cán bộ hợp đồng"],
    ]
    data = write_book({CADRE_SHEET: rows})
    client.post(
        reverse("batch_upload", args=[tree["district_a"].pk]),
        {"file": SimpleUploadedFile("hang-doi.xlsx", data)},
    )
    batch = ImportBatch.objects.get()
    assert batch.status == "pending"
    page = client.get(reverse("batch_detail", args=[batch.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in page  # the page polls while the worker runs
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload")
    batch.refresh_from_db()
    assert (batch.status, batch.created) == ("validated", 1)


def test_a_committed_import_leaves_its_units_figures_counted(client_for, tree, channels, settings):
    import datetime as dt

    from django.utils import timezone

    from frontnet.monitoring.models import UnitFigures

    settings.TASKS = DB_TASKS
    client = client_for("huyen")
    rows = [
        ["Họ và tên", "Đơn vị", "Loại cán bộ"],
        ["Người Mới Nhập", "Xã An Một", "Cán bộ hợp đồng"],
    ]
    client.post(
        reverse("batch_upload", args=[tree["district_a"].pk]),
        {"file": SimpleUploadedFile("moi.xlsx", write_book({CADRE_SHEET: rows}))},
    )
    worker = ("db_worker", "--batch", "--no-startup-delay", "--no-reload")
    call_command(*worker)
    batch = ImportBatch.objects.get()
    client.post(reverse("batch_commit", args=[batch.pk]))
    call_command(*worker)  # the commit, then the counting it enqueues
    batch.refresh_from_db()
    assert batch.status == "committed"
    today = timezone.localdate()
    stored = dict(UnitFigures.objects.filter(day=today).values_list("unit__name", "cadres"))
    subtree = [u for u in tree.values() if u.path.startswith(tree["district_a"].path)]
    # The batch's subtree at least (the worker keeps the province's dashboard days warm).
    assert {u.name for u in subtree} <= set(stored)
    assert stored["Xã An Một"] == 1
    assert not UnitFigures.objects.filter(day=today - dt.timedelta(days=1)).exists()
