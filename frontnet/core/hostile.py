"""Hostile spreadsheets, built by hand (no Excel writer would make them), for the guard's
tests and bench/faults.py. Each is what an attacker with the lowest role could upload."""

import io
import zipfile
from xml.sax.saxutils import escape

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    "{sheets}</Types>"
)
_SHEET_TYPE = (
    '<Override PartName="/xl/worksheets/sheet{n}.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _column(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell(row: int, col: int, text: str) -> str:
    """One inline-string cell at (row, col), both 0-based."""
    return f'<c r="{_column(col)}{row + 1}" t="inlineStr"><is><t>{escape(str(text))}</t></is></c>'


def sheet_xml(cells: list[tuple[int, int, str]], dimension: str | None = None) -> str:
    rows: dict[int, list[str]] = {}
    for row, col, text in sorted(cells):
        rows.setdefault(row, []).append(cell(row, col, text))
    body = "".join(f'<row r="{r + 1}">{"".join(c)}</row>' for r, c in rows.items())
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{_MAIN}">{dim}<sheetData>{body}</sheetData></worksheet>'


def workbook(sheets: dict[str, object]) -> bytes:
    """An xlsx of `sheets` ({name: worksheet XML text, or a callable writing the XML to a
    binary file}), with names as given, even ones Excel itself would refuse."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        names = list(sheets)
        archive.writestr(
            "[Content_Types].xml",
            _CONTENT_TYPES.format(
                sheets="".join(_SHEET_TYPE.format(n=i + 1) for i in range(len(names)))
            ),
        )
        archive.writestr("_rels/.rels", _ROOT_RELS)
        entries = "".join(
            f'<sheet name="{escape(name, {chr(34): "&quot;"})}" sheetId="{i + 1}" r:id="rId{i + 1}"/>'
            for i, name in enumerate(names)
        )
        archive.writestr(
            "xl/workbook.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{_MAIN}" xmlns:r="{_REL}">'
            f"<sheets>{entries}</sheets></workbook>",
        )
        rels = "".join(
            f'<Relationship Id="rId{i + 1}" Type="{_REL}/worksheet" Target="worksheets/sheet{i + 1}.xml"/>'
            for i in range(len(names))
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            f'openxmlformats.org/package/2006/relationships">{rels}</Relationships>',
        )
        for i, content in enumerate(sheets.values()):
            if callable(content):
                with archive.open(f"xl/worksheets/sheet{i + 1}.xml", "w", force_zip64=True) as f:
                    content(f)
            else:
                archive.writestr(f"xl/worksheets/sheet{i + 1}.xml", content)
    return buffer.getvalue()


def far_cell(*, dimension: bool = True) -> bytes:
    """Item 1: "Họ và tên" in A1 and one more cell at XFD1048576 (1.6 KB). calamine sizes
    the sheet's grid from its corners: 16,384 x 1,048,576 cells, about 512 GB."""
    cells = [(0, 0, "Họ và tên"), (0, 1, "Đơn vị"), (1_048_575, 16_383, "x")]
    return workbook({"Cán bộ": sheet_xml(cells, "A1:XFD1048576" if dimension else None)})


def many_rows(rows: int = 970_000, *, dimension: bool = True) -> bytes:
    """Item 2: a header and `rows` rows of the same short row (100 MB of XML at 970,000
    rows, some 350 KB zipped)."""

    def write(f) -> None:
        dim = f'<dimension ref="A1:C{rows + 1}"/>' if dimension else ""
        f.write(
            f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{_MAIN}">{dim}'
            "<sheetData>".encode()
        )
        f.write(
            f'<row r="1">{cell(0, 0, "Họ và tên")}{cell(0, 1, "Đơn vị")}{cell(0, 2, "Loại cán bộ")}</row>'.encode()
        )
        batch = []
        for r in range(1, rows + 1):
            batch.append(
                f'<row r="{r + 1}"><c r="A{r + 1}" t="inlineStr"><is><t>A</t></is></c></row>'
            )
            if len(batch) == 10_000:
                f.write("".join(batch).encode())
                batch = []
        f.write("".join(batch).encode())
        f.write(b"</sheetData></worksheet>")

    return workbook({"Cán bộ": write})


def unpacked_bomb(megabytes: int = 1024) -> bytes:
    """Item 2: a sheet of `megabytes` of XML (a 1 GB one zips to a few MB)."""

    def write(f) -> None:
        f.write(
            f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{_MAIN}"><sheetData>'.encode()
        )
        f.write(f'<row r="1">{cell(0, 0, "Họ và tên")}{cell(0, 1, "Đơn vị")}</row>'.encode())
        padding = b"<!--" + b" " * (1024 * 1024 - 7) + b"-->"
        for _ in range(megabytes):
            f.write(padding)
        f.write(b"</sheetData></worksheet>")

    return workbook({"Cán bộ": write})


ODD_SHEET_NAMES = ["Cán bộ [1]", "Cán bộ: 2024", "'Cán bộ'"]


def odd_sheet_names() -> bytes:
    """Item 4: sheets whose names xlsxwriter refuses, each with one row that is rejected
    (no category)."""
    sheets = {}
    for name in ODD_SHEET_NAMES:
        sheets[name] = sheet_xml(
            [
                (0, 0, "Họ và tên"),
                (0, 1, "Đơn vị"),
                (0, 2, "Loại cán bộ"),
                (1, 0, "Nguyễn Văn Thử"),
                (1, 1, "Xã An Một"),
                (1, 2, "không có loại này"),
            ]
        )
    return workbook(sheets)
