"""The schema says what every operation may answer besides success: problem details
(RFC 9457) for bad input, no or a bad token, no permission, out of scope, a wrong method, a
wrong media type and too many requests. Schemathesis holds the API to it."""

from django.utils.translation import gettext as _

PROBLEM = {
    "type": "object",
    "description": "RFC 9457",
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "errors": {
            "type": "object",
            "description": "Trường → các lỗi của trường đó",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
    },
    "required": ["type", "title", "status", "detail"],
}


def _problem_statuses():
    return {
        "400": _("Dữ liệu không hợp lệ (lỗi theo từng trường)"),
        "401": _("Chưa xác thực, hoặc mã truy cập không hợp lệ"),
        "403": _("Không có quyền"),
        "404": _("Không tìm thấy, hoặc nằm ngoài phạm vi"),
        "405": _("Phương thức không được hỗ trợ"),
        "413": _("Tệp quá lớn"),
        "415": _("Loại dữ liệu không được hỗ trợ"),
        "429": _("Quá nhiều yêu cầu; thử lại sau Retry-After giây"),
    }


def add_problem_responses(result, generator, request, public):
    """drf-spectacular postprocessing hook."""
    result.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM
    ref = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
    for item in result.get("paths", {}).values():
        for method, operation in item.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            for parameter in operation.get("parameters", []):
                if parameter.get("in") == "path" and parameter["name"] in ("pk", "id"):
                    # The URL takes digits only: a minus sign is another URL (404 HTML).
                    parameter["schema"]["minimum"] = 0
            responses = operation.setdefault("responses", {})
            for code, text in _problem_statuses().items():
                responses.setdefault(code, {"description": str(text), "content": ref})
    return result
