"""What an attachment is, told by its content (magic bytes), never by its name.

Stand-in until the one upload guard of frontnet/core (`check_upload`, branch `harden`) is on
main: then `sniff_upload` should call it and this table goes.
"""

import io
import uuid
import zipfile

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _

MB = 1024 * 1024
MAX_BYTES = 10 * MB

# kind -> content type served
CONTENT_TYPES = {
    "png": "image/png",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "xls": "application/vnd.ms-excel",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
}
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"


def sniff(data: bytes) -> str | None:
    """The kind of a file from its first bytes (and, for zips, their members), else None."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "xls"  # OLE compound file: legacy Excel
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                names = set(z.namelist())
                if "mimetype" in names and z.read("mimetype").strip() == ODS_MIMETYPE:
                    return "ods"
                if "[Content_Types].xml" in names and any(n.startswith("xl/") for n in names):
                    return "xlsx"
        except (zipfile.BadZipFile, KeyError, ValueError):
            return None
    return None


def _megabytes(size: int) -> str:
    return f"{size / MB:.1f} MB"


def sniff_upload(upload) -> tuple[str, bytes]:
    """(kind, content) of an uploaded file; a Vietnamese ValidationError naming the file when
    it is too large or not an image, PDF or spreadsheet."""
    name = getattr(upload, "name", "") or _("tệp")
    if upload.size > MAX_BYTES:
        raise ValidationError(
            _("Tệp “%(file)s” quá lớn (%(size)s, tối đa %(limit)s).")
            % {"file": name, "size": _megabytes(upload.size), "limit": _megabytes(MAX_BYTES)}
        )
    upload.seek(0)
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ValidationError(
            _("Tệp “%(file)s” quá lớn (%(size)s, tối đa %(limit)s).")
            % {"file": name, "size": _megabytes(len(data)), "limit": _megabytes(MAX_BYTES)}
        )
    kind = sniff(data)
    if kind is None:
        raise ValidationError(
            _(
                "Tệp “%(file)s” không phải ảnh, PDF hay bảng tính (nội dung tệp được kiểm tra, "
                "không theo tên tệp)."
            )
            % {"file": name}
        )
    return kind, data


def store(data: bytes, *, kind: str) -> str:
    """Save the content under an opaque name (never the uploader's) and return that name."""
    from django.core.files.base import ContentFile

    return default_storage.save(f"support/{uuid.uuid4().hex}.{kind}", ContentFile(data))
