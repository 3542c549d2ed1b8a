"""The emulation report: the DOCX layout and contents, the XLSX rows, the command."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from docx import Document
from docx.shared import Pt
from python_calamine import CalamineWorkbook

from conftest import libreoffice_convert
from frontnet.accounts.models import User
from frontnet.reports.scoring_reports import scores_docx, scores_xlsx
from frontnet.scoring.models import Period
from frontnet.scoring.selectors import scoreboard
from frontnet.scoring.services import period_publish, scores_compute

pytestmark = pytest.mark.django_db

REPORT_DAY = dt.date(2022, 2, 5)


@pytest.fixture
def board(story, tree, users):
    # The scoring story (frontnet/scoring/tests/conftest.py): January 2022, huyện An 46,67 of
    # 60 points, huyện Bình 0 (its page was reported on 05/02).
    period = scores_compute(
        province=tree["province"], kind="month", start=dt.date(2022, 1, 1), by=users["tinh"]
    )
    period_publish(period=period, by=users["tinh"])
    return scoreboard(users["tinh"], tree["province"], period)


def mm(length):
    return round(length.mm)


def test_docx_follows_the_layout_and_lists_the_districts(board):
    document = Document(io.BytesIO(scores_docx(board, day=REPORT_DAY, signer_name="Nguyễn Văn A")))
    section = document.sections[0]
    assert (mm(section.page_width), mm(section.page_height)) == (210, 297)
    assert (mm(section.top_margin), mm(section.bottom_margin)) == (20, 20)
    assert (mm(section.left_margin), mm(section.right_margin)) == (30, 15)
    header = document.tables[0].rows[0].cells
    assert [p.text for p in header[0].paragraphs] == [
        "ỦY BAN MTTQ VIỆT NAM TỈNH THỬ",
        "BAN THƯỜNG TRỰC",
        "Số:      /BC-MTTQ",
    ]
    assert header[1].paragraphs[2].text == "Thử, ngày 05 tháng 02 năm 2022"
    runs = [r for p in document.paragraphs for r in p.runs]
    assert {r.font.name for r in runs} == {"Times New Roman"}
    assert {r.font.size for r in runs} <= {Pt(13), Pt(14)}
    texts = [p.text for p in document.paragraphs]
    assert "BÁO CÁO" in texts and "Kết quả chấm điểm thi đua tháng 01/2022" in texts
    body = "\n".join(texts)
    assert "số liệu tính đến ngày 31/01/2022" in body
    # Summary: two districts, mean (46,67 + 0) / 2 = 23,335 → 23,34.
    assert "2 đơn vị được chấm điểm; điểm bình quân 23,34/60,00 điểm" in body
    # The best and the worst quarter (of 2 units: one each way), above / below the mean.
    assert "cụ thể như: Ban Thường trực Ủy ban MTTQ Việt Nam huyện An (46,67 điểm)." in body
    assert "huyện Bình (0,00 điểm; còn thiếu: Cán bộ có tài khoản: 50% (1/2 cán bộ)" in body
    table = document.tables[1]
    assert [c.text for c in table.rows[0].cells] == ["STT", "Đơn vị", "Điểm", "Xếp hạng"]
    assert [[c.text for c in row.cells] for row in table.rows[1:]] == [
        ["1", "Huyện An", "46,67/60,00", "1"],
        ["2", "Huyện Bình", "0,00/60,00", "2"],
    ]
    footer = document.tables[2].rows[0].cells
    assert footer[0].paragraphs[0].text == "Nơi nhận:"
    assert [p.text for p in footer[1].paragraphs if p.text] == [
        "TM. BAN THƯỜNG TRỰC",
        "CHỦ TỊCH",
        "Nguyễn Văn A",
    ]


def test_xlsx_holds_the_ranking_and_the_breakdown(board):
    book = CalamineWorkbook.from_filelike(io.BytesIO(scores_xlsx(board)))
    ranking = book.get_sheet_by_name("Xếp hạng").to_python()
    rows = [r for r in ranking[5:] if r and r[1]]
    assert [(r[1], r[4], r[6]) for r in rows] == [
        ("Huyện An", 46.67, "1/2"),
        ("Huyện Bình", 0.0, "2/2"),
        ("Xã An Hai", 40.0, "1/3"),
        ("Xã An Một", 40.0, "1/3"),
        ("Xã Bình Một", 0.0, "3/3"),
    ]
    detail = book.get_sheet_by_name("Chi tiết theo tiêu chí").to_python()
    assert len([r for r in detail[4:] if r and r[0]]) == 5 * 2  # two criteria per unit


def test_report_command_writes_docx_and_xlsx(board, tmp_path):
    out = tmp_path / "bao-cao.docx"
    call_command("report", "--unit", "99", "--period", "2022-01", "--format", "docx", "-o", out)
    assert Document(str(out)).tables[1].rows[1].cells[1].text == "Huyện An"
    out = tmp_path / "bang.xlsx"
    call_command(
        "report",
        "--unit",
        "991",
        "--period",
        "2022-01",
        "--format",
        "xlsx",
        "-o",
        out,
        "--as",
        "huyen",
    )
    ranking = CalamineWorkbook.from_path(str(out)).get_sheet_by_name("Xếp hạng").to_python()
    assert [r[1] for r in ranking[5:] if r and r[1]] == ["Huyện An", "Xã An Hai", "Xã An Một"]


def test_compute_scores_command(story, tree):
    call_command("compute_scores", "--period", "2022-02", "--province", "99")
    assert Period.objects.get(start=dt.date(2022, 2, 1)).scores.count() == 6
    assert User.objects.count() == 0  # no user needed to run it


def test_scoring_report_converts_to_pdf(board, tmp_path):
    source = tmp_path / "thi-dua.docx"
    source.write_bytes(scores_docx(board, day=REPORT_DAY))
    assert libreoffice_convert(source, "pdf", needs_writer=True).startswith(b"%PDF")


def test_doing_well_and_lagging_take_a_quarter_each_way_with_ties():
    from decimal import Decimal
    from types import SimpleNamespace

    from frontnet.reports.scoring_reports import doing_well_and_lagging

    points = {"A": 90, "B": 80, "C": 80, "D": 60, "E": 50, "F": 40, "G": 30, "H": 30}
    scores = [SimpleNamespace(unit_name=n, points=Decimal(p)) for n, p in points.items()]
    good, lagging = doing_well_and_lagging(scores)
    # 8 units: a quarter is 2; B and C tie at the cut, so both are named. Mean 57,5.
    assert [s.unit_name for s in good] == ["A", "B", "C"]
    assert [s.unit_name for s in lagging] == ["H", "G"]
