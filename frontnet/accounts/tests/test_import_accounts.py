import io

import pytest
import xlsxwriter
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from frontnet.accounts.models import Role, User
from frontnet.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

HEADERS = ["Email", "Vai trò", "Họ và tên", "Tên đăng nhập", "Điện thoại", "Đơn vị"]


def workbook(path, rows):
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Tài khoản")
    sheet.write(0, 0, "DANH SÁCH TÀI KHOẢN NGƯỜI DÙNG")  # title rows above the header
    sheet.write(1, 0, "Huyện An, tháng 01/2022")
    sheet.write_row(3, 0, HEADERS)
    for i, row in enumerate(rows, start=4):
        sheet.write_row(i, 0, [row.get(h, "") for h in HEADERS])
    book.close()
    return path


def five_hundred(tree):
    """495 good rows over huyện An (by code) and its two communes (by name), then 5 bad ones
    (sheet rows 500-504, 1-based: 4 title/blank/header rows + 495 good ones)."""
    places = ["991", "Xã An Một", "xã An Hai"]
    rows = [
        {
            "Họ và tên": f"Người Dùng {i:03d}",
            "Đơn vị": places[i % 3],
            "Vai trò": "Chỉ xem" if i % 2 else "Cán bộ đơn vị",
            "Điện thoại": f"0912{i:06d}",
            "Email": f"nd{i}@example.vn",
            "Tên đăng nhập": f"nd{i:03d}" if i % 5 == 0 else "",
        }
        for i in range(495)
    ]
    good = {"Vai trò": "Chỉ xem", "Đơn vị": "99101"}
    rows += [
        {**good, "Họ và tên": "Sai Đơn Vị", "Đơn vị": "Xã Không Có"},
        {**good, "Họ và tên": "Ngoài Phạm Vi", "Đơn vị": "Xã Bình Một"},
        {**good, "Họ và tên": "Quyền Cao", "Vai trò": "Quản trị cấp tỉnh"},
        {**good, "Họ và tên": "Trùng Tên", "Tên đăng nhập": "nd000"},
        {**good, "Họ và tên": "Thư Sai", "Email": "thu-sai@"},
    ]
    return rows


def run(path, *args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_accounts", str(path), "--as", "huyen", *args, stdout=out, stderr=err)
    return out.getvalue().strip(), err.getvalue()


def test_five_hundred_accounts_with_five_bad_rows(users, tree, tmp_path):
    path = workbook(tmp_path / "tai-khoan.xlsx", five_hundred(tree))
    before = User.objects.count()
    out, err = run(path)
    assert out == "created=495 updated=0 unchanged=0 rejected=5"
    assert User.objects.count() == before  # the preview writes nothing
    lines = [line for line in err.splitlines() if line.startswith("Trang")]
    assert lines == [
        "Trang “Tài khoản”, dòng 500, cột “Đơn vị”: không có đơn vị “Xã Không Có”.",
        "Trang “Tài khoản”, dòng 501, cột “Đơn vị”: đơn vị “Xã Bình Một” ngoài phạm vi quản lý của bạn.",
        "Trang “Tài khoản”, dòng 502, cột “Vai trò”: vai trò “Quản trị cấp tỉnh” cao hơn quyền của bạn, không cấp được.",
        "Trang “Tài khoản”, dòng 503, cột “Tên đăng nhập”: tên đăng nhập “nd000” trùng với dòng 5.",
        "Trang “Tài khoản”, dòng 504, cột “Email”: Địa chỉ e-mail “thu-sai@” không hợp lệ.",
    ]

    out, _err = run(path, "--commit")
    assert out == "created=495 updated=0 unchanged=0 rejected=5"
    made = User.objects.filter(full_name__startswith="Người Dùng")
    assert made.count() == 495
    assert made.filter(unit=tree["district_a"]).count() == 165
    assert made.get(full_name="Người Dùng 001").username == "nguoidung001.anmot"
    assert made.get(full_name="Người Dùng 005").username == "nd005"
    assert made.get(full_name="Người Dùng 002").role == Role.UNIT_STAFF
    assert not made.filter(password__startswith="argon2").exists()  # no password set
    assert AuditEntry.objects.filter(model="accounts.user", action="create").count() == 495

    audits = AuditEntry.objects.count()
    out, _err = run(path, "--commit")
    assert out == "created=0 updated=0 unchanged=495 rejected=5"
    assert AuditEntry.objects.count() == audits


def test_a_changed_row_updates_and_an_unreadable_file_exits_2(users, tree, tmp_path):
    rows = [{"Họ và tên": "Lê Văn A", "Đơn vị": "99101", "Vai trò": "Chỉ xem"}]
    path = workbook(tmp_path / "a.xlsx", rows)
    assert run(path, "--commit")[0] == "created=1 updated=0 unchanged=0 rejected=0"
    rows[0]["Vai trò"] = "Cán bộ đơn vị"
    workbook(path, rows)
    assert run(path, "--commit")[0] == "created=0 updated=1 unchanged=0 rejected=0"
    assert User.objects.get(full_name="Lê Văn A").role == Role.UNIT_STAFF

    bad = tmp_path / "hong.xlsx"
    bad.write_bytes(b"khong phai bang tinh")
    with pytest.raises(CommandError) as exc:
        run(bad)
    assert exc.value.returncode == 2


def test_the_web_page_previews_locates_commits_and_a_second_import_changes_nothing(
    client_for, users, tree, tmp_path, settings
):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }
    path = workbook(tmp_path / "tai-khoan.xlsx", five_hundred(tree))
    client = client_for("huyen")
    url = reverse("user_import", args=[tree["district_a"].pk])
    before = User.objects.count()

    def upload():
        with path.open("rb") as f:
            response = client.post(url, {"action": "upload", "file": f})
        assert response.status_code == 302
        return client.get(url)

    preview = upload()
    page = preview.content.decode()
    assert "Tạo mới: 495 · Cập nhật: 0 · Không đổi: 0 · Dòng lỗi: 5" in page
    located = ((500, "Đơn vị"), (501, "Đơn vị"), (502, "Vai trò"), (503, "Tên đăng nhập"))
    for line, column in located:
        assert f"Trang “Tài khoản”, dòng {line}, cột “{column}”" in page
    assert "dòng 504, cột “Email”: Địa chỉ e-mail “thu-sai@” không hợp lệ." in page
    assert User.objects.count() == before  # the preview writes nothing

    done = client.post(url, {"action": "commit"})
    assert done.status_code == 302 and done["Location"] == reverse(
        "user_list", args=[tree["district_a"].pk]
    )
    assert User.objects.count() == before + 495
    assert not list((tmp_path / "media" / "account-imports").iterdir())  # the kept file is gone
    listing = client.get(done["Location"]).content.decode()
    assert "Vừa tạo 495 tài khoản." in listing

    audits = AuditEntry.objects.count()
    again = upload().content.decode()
    assert "Tạo mới: 0 · Cập nhật: 0 · Không đổi: 495 · Dòng lỗi: 5" in again
    assert "Ghi các dòng hợp lệ" not in again  # nothing to write
    assert client.post(url, {"action": "commit"}).status_code == 302  # "0 tạo mới"
    assert User.objects.count() == before + 495
    assert AuditEntry.objects.count() == audits


def test_the_web_page_refuses_a_file_that_is_not_a_workbook(client_for, tree, tmp_path):
    client = client_for("huyen")
    url = reverse("user_import", args=[tree["district_a"].pk])
    bad = tmp_path / "danh-sach.txt"
    bad.write_text("không phải bảng tính")
    with bad.open("rb") as f:
        page = client.post(url, {"action": "upload", "file": f}).content.decode()
    assert "Tệp “danh-sach.txt”: chỉ nhận tệp .xlsx, .xls hoặc .ods." in page


@pytest.mark.django_db
def test_previews_nobody_committed_are_removed_after_a_day(tmp_path, settings, capsys):
    """The daily job removes a kept preview file a day after upload (it holds names and
    phones); a file kept an hour ago stays, and a missing folder is no error."""
    import datetime as dt
    import os

    from django.core.files.storage import default_storage
    from django.utils import timezone

    from frontnet.accounts.bulk import kept_uploads_purge, upload_keep, upload_read
    from frontnet.notifications.tasks import daily_reminders_and_pruning

    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }
    assert kept_uploads_purge() == 0
    old, recent = upload_keep(data=b"old"), upload_keep(data=b"recent")
    two_days_ago = (timezone.now() - dt.timedelta(days=2)).timestamp()
    os.utime(default_storage.path(old), (two_days_ago, two_days_ago))
    daily_reminders_and_pruning.call()
    assert upload_read(name=old) is None and upload_read(name=recent) == b"recent"
    call_command("purge_kept_uploads", "--hours", "0")
    assert capsys.readouterr().out.strip().endswith("removed=1")
    assert upload_read(name=recent) is None
