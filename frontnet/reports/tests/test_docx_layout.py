import datetime as dt
import io

from docx import Document
from docx.shared import Pt

from conftest import libreoffice_convert
from frontnet.reports.docx_report import ReportData, report_docx
from frontnet.reports.vnformat import vn_date_line, vn_number, vn_percent


def sample() -> ReportData:
    return ReportData(
        body_name="ỦY BAN MTTQ VIỆT NAM TỈNH NGHỆ AN",
        office="BAN THƯỜNG TRỰC",
        number="Số:      /BC-MTTQ",
        place="Nghệ An",
        day=dt.date(2022, 2, 5),
        title="BÁO CÁO",
        subtitle="Kết quả thi đua tháng 01/2022",
        paragraphs=["Toàn tỉnh có 1.234 cán bộ.", "Các đơn vị làm tốt: huyện Nghi Lộc."],
        headings={0: "I. KẾT QUẢ CHUNG"},
        table_header=["STT", "Đơn vị", "Điểm", "Xếp hạng"],
        table_rows=[["1", "Huyện Nghi Lộc", "92,5", "1"], ["2", "Thị xã Thái Hoà", "80,0", "2"]],
        recipients=["Ban Thường trực UBTW MTTQ Việt Nam (để b/c);", "Lưu: VT."],
        signer_title="PHÓ CHỦ TỊCH",
        signer_name="Nguyễn Văn A",
    )


def test_vietnamese_number_and_date_formats():
    assert vn_number(1234567) == "1.234.567"
    assert vn_number(92.45, 1) == "92,5"
    assert vn_number(-0.5, 1) == "-0,5"
    assert vn_percent(0.5) == "50,0%"
    assert vn_date_line("Nghệ An", dt.date(2022, 1, 5)) == "Nghệ An, ngày 05 tháng 01 năm 2022"


def test_layout_follows_the_administrative_document_rules():
    document = Document(io.BytesIO(report_docx(sample())))
    section = document.sections[0]

    # Word stores lengths in twentieths of a point: compare in whole millimetres.
    def mm(length):
        return round(length.mm)

    assert (mm(section.page_width), mm(section.page_height)) == (210, 297)
    assert (mm(section.top_margin), mm(section.bottom_margin)) == (20, 20)
    assert (mm(section.left_margin), mm(section.right_margin)) == (30, 15)
    header = document.tables[0].rows[0].cells
    assert [p.text for p in header[0].paragraphs] == [
        "ỦY BAN MTTQ VIỆT NAM TỈNH NGHỆ AN",
        "BAN THƯỜNG TRỰC",
        "Số:      /BC-MTTQ",
    ]
    assert header[1].paragraphs[0].text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert header[1].paragraphs[1].text == "Độc lập - Tự do - Hạnh phúc"
    date_line = header[1].paragraphs[2]
    assert date_line.text == "Nghệ An, ngày 05 tháng 02 năm 2022" and date_line.runs[0].italic
    runs = [r for p in document.paragraphs for r in p.runs]
    assert {r.font.name for r in runs} == {"Times New Roman"}
    assert {r.font.size for r in runs} <= {Pt(13), Pt(14)}
    texts = [p.text for p in document.paragraphs]
    assert "BÁO CÁO" in texts and "Kết quả thi đua tháng 01/2022" in texts
    table = document.tables[1]
    assert [c.text for c in table.rows[0].cells] == ["STT", "Đơn vị", "Điểm", "Xếp hạng"]
    assert [r.cells[1].text for r in table.rows[1:]] == ["Huyện Nghi Lộc", "Thị xã Thái Hoà"]
    footer = document.tables[2].rows[0].cells
    assert footer[0].paragraphs[0].text == "Nơi nhận:"
    assert [p.text for p in footer[1].paragraphs if p.text] == [
        "TM. BAN THƯỜNG TRỰC",
        "PHÓ CHỦ TỊCH",
        "Nguyễn Văn A",
    ]


def test_report_converts_to_pdf_with_libreoffice(tmp_path):
    source = tmp_path / "bao-cao.docx"
    source.write_bytes(report_docx(sample()))
    assert libreoffice_convert(source, "pdf", needs_writer=True).startswith(b"%PDF")
