"""Uploads refused while they stream in, not after the whole body has been read.

`SizeLimitUploadHandler` (first in FILE_UPLOAD_HANDLERS) stops a file as soon as it is
declared or seen to be larger than FRONTNET_UPLOAD_MAX_BYTES: nothing of it is kept, the
rest of the body is read and dropped a chunk at a time, and the form says why
(`refused_message`).
"""

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.utils.translation import gettext as _

DEFAULT_MAX = 30 * 1024 * 1024


def max_upload_bytes() -> int:
    return int(getattr(settings, "FRONTNET_UPLOAD_MAX_BYTES", DEFAULT_MAX))


class SizeLimitUploadHandler(FileUploadHandler):
    def new_file(self, field_name, file_name, content_type, content_length, *args, **kwargs):
        super().new_file(field_name, file_name, content_type, content_length, *args, **kwargs)
        self.received = 0
        if content_length is not None and content_length > max_upload_bytes():
            self._refuse(file_name)

    def receive_data_chunk(self, raw_data, start):
        self.received = start + len(raw_data)
        if self.received > max_upload_bytes():
            self._refuse(self.file_name)
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handler keeps the file

    def _refuse(self, file_name):
        if self.request is not None:
            self.request.upload_refused = file_name or ""
        raise StopUpload(connection_reset=False)


def refused_message(request) -> str | None:
    """The Vietnamese message for a file stopped by the handler, or None."""
    name = getattr(request, "upload_refused", None)
    if name is None:
        return None
    size = max_upload_bytes() / (1024 * 1024)
    return _("Tệp “%(file)s” quá lớn (tối đa %(limit)s MB); hệ thống đã dừng nhận tệp.") % {
        "file": name,
        "limit": f"{size:g}",
    }


def refused_form(form_class, request, message: str):
    """The upload form bound to what came with the stopped file, saying why it was stopped
    (`message`, from refused_message) instead of "required"."""
    form = form_class(request.POST, {})
    form.is_valid()
    form.errors.pop("file", None)
    form.add_error("file", message)
    return form
