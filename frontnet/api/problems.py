"""Errors as problem details (RFC 9457): `application/problem+json` with type, title,
status, detail and, for invalid input, `errors` per field; texts in the user's language."""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

TITLES = {
    400: gettext_lazy("Dữ liệu không hợp lệ"),
    401: gettext_lazy("Chưa xác thực"),
    403: gettext_lazy("Không có quyền"),
    404: gettext_lazy("Không tìm thấy"),
    405: gettext_lazy("Phương thức không được hỗ trợ"),
    409: gettext_lazy("Xung đột dữ liệu"),
    413: gettext_lazy("Tệp quá lớn"),
    415: gettext_lazy("Loại dữ liệu không được hỗ trợ"),
    429: gettext_lazy("Quá nhiều yêu cầu"),
}


class FileTooLarge(exceptions.APIException):
    """A file the upload handler stopped while it streamed in: 413, the message on `file`."""

    status_code = 413


def _field_errors(detail) -> dict:
    if isinstance(detail, dict):
        return {
            key: [str(m) for m in (value if isinstance(value, list) else [value])]
            for key, value in detail.items()
        }
    return {}


def problem(status_code: int, detail: str, *, errors: dict | None = None, headers=None):
    body = {
        "type": "about:blank",
        "title": str(TITLES.get(status_code, _("Lỗi"))),
        "status": status_code,
        "detail": detail,
    }
    if errors:
        body["errors"] = errors
    response = Response(body, status=status_code, headers=headers)
    response.content_type = "application/problem+json"
    return response


def handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        # A service refused the input: the same messages the web shows, per field.
        if hasattr(exc, "error_dict"):
            errors = {k: [str(m) for e in v for m in e.messages] for k, v in exc.error_dict.items()}
        else:
            errors = {"non_field_errors": [str(m) for m in exc.messages]}
        return problem(400, _("Dữ liệu gửi lên có lỗi, xem từng trường."), errors=errors)
    if isinstance(exc, FileTooLarge):
        return problem(413, str(exc.detail), errors={"file": [str(exc.detail)]})
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(_("Không tìm thấy, hoặc nằm ngoài phạm vi của bạn."))
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(_("Bạn không có quyền làm việc này."))
    response = exception_handler(exc, context)
    if response is None:
        return None
    code = response.status_code
    data = response.data
    if code == status.HTTP_400_BAD_REQUEST:
        return problem(
            code, _("Dữ liệu gửi lên có lỗi, xem từng trường."), errors=_field_errors(data)
        )
    detail = data.get("detail", "") if isinstance(data, dict) else str(data)
    headers = {
        k: v for k, v in response.items() if k in ("Retry-After", "WWW-Authenticate", "Allow")
    }
    return problem(code, str(detail), headers=headers)
