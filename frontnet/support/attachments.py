"""What an attachment is, told by its content, never by its name: through the one upload
guard of frontnet/core (`filesafety.check_upload`: size, magic bytes, zip bombs)."""

import uuid

from django.core.files.storage import default_storage

from frontnet.core import filesafety

MB = 1024 * 1024
MAX_BYTES = 10 * MB

# kind -> content type served (images, PDF, spreadsheets; csv is not an attachment kind)
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


def sniff(data: bytes) -> str | None:
    """The kind of a file from its content, as the core guard reads it."""
    return filesafety.sniff(data[:4096], data)


def sniff_upload(upload) -> tuple[str, bytes]:
    """(kind, content) of an uploaded file; the guard's Vietnamese ValidationError naming the
    file when it is too large or not an image, PDF or spreadsheet."""
    kind = filesafety.check_upload(upload, allowed=tuple(CONTENT_TYPES), max_bytes=MAX_BYTES)
    upload.seek(0)
    return kind, upload.read()


def store(data: bytes, *, kind: str) -> str:
    """Save the content under an opaque name (never the uploader's) and return that name."""
    from django.core.files.base import ContentFile

    return default_storage.save(f"support/{uuid.uuid4().hex}.{kind}", ContentFile(data))
