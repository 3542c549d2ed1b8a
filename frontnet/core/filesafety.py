"""The one guard in front of every file from outside.

Spreadsheets (`guarded_parse`, used by `core.sheets.read_workbook`, so the workbook import,
residential committees and every later upload get it) pass three gates:

1. Before anything is parsed, from the file's bytes alone: for a zip (xlsx, ods) each
   member's declared uncompressed size, their total and their compression ratio; for an
   xlsx each worksheet's declared `<dimension ref=…>` and the largest row and column that
   its cells name, by a streaming scan (the XML is never held whole).
2. The parse runs in a child process (`python -m frontnet.core.sheet_parse`) with an address
   space limit (RLIMIT_AS) and a time-out: a runaway allocation, a Rust abort in calamine or
   an endless parse kills the child, never the web server or the task worker.
3. In the child, each sheet's extent is checked before its cells become Python objects
   (this is the check for xls and ods, whose layouts the first gate does not read).

What breaks a limit raises `FileRejected` (an `UnreadableFile`) with a Vietnamese message
naming the limit and its setting. The limits are settings (FRONTNET_SHEET_MAX_ROWS, …) with
defaults that a real province file never reaches.

Attachments (`check_upload`) are recognised by their content (magic bytes), not by their
name, and capped in size.
"""

import html
import io
import pickle
import re
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from . import sheet_parse

MB = 1024 * 1024
DEFAULTS = {
    "FRONTNET_SHEET_MAX_ROWS": 200_000,
    "FRONTNET_SHEET_MAX_COLS": 200,
    "FRONTNET_UNPACKED_MAX_BYTES": 200 * MB,
    # A member may compress this well only when it is small (sheets of repeated text reach ~60).
    "FRONTNET_UNPACKED_MAX_RATIO": 200,
    "FRONTNET_SHEET_PARSE_MAX_BYTES": 2048 * MB,
    "FRONTNET_SHEET_PARSE_TIMEOUT": 120,
}
RATIO_FROM_BYTES = 1 * MB  # below this a member's ratio is not judged


def limit(name: str) -> int:
    return int(getattr(settings, name, DEFAULTS[name]))


class UnreadableFile(ValueError):
    """The file cannot be read at all; the message says why, in Vietnamese."""


class FileRejected(UnreadableFile):
    """A file from outside broke one of the guard's limits; the message says which."""


def _rejected(filename: str, what: str, setting: str) -> FileRejected:
    return FileRejected(
        _("Tệp “%(file)s” bị từ chối: %(what)s (giới hạn %(setting)s).")
        % {"file": filename, "what": what, "setting": setting}
    )


def _megabytes(size: int) -> str:
    return f"{size / MB:,.0f} MB".replace(",", ".")


# --- Gate 1: what the zip and the sheets declare ----------------------------------------------

_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="([A-Z]+[0-9]+:)?([A-Z]+)([0-9]+)"')
_PREFIX = re.compile(rb"<(\w+:)?worksheet[\s>]")
# A cell that holds something, its reference first as every writer puts it (a styled empty
# cell, `<c r="X9" s="1"/>`, is skipped: calamine does not count it). A cell written another
# way escapes this scan, not the child's memory limit and extent check.
_CELL = '<{prefix}c r="([A-Z]{{1,4}})([0-9]{{1,8}})"([^>]*)>'


def _column_number(letters: bytes) -> int:
    number = 0
    for ch in letters:
        number = number * 26 + (ch - 64)
    return number


def check_zip(data: bytes, filename: str) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return  # not a zip after all: the parser says it cannot read it
    total_limit = limit("FRONTNET_UNPACKED_MAX_BYTES")
    ratio_limit = limit("FRONTNET_UNPACKED_MAX_RATIO")
    total = 0
    for info in members:
        total += info.file_size
        if info.file_size > total_limit or total > total_limit:
            raise _rejected(
                filename,
                _("nội dung giải nén quá %(limit)s") % {"limit": _megabytes(total_limit)},
                "FRONTNET_UNPACKED_MAX_BYTES",
            )
        if info.file_size > RATIO_FROM_BYTES and info.file_size > ratio_limit * max(
            info.compress_size, 1
        ):
            raise _rejected(
                filename,
                _("phần “%(member)s” nén hơn %(ratio)s lần, không phải bảng tính thật")
                % {"member": info.filename[:80], "ratio": ratio_limit},
                "FRONTNET_UNPACKED_MAX_RATIO",
            )
    names = _sheet_names(archive)
    for info in members:
        if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
            _check_worksheet(archive, info, filename, names.get(info.filename))


def _sheet_names(archive: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet member -> the sheet's name, for the message (best effort)."""
    try:
        book = archive.read("xl/workbook.xml")
        rels = archive.read("xl/_rels/workbook.xml.rels")
    except (KeyError, zipfile.BadZipFile, zlib.error, OSError):
        return {}
    targets = dict(re.findall(rb'Id="([^"]+)"[^>]*?Target="([^"]+)"', rels))
    targets |= {k: v for v, k in re.findall(rb'Target="([^"]+)"[^>]*?Id="([^"]+)"', rels)}
    found = {}
    for name, rid in re.findall(
        rb'<(?:\w+:)?sheet\s[^>]*?name="([^"]*)"[^>]*?r:id="([^"]+)"', book
    ):
        target = targets.get(rid, b"").decode("utf-8", "replace")
        path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        found[path] = html.unescape(name.decode("utf-8", "replace"))
    return found


def _check_worksheet(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, filename: str, sheet: str | None
) -> None:
    """The declared dimension, then the largest row and column its cells name, reading the
    member's XML a chunk at a time."""
    max_rows, max_cols = limit("FRONTNET_SHEET_MAX_ROWS"), limit("FRONTNET_SHEET_MAX_COLS")
    rows = cols = 0
    head = True
    cells = None
    tail = b""
    try:
        with archive.open(info) as handle:
            while chunk := handle.read(1 * MB):
                text = tail + chunk
                if head:
                    head = False
                    found = _DIMENSION.search(text, 0, 65536)
                    if found:
                        rows = max(rows, int(found.group(3)))
                        cols = max(cols, _column_number(found.group(2)))
                    prefix = _PREFIX.search(text, 0, 4096)
                    prefix = (prefix.group(1) or b"").decode() if prefix else ""
                    cells = re.compile(_CELL.format(prefix=re.escape(prefix)).encode())
                for match in cells.finditer(text):
                    if not match.group(3).endswith(b"/"):
                        cols = max(cols, _column_number(match.group(1)))
                        rows = max(rows, int(match.group(2)))
                if rows > max_rows or cols > max_cols:
                    break
                tail = text[-256:]  # a tag cut in two by the chunk edge is seen whole next time
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError):
        return  # a broken member: the parser says the file cannot be read
    check_extent(filename, sheet or _sheet_label(info.filename), rows, cols)


def _sheet_label(member: str) -> str:
    return Path(member).stem


def check_extent(filename: str, sheet: str, rows: int, cols: int) -> None:
    max_rows, max_cols = limit("FRONTNET_SHEET_MAX_ROWS"), limit("FRONTNET_SHEET_MAX_COLS")
    if rows > max_rows:
        raise _rejected(
            filename,
            _("trang “%(sheet)s” có %(rows)s dòng, quá %(limit)s dòng")
            % {
                "sheet": sheet,
                "rows": f"{rows:,}".replace(",", "."),
                "limit": f"{max_rows:,}".replace(",", "."),
            },
            "FRONTNET_SHEET_MAX_ROWS",
        )
    if cols > max_cols:
        raise _rejected(
            filename,
            _("trang “%(sheet)s” có %(cols)s cột, quá %(limit)s cột")
            % {"sheet": sheet, "cols": f"{cols:,}".replace(",", "."), "limit": max_cols},
            "FRONTNET_SHEET_MAX_COLS",
        )


# --- Gate 2 and 3: the parse in a child process ----------------------------------------------


def guarded_parse(data: bytes, filename: str) -> list[tuple[str, list, dict]]:
    """[(sheet name, rows, hyperlinks)] of a spreadsheet, read behind the three gates.
    Raises UnreadableFile (FileRejected when a limit was broken)."""
    if data[:4] == b"PK\x03\x04":
        check_zip(data, filename)
    memory, timeout = limit("FRONTNET_SHEET_PARSE_MAX_BYTES"), limit("FRONTNET_SHEET_PARSE_TIMEOUT")
    command = [
        sys.executable,
        "-m",
        "frontnet.core.sheet_parse",
        str(memory),
        str(limit("FRONTNET_SHEET_MAX_ROWS")),
        str(limit("FRONTNET_SHEET_MAX_COLS")),
    ]
    try:
        done = subprocess.run(
            command,
            input=data,
            capture_output=True,
            timeout=timeout,
            cwd=str(Path(__file__).resolve().parents[2]),
            env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
        )
    except subprocess.TimeoutExpired:
        raise _rejected(
            filename,
            _("đọc tệp quá %(seconds)s giây") % {"seconds": timeout},
            "FRONTNET_SHEET_PARSE_TIMEOUT",
        ) from None
    if done.returncode != 0:
        # Killed by the memory limit (Rust aborts when an allocation fails) or crashed.
        raise _rejected(
            filename,
            _("đọc tệp cần quá %(limit)s bộ nhớ") % {"limit": _megabytes(memory)},
            "FRONTNET_SHEET_PARSE_MAX_BYTES",
        )
    status, payload = pickle.loads(done.stdout)
    if status == sheet_parse.TOO_BIG:
        sheet, rows, cols = payload
        check_extent(filename, sheet, rows, cols)
    if status != sheet_parse.OK:
        raise UnreadableFile(
            _("Không đọc được tệp “%(file)s”: không phải bảng tính Excel hoặc ODS hợp lệ.")
            % {"file": filename}
        )
    return payload


# --- Attachments ----------------------------------------------------------------------------

SIGNATURES = {
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpeg": (b"\xff\xd8\xff",),
    "gif": (b"GIF87a", b"GIF89a"),
    "pdf": (b"%PDF-",),
    "xls": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
}
KINDS = ("png", "jpeg", "gif", "webp", "pdf", "xlsx", "xls", "ods", "csv")


def sniff(head: bytes, data_for_zip: bytes | None = None) -> str | None:
    """The kind of a file from its first bytes (and, for a zip, its members)."""
    for kind, marks in SIGNATURES.items():
        if any(head.startswith(m) for m in marks):
            return kind
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head[:4] == b"PK\x03\x04" and data_for_zip is not None:
        try:
            archive = zipfile.ZipFile(io.BytesIO(data_for_zip))
            names = set(archive.namelist())
            if "xl/workbook.xml" in names:
                return "xlsx"
            if "mimetype" in names and archive.read("mimetype").startswith(
                b"application/vnd.oasis.opendocument.spreadsheet"
            ):
                return "ods"
        except (zipfile.BadZipFile, KeyError, OSError):
            return None
        return None
    try:
        text = head.decode("utf-8-sig")
    except UnicodeDecodeError:
        # The head may end inside a multi-byte character.
        try:
            text = head[:-3].decode("utf-8-sig")
        except UnicodeDecodeError:
            return None
    if "\x00" not in text and text.strip():
        return "csv"
    return None


def check_upload(upload, *, allowed=KINDS, max_bytes: int = 10 * MB) -> str:
    """The kind of an uploaded file (an UploadedFile or bytes), recognised by its content.
    Raises django.core.exceptions.ValidationError (Vietnamese) when it is too large or not
    one of `allowed`."""
    from django.core.exceptions import ValidationError

    name = getattr(upload, "name", "") or _("tệp")
    if isinstance(upload, bytes):
        data = upload
        size = len(data)
    else:
        size = upload.size
        if size > max_bytes:
            data = b""
        else:
            upload.seek(0)
            data = upload.read()
            upload.seek(0)
    if size > max_bytes:
        raise ValidationError(
            _("Tệp “%(file)s” quá lớn (%(size)s, tối đa %(limit)s).")
            % {"file": name, "size": _megabytes(size), "limit": _megabytes(max_bytes)},
            code="too_large",
        )
    kind = sniff(data[:4096], data)
    if kind is None or kind not in allowed:
        raise ValidationError(
            _("Tệp “%(file)s” không phải loại được nhận (%(kinds)s).")
            % {"file": name, "kinds": ", ".join(allowed)},
            code="wrong_kind",
        )
    if kind in ("xlsx", "ods"):
        try:
            check_zip(data, name)
        except FileRejected as exc:
            raise ValidationError(str(exc), code="rejected") from None
    return kind
