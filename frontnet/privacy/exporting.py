"""The access export of one person as JSON and as XLSX (one sheet per store)."""

import io
import json
import re

import xlsxwriter
from django.core.serializers.json import DjangoJSONEncoder


def subject_json(data: dict) -> bytes:
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).encode()


def _cell(value) -> str:
    if isinstance(value, dict | list):
        return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)
    return "" if value is None else str(value)


def subject_xlsx(data: dict) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False})
    bold = book.add_format({"bold": True})
    used = set()
    for key, store in data["stores"].items():
        name = str(store["label"])[:28] or key[:28]
        while name in used:
            name = name[:26] + f"_{len(used)}"
        used.add(name)
        sheet = book.add_worksheet(re.sub(r"[\[\]:*?/\\]", "-", name))
        rows = store["rows"]
        headers = []
        for row in rows:
            headers += [k for k in row if k not in headers]
        for c, header in enumerate(headers):
            sheet.write_string(0, c, header, bold)
        for r, row in enumerate(rows, start=1):
            for c, header in enumerate(headers):
                sheet.write_string(r, c, _cell(row.get(header)))
    book.close()
    return out.getvalue()
