"""Issue #11 items 1-3, 8, 12-14: hostile files, uploads, error pages, deploy settings."""

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError
from django.test import override_settings
from django.urls import reverse

from frontnet.core import hostile
from frontnet.core.filesafety import FileRejected, check_upload
from frontnet.core.sheets import read_workbook


def test_item1_a_cell_at_xfd1048576_is_refused_before_parsing():
    data = hostile.far_cell()
    assert len(data) < 2000
    with pytest.raises(FileRejected) as caught:
        read_workbook(data, "bom.xlsx")
    assert "1.048.576 dòng" in str(caught.value)
    assert "FRONTNET_SHEET_MAX_ROWS" in str(caught.value)


def test_item1_without_a_dimension_the_cells_are_scanned():
    with pytest.raises(FileRejected, match="FRONTNET_SHEET_MAX_ROWS"):
        read_workbook(hostile.far_cell(dimension=False), "bom.xlsx")


@override_settings(FRONTNET_SHEET_MAX_ROWS=10**8, FRONTNET_SHEET_MAX_COLS=10**6)
def test_item1_past_the_checks_calamine_dies_in_the_child_not_here():
    # With the size checks out of the way calamine asks for ~512 GB: the child process hits
    # its memory limit and dies; this process (the web server) goes on.
    with pytest.raises(FileRejected, match="FRONTNET_SHEET_PARSE_MAX_BYTES"):
        read_workbook(hostile.far_cell(), "bom.xlsx")
    assert read_workbook(hostile.odd_sheet_names(), "ok.xlsx")  # still alive and reading


@override_settings(FRONTNET_SHEET_MAX_ROWS=1000)
def test_item2_rows_past_the_limit_are_refused_naming_the_limit():
    with pytest.raises(FileRejected) as caught:
        read_workbook(hostile.many_rows(1500), "dong.xlsx")
    assert "1.501 dòng, quá 1.000 dòng" in str(caught.value)


@override_settings(FRONTNET_SHEET_MAX_COLS=5)
def test_item2_columns_past_the_limit_are_refused():
    cells = [(0, 0, "Họ và tên"), (0, 1, "Đơn vị"), (1, 7, "x")]
    data = hostile.workbook({"Cán bộ": hostile.sheet_xml(cells)})
    with pytest.raises(FileRejected, match="8 cột, quá 5 cột"):
        read_workbook(data, "cot.xlsx")


def test_item2_what_a_zip_unpacks_to_is_capped_before_parsing():
    data = hostile.unpacked_bomb(220)  # 220 MB of XML in a few hundred KB
    assert len(data) < 2_000_000
    with pytest.raises(FileRejected, match="FRONTNET_UNPACKED_MAX_BYTES"):
        read_workbook(data, "bom.xlsx")


def test_item2_a_member_compressed_past_the_ratio_is_refused():
    with pytest.raises(FileRejected, match="FRONTNET_UNPACKED_MAX_RATIO"):
        read_workbook(hostile.unpacked_bomb(20), "nen.xlsx")


@override_settings(FRONTNET_SHEET_MAX_ROWS=100)
def test_item2_cells_the_scan_cannot_see_are_checked_in_the_child():
    # Rows and cells without an `r` reference (allowed in OOXML): the first gate sees no
    # extent; the child measures the parsed sheet before its cells become Python objects.
    rows = "".join(f'<row><c t="inlineStr"><is><t>r{i}</t></is></c></row>' for i in range(150))
    xml = (
        '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
        f'spreadsheetml/2006/main"><sheetData>{rows}</sheetData></worksheet>'
    )
    with pytest.raises(FileRejected, match="150 dòng, quá 100"):
        read_workbook(hostile.workbook({"Cán bộ": xml}), "dong.xlsx")


def test_check_upload_knows_files_by_their_content():
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 20
    assert check_upload(SimpleUploadedFile("a.png", png), allowed=("png",)) == "png"
    assert check_upload(hostile.odd_sheet_names(), allowed=("xlsx",)) == "xlsx"
    with pytest.raises(ValidationError, match="không phải loại được nhận"):
        check_upload(SimpleUploadedFile("anh.png", b"%PDF-1.4 ..."), allowed=("png", "jpeg"))
    with pytest.raises(ValidationError, match="quá lớn"):
        check_upload(SimpleUploadedFile("a.pdf", b"%PDF-" + b"0" * 2000), max_bytes=1000)


# --- Item 3: the size is refused while the upload streams in ---------------------------------


@override_settings(FRONTNET_UPLOAD_MAX_BYTES=1024 * 1024)
def test_item3_an_upload_past_the_limit_is_stopped_while_streaming(client_for, tree, settings):
    from frontnet.core.uploads import SizeLimitUploadHandler
    from frontnet.workbooks.models import ImportBatch

    seen = []
    original = SizeLimitUploadHandler.receive_data_chunk

    def spy(self, raw_data, start):
        seen.append(start + len(raw_data))
        return original(self, raw_data, start)

    client = client_for("huyen")
    big = SimpleUploadedFile("lon.xlsx", b"PK\x03\x04" + b"\0" * 5_000_000)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(SizeLimitUploadHandler, "receive_data_chunk", spy)
        response = client.post(reverse("batch_upload", args=[tree["district_a"].pk]), {"file": big})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Tệp “lon.xlsx” quá lớn (tối đa 1 MB); hệ thống đã dừng nhận tệp." in page
    assert max(seen) <= 1024 * 1024 + 65_536 * 2  # stopped within a chunk of the limit
    assert not ImportBatch.objects.exists()


# --- Item 8: "database is locked" is a 503 with Retry-After ----------------------------------


def test_item8_database_locked_is_a_503_asking_to_try_again(client_for, tree, monkeypatch):
    from frontnet.units import views

    def locked(*args, **kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(views, "render", locked)
    client = client_for("huyen")
    client.raise_request_exception = False
    response = client.get(reverse("unit_detail", args=[tree["district_a"].pk]))
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "thử lại sau ít phút" in response.content.decode()


def test_item8_sqlite_busy_timeout_is_set_deliberately(settings):
    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        assert database["OPTIONS"]["timeout"] == 15


# --- Item 12: error pages --------------------------------------------------------------------


@override_settings(DEBUG=False)
def test_item12_error_pages_are_vietnamese_with_the_nav_and_a_way_back(client_for, tree):
    client = client_for("xa")
    missing = client.get("/khong-co-trang-nay/")
    assert missing.status_code == 404
    page = missing.content.decode()
    assert "Không tìm thấy trang" in page and 'class="top"' in page and "Về trang chủ" in page
    forbidden = client.get(reverse("batch_upload", args=[tree["province"].pk]))
    assert forbidden.status_code in (403, 404)
    edit = client.get(reverse("unit_edit", args=[tree["district_a"].pk]))
    assert edit.status_code in (403, 404)
    assert "Về trang chủ" in edit.content.decode()


def test_item12_the_403_page(rf, users):
    from django.template.loader import render_to_string

    html = render_to_string("403.html", {"user": users["xa"]})
    assert "Bạn không có quyền làm việc này" in html and "Về trang chủ" in html


@override_settings(DEBUG=False)
def test_item12_csrf_failure_is_vietnamese(users):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(users["xa"])
    response = client.post(reverse("logout"))
    assert response.status_code == 403
    assert "Không gửi được biểu mẫu" in response.content.decode()


def test_item12_the_500_page_renders_without_a_request():
    from django.template.loader import get_template

    html = get_template("500.html").render()
    assert "Đã xảy ra lỗi hệ thống" in html and "Về trang chủ" in html


# --- Item 13: deploy settings ----------------------------------------------------------------


def test_item13_refuses_to_start_with_debug_off_and_the_development_key(settings):
    from frontnet.core.deploy import refuse_development_key

    settings.DEBUG = False
    settings.SECRET_KEY = settings.DEVELOPMENT_SECRET_KEY
    with pytest.raises(ImproperlyConfigured, match="DJANGO_SECRET_KEY"):
        refuse_development_key()
    settings.SECRET_KEY = "x" * 60
    refuse_development_key()


def test_item13_check_deploy_is_clean_in_the_documented_production_settings(tmp_path):
    import os
    import subprocess
    import sys

    # A deployment never sets the test-only async escape hatch the browser tests use.
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {
        **inherited,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "vN3q-8Zk_r2LwX7pT0bYcF5mH1sJ9dG4eA6uQ-oKiWlRzEyMnVtBxCpD",
        "DJANGO_SECURE_COOKIES": "1",
        "DJANGO_SSL_REDIRECT": "1",
        "DJANGO_HSTS_SECONDS": "31536000",
        "DJANGO_HSTS_INCLUDE_SUBDOMAINS": "1",
        "DJANGO_HSTS_PRELOAD": "1",
        "DJANGO_PROXY_SSL_HEADER": "1",
        "EMAIL_URL": "smtp://frontnet:secret@mail.example.org:587",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    done = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout


def test_item13_pages_carry_a_csp_and_no_inline_script(client_for, tree):
    import re
    from pathlib import Path

    response = client_for("huyen").get(reverse("unit_detail", args=[tree["district_a"].pk]))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in policy and "default-src 'self'" in policy
    templates = Path(__file__).resolve().parents[2] / "frontnet" / "templates"
    for path in templates.rglob("*.html"):
        text = path.read_text()
        assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*nonce=)", text), path
        assert not re.search(r"\s(style|on[a-z]+)=\"", text), path


# --- Item 14: per-address throttling across usernames ----------------------------------------


@override_settings(FRONTNET_LOGIN_IP_LIMIT=6)
def test_item14_one_address_spraying_many_usernames_is_locked_out(client, users):
    for n in range(6):  # six usernames, one wrong password each: under axes's per-user limit
        response = client.post(reverse("login"), {"username": f"ai{n}", "password": "sai"})
        assert response.status_code == 200
    response = client.post(reverse("login"), {"username": "xa", "password": "sai-nua"})
    assert response.status_code == 429
    assert "Tạm khoá đăng nhập" in response.content.decode()
