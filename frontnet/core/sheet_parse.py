"""The part of reading a spreadsheet that runs in a child process (see filesafety.py).

No Django here: the child starts with a bare interpreter, sets its own memory limit before
calamine is imported, parses, and writes the sheets back to its parent as a pickle. A file
that makes calamine allocate without bound (or abort in Rust) kills this process only.

Run as `python -m frontnet.core.sheet_parse MAX_BYTES MAX_ROWS MAX_COLS` with the file on
standard input.
"""

import io
import pickle
import re
import sys
import zipfile
from xml.etree import ElementTree

# What the child tells its parent besides the sheets (exit code 0 with a pickled tuple).
OK, UNREADABLE, TOO_BIG = "ok", "unreadable", "too_big"

_NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
}


def cell_index(ref: str) -> tuple[int, int]:
    letters = re.match(r"[A-Z]+", ref).group(0)
    col = 0
    for ch in letters:
        col = col * 26 + (ord(ch) - 64)
    return int(ref[len(letters) :]) - 1, col - 1


def _sheet_without_cells(handle) -> ElementTree.Element:
    """A worksheet's XML with its rows emptied as they stream past: the hyperlinks come after
    the cells, and a sheet of 50,000 rows held whole as a tree takes hundreds of megabytes."""
    row = f"{{{_NS['m']}}}row"
    events = ElementTree.iterparse(handle, events=("end",))
    for _event, node in events:
        if node.tag == row:
            node.clear()
    return events.root


def xlsx_links(data: bytes, names: list[str]) -> dict[str, dict]:
    """Hyperlink targets per sheet name, for cells that show other text ("Facebook") than
    the link (calamine reads values only)."""
    found: dict[str, dict] = {}
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, zipfile.BadZipFile, ElementTree.ParseError):
        return found
    targets = {r.get("Id"): r.get("Target") for r in rels.findall("rel:Relationship", _NS)}
    wanted = set(names)
    for node in workbook.findall("m:sheets/m:sheet", _NS):
        name = node.get("name")
        target = targets.get(node.get(f"{{{_NS['r']}}}id"), "")
        if name not in wanted or not target:
            continue
        path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        rels_path = path.replace("worksheets/", "worksheets/_rels/") + ".rels"
        try:
            # A sheet without relationships has no hyperlinks: its cells need not be read.
            sheet_rels = ElementTree.fromstring(archive.read(rels_path))
            links = {
                r.get("Id"): r.get("Target")
                for r in sheet_rels.findall("rel:Relationship", _NS)
                if r.get("Type", "").endswith("/hyperlink")
            }
            if not links:
                continue
            with archive.open(path) as handle:
                xml = _sheet_without_cells(handle)
        except (KeyError, ElementTree.ParseError):
            continue
        for link in xml.findall("m:hyperlinks/m:hyperlink", _NS):
            url = links.get(link.get(f"{{{_NS['r']}}}id"))
            if url and link.get("ref"):
                first = link.get("ref").split(":")[0]
                found.setdefault(name, {})[cell_index(first)] = url
    return found


def parse(data: bytes, max_rows: int, max_cols: int) -> tuple:
    """(OK, [(name, rows, links)]) or (UNREADABLE, detail) or (TOO_BIG, (sheet, rows, cols))."""
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = []
        for name in book.sheet_names:
            sheet = book.get_sheet_by_name(name)
            # The sheet's extent is known before its cells become Python objects.
            if sheet.height > max_rows or sheet.width > max_cols:
                return TOO_BIG, (name, sheet.height, sheet.width)
            sheets.append((name, sheet.to_python(skip_empty_area=False)))
    except Exception as exc:  # calamine raises several kinds for unreadable files
        return UNREADABLE, f"{type(exc).__name__}: {exc}"[:500]
    links = xlsx_links(data, [n for n, _rows in sheets]) if data[:4] == b"PK\x03\x04" else {}
    return OK, [(name, rows, links.get(name, {})) for name, rows in sheets]


def main() -> None:
    max_bytes, max_rows, max_cols = (int(v) for v in sys.argv[1:4])
    if max_bytes > 0:
        import resource

        # Before calamine is loaded: every later allocation counts against the limit.
        resource.setrlimit(resource.RLIMIT_AS, (max_bytes, max_bytes))
    data = sys.stdin.buffer.read()
    result = parse(data, max_rows, max_cols)
    sys.stdout.buffer.write(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
    sys.stdout.buffer.flush()


if __name__ == "__main__":
    main()
