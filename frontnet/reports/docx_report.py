"""The report the standing committee signs, laid out as Vietnamese administrative documents
are (Decree 30/2020/NĐ-CP as the Front applies it): A4; margins 20 mm top and bottom, 30 mm
left, 15 mm right; Times New Roman 13–14; the issuing body at top left, the national motto at
top right, the number, the place and date in italics, the title, the body, "Nơi nhận" and the
signature block."""

import datetime as dt
import io
from dataclasses import dataclass, field

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from .vnformat import vn_date_line

FONT = "Times New Roman"


@dataclass
class ReportData:
    body_name: str  # "ỦY BAN MTTQ VIỆT NAM TỈNH NGHỆ AN"
    office: str  # "BAN THƯỜNG TRỰC"
    number: str  # "Số: …/BC-MTTQ"
    place: str  # "Nghệ An"
    day: dt.date
    title: str  # "BÁO CÁO"
    subtitle: str  # "Kết quả … tháng 01/2022"
    paragraphs: list[str] = field(default_factory=list)
    headings: dict[int, str] = field(default_factory=dict)  # paragraph index -> heading before it
    table_header: list[str] = field(default_factory=list)
    table_rows: list[list[str]] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    signer_for: str = "TM. BAN THƯỜNG TRỰC"
    signer_title: str = "CHỦ TỊCH"
    signer_name: str = ""


def _run(paragraph, text, *, size=14, bold=False, italic=False, underline=False):
    run = paragraph.add_run(text)
    run.font.name = FONT
    run.font.size = Pt(size)
    run.bold, run.italic, run.underline = bold, italic, underline
    # East Asian font slot too, so Word does not fall back for Vietnamese letters.
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    return run


def _para(
    container, text="", *, size=14, bold=False, italic=False, align=None, space_after=0, indent=None
):
    paragraph = container.add_paragraph()
    if text:
        _run(paragraph, text, size=size, bold=bold, italic=italic)
    fmt = paragraph.paragraph_format
    fmt.space_before, fmt.space_after = Pt(0), Pt(space_after)
    if align is not None:
        paragraph.alignment = align
    if indent is not None:
        fmt.first_line_indent = indent
    return paragraph


def _no_borders(table):
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _widths(table, widths):
    # Word honours cell widths only with autofit off and a width on every cell.
    table.autofit = False
    for grid_col, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths, strict=True):
        grid_col.set(qn("w:w"), str(int(width.twips)))
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width


def _short_rule(paragraph):
    """The short line under the issuing body and under the motto."""
    p_pr = paragraph._p.get_or_add_pPr()
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("val", "single"), ("sz", "6"), ("space", "1"), ("color", "000000")):
        bottom.set(qn(f"w:{key}"), value)
    border.append(bottom)
    p_pr.append(border)


def report_docx(data: ReportData) -> bytes:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(14)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)

    header = document.add_table(rows=1, cols=2)
    header.alignment = WD_TABLE_ALIGNMENT.CENTER
    _no_borders(header)
    _widths(header, [Cm(6.8), Cm(9.7)])
    left, right = header.rows[0].cells
    center = WD_ALIGN_PARAGRAPH.CENTER
    left.paragraphs[0].alignment = center
    _run(left.paragraphs[0], data.body_name, size=13)
    office = _para(left, data.office, size=13, bold=True, align=center)
    _short_rule(office)
    _para(left, data.number, size=13, align=center)
    right.paragraphs[0].alignment = center
    _run(right.paragraphs[0], "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=13, bold=True)
    motto = _para(right, "Độc lập - Tự do - Hạnh phúc", size=14, bold=True, align=center)
    _short_rule(motto)
    _para(right, vn_date_line(data.place, data.day), size=14, italic=True, align=center)

    _para(document, "", space_after=6)
    _para(document, data.title, size=14, bold=True, align=center)
    _para(document, data.subtitle, size=14, bold=True, align=center, space_after=12)

    for index, text in enumerate(data.paragraphs):
        if index in data.headings:
            _para(
                document,
                data.headings[index],
                bold=True,
                align=WD_ALIGN_PARAGRAPH.JUSTIFY,
                space_after=6,
                indent=Cm(1),
            )
        _para(document, text, align=WD_ALIGN_PARAGRAPH.JUSTIFY, space_after=6, indent=Cm(1))

    if data.table_header:
        table = document.add_table(rows=1, cols=len(data.table_header))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for cell, text in zip(table.rows[0].cells, data.table_header, strict=True):
            cell.paragraphs[0].alignment = center
            _run(cell.paragraphs[0], text, size=13, bold=True)
        for values in data.table_rows:
            cells = table.add_row().cells
            for col, (cell, text) in enumerate(zip(cells, values, strict=True)):
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.LEFT if col == 1 else center
                _run(cell.paragraphs[0], str(text), size=13)
        _para(document, "", space_after=6)

    footer = document.add_table(rows=1, cols=2)
    _no_borders(footer)
    _widths(footer, [Cm(8), Cm(8.5)])
    recipients, signature = footer.rows[0].cells
    _run(recipients.paragraphs[0], "Nơi nhận:", size=12, bold=True, italic=True)
    for line in data.recipients:
        _para(recipients, f"- {line}", size=11)
    signature.paragraphs[0].alignment = center
    _run(signature.paragraphs[0], data.signer_for, size=14, bold=True)
    _para(signature, data.signer_title, size=14, bold=True, align=center)
    for _ in range(4):
        _para(signature, "", size=14)
    _para(signature, data.signer_name, size=14, bold=True, align=center)

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
