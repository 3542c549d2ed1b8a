import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from frontnet.audit.models import AuditEntry
from frontnet.cadres.models import Cadre
from frontnet.workbooks.columns import CADRE_SHEET
from frontnet.workbooks.models import ColumnMapping, ImportBatch

from .conftest import read_rows, write_book

pytestmark = pytest.mark.django_db


def upload(client, unit, data, name="bieu-mau.xlsx"):
    return client.post(
        reverse("batch_upload", args=[unit.pk]), {"file": SimpleUploadedFile(name, data)}
    )


def test_download_template_from_the_unit_page(client_for, tree, cadres):
    url = reverse("template_download", args=[tree["district_a"].pk])
    assert b'name="reason"' in client_for("huyen").get(url).content  # asks why first
    response = client_for("huyen").get(url, {"reason": "Gửi các xã điền"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = read_rows(response.content, CADRE_SHEET)
    assert "Nguyễn Thị Lan" in [r[2] for r in rows]


def test_upload_previews_then_commit_writes(client_for, tree, cadres, users):
    client = client_for("huyen")
    rows = [
        ["Họ và tên", "Đơn vị", "Loại cán bộ", "SĐT"],
        ["Người Mới", "Xã An Một", "Cán bộ hợp đồng", "0912 000 555"],
        ["Sai Số", "Xã An Một", "Cán bộ hợp đồng", "99"],
    ]
    response = upload(client, tree["district_a"], write_book({CADRE_SHEET: rows}))
    batch = ImportBatch.objects.get()
    assert response.url == reverse("batch_detail", args=[batch.pk])
    assert (batch.status, batch.created, batch.rejected, batch.uploaded_by) == (
        "validated",
        1,
        1,
        users["huyen"],
    )
    assert not Cadre.objects.filter(full_name="Người Mới").exists()
    page = client.get(response.url).content.decode()
    assert "SĐT" in page and "Ghi 1 dòng hợp lệ" in page
    rejected = client.get(reverse("batch_rejected", args=[batch.pk]))
    rejected_rows = read_rows(rejected.content, CADRE_SHEET)
    assert rejected_rows[0][:3] == ["Lý do bị từ chối", "Dòng trong tệp gốc", "Họ và tên"]
    assert rejected_rows[1][2] == "Sai Số" and rejected_rows[1][0].startswith("SĐT: ")
    client.post(reverse("batch_commit", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == "committed" and batch.committed_by == users["huyen"]
    assert Cadre.objects.get(full_name="Người Mới").phone == "+84912000555"
    assert client.get(reverse("batch_file", args=[batch.pk])).getvalue().startswith(b"PK")


def test_unreadable_upload_is_kept_and_explained(client_for, tree):
    client = client_for("huyen")
    upload(client, tree["district_a"], b"hello", "ghi-chu.xlsx")
    batch = ImportBatch.objects.get()
    assert batch.status == "failed" and "ghi-chu.xlsx" in batch.error
    assert batch.file.read() == b"hello"


def test_unknown_layout_asks_for_a_mapping_once(client_for, tree, channels):
    client = client_for("huyen")
    rows = [
        ["Cột A", "Cột B", "Cột C", "Cột D"],
        ["Người Cũ", "Xã An Một", "Cán bộ chuyên trách", "0912 111 222"],
    ]
    data = write_book({"Báo cáo": rows})
    upload(client, tree["district_a"], data)
    batch = ImportBatch.objects.get()
    assert batch.status == "mapping"
    form = client.get(reverse("batch_mapping", args=[batch.pk]))
    assert "Cột C" in form.content.decode()
    client.post(
        reverse("batch_mapping", args=[batch.pk]),
        {"full_name": "0", "unit": "1", "category": "2", "phone": "3"},
    )
    batch.refresh_from_db()
    assert (batch.status, batch.created) == ("validated", 1)
    # Mapping the columns put the batch back in line, and the log says who did it, where.
    entry = AuditEntry.objects.get(model="workbooks.importbatch", object_id=str(batch.pk))
    assert (entry.actor.username, entry.channel, entry.unit_id) == (
        "huyen",
        "web",
        tree["district_a"].pk,
    )
    assert entry.changes["status"] == ["mapping", "pending"]
    assert entry.changes["mapping"][1] == {"full_name": 0, "unit": 1, "category": 2, "phone": 3}
    # A second file of the same shape needs no mapping.
    upload(client, tree["district_a"], data, "lan-2.xlsx")
    assert ImportBatch.objects.get(filename="lan-2.xlsx").status == "validated"
    assert ColumnMapping.objects.count() == 1


def test_mapping_refuses_one_column_for_two_fields(client_for, tree, channels):
    client = client_for("huyen")
    upload(client, tree["district_a"], write_book({"X": [["A", "B", "C"], ["x", "y", "z"]]}))
    batch = ImportBatch.objects.get()
    response = client.post(
        reverse("batch_mapping", args=[batch.pk]), {"full_name": "0", "unit": "0", "category": "1"}
    )
    assert "Mỗi cột chỉ được ghép với một trường" in response.content.decode()
    assert not ColumnMapping.objects.exists()


def test_viewer_cannot_upload(client_for, tree):
    response = upload(client_for("xem"), tree["district_a"], b"x")
    assert response.status_code == 403
    assert not ImportBatch.objects.exists()


def test_cancel_is_audited_and_a_committed_batch_cannot_be_cancelled(client_for, tree, cadres):
    client = client_for("huyen")
    rows = [["Họ và tên", "Đơn vị", "Loại cán bộ"], ["Người Mới", "Xã An Một", "Cán bộ hợp đồng"]]
    upload(client, tree["district_a"], write_book({CADRE_SHEET: rows}))
    batch = ImportBatch.objects.get()
    client.post(reverse("batch_cancel", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == "cancelled"
    entry = AuditEntry.objects.get(model="workbooks.importbatch", object_id=str(batch.pk))
    assert (entry.actor.username, entry.channel, entry.unit_id, entry.changes) == (
        "huyen",
        "web",
        tree["district_a"].pk,
        {"status": ["validated", "cancelled"]},
    )
    ImportBatch.objects.filter(pk=batch.pk).update(status="committed")
    response = client.post(reverse("batch_cancel", args=[batch.pk]), follow=True)
    assert "không huỷ được" in response.content.decode()
    assert ImportBatch.objects.get(pk=batch.pk).status == "committed"
    assert AuditEntry.objects.filter(model="workbooks.importbatch").count() == 1


def test_the_files_as_written_go_to_the_uploader_or_a_reader_of_personal_data_logged(
    client_for, tree, cadres, users
):
    """The original file and the rejected rows hold phones unmasked: the province office,
    which sees a district's cadres masked, gets neither (no link, 403) until it holds the
    personal-data grant; then each download is in the access log. The uploader's are not."""
    from frontnet.privacy.models import AccessLogEntry, GrantKind
    from frontnet.privacy.services import grant_give

    rows = [
        ["Họ và tên", "Đơn vị", "Loại cán bộ", "SĐT"],
        ["Người Mới", "Xã An Một", "Cán bộ hợp đồng", "0912 000 555"],
        ["Sai Số", "Xã An Một", "Cán bộ hợp đồng", "99"],
    ]
    upload(client_for("huyen"), tree["district_a"], write_book({CADRE_SHEET: rows}))
    batch = ImportBatch.objects.get()
    file_url = reverse("batch_file", args=[batch.pk])
    rejected_url = reverse("batch_rejected", args=[batch.pk])
    office = client_for("tinh")
    page = office.get(reverse("batch_detail", args=[batch.pk])).content.decode()
    assert file_url not in page and rejected_url not in page
    assert "chỉ người tải lên" in page
    assert office.get(file_url).status_code == 403
    assert office.get(rejected_url).status_code == 403
    uploader = client_for("huyen")
    assert uploader.get(file_url).status_code == 200
    assert uploader.get(rejected_url).status_code == 200
    assert not AccessLogEntry.objects.exists()
    grant_give(user=users["tinh"], province=tree["province"], kind=GrantKind.PERSONAL_DATA, by=None)
    office = client_for("tinh")  # one test client: log the office back in
    page = office.get(reverse("batch_detail", args=[batch.pk])).content.decode()
    assert file_url in page and rejected_url in page
    assert office.get(file_url).status_code == 200
    assert office.get(rejected_url).status_code == 200
    logged = list(
        AccessLogEntry.objects.order_by("pk").values_list("user", "unit", "action", "count")
    )
    assert logged == [
        (users["tinh"].pk, tree["district_a"].pk, "export", 2),
        (users["tinh"].pk, tree["district_a"].pk, "export", 1),
    ]


def test_the_api_preview_gives_the_rejected_cells_only_to_who_may_take_the_files(
    client_for, tree, cadres, users
):
    from rest_framework.test import APIClient

    from frontnet.api.services import token_create
    from frontnet.privacy.models import AccessLogEntry, GrantKind
    from frontnet.privacy.services import grant_give

    rows = [
        ["Họ và tên", "Đơn vị", "Loại cán bộ", "SĐT"],
        ["Sai Số", "Xã An Một", "Cán bộ hợp đồng", "99"],
    ]
    upload(client_for("huyen"), tree["district_a"], write_book({CADRE_SHEET: rows}))
    batch = ImportBatch.objects.get()

    def rejections(username):
        api = APIClient()
        token = token_create(user=users[username], name="t")[1]
        api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
        answer = api.get(f"/api/v1/imports/{batch.pk}/")
        assert answer.status_code == 200, answer.content
        return answer.json()["rejections"]

    assert rejections("huyen")[0]["values"][:1] == ["Sai Số"]
    office = rejections("tinh")
    assert office[0]["values"] == [] and "số điện thoại" in office[0]["reason"]
    assert not AccessLogEntry.objects.exists()
    grant_give(user=users["tinh"], province=tree["province"], kind=GrantKind.PERSONAL_DATA, by=None)
    assert rejections("tinh")[0]["values"][:1] == ["Sai Số"]
    entry = AccessLogEntry.objects.get()
    assert (entry.user, entry.unit, entry.action, entry.count) == (
        users["tinh"],
        tree["district_a"],
        "export",
        1,
    )
