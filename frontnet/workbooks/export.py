"""The form template: one workbook for a unit's subtree, pre-filled with what is stored."""

import io
import re

import xlsxwriter
from django.utils import timezone
from django.utils.translation import gettext as _

from frontnet.cadres.fields import template_fields
from frontnet.cadres.models import (
    Cadre,
    CadreCategory,
    ChannelFollow,
    OfficialChannel,
    Platform,
    SocialAccount,
)
from frontnet.cadres.normalize import format_phone_national
from frontnet.pages.models import CommunityPage
from frontnet.privacy.masking import masked_row
from frontnet.privacy.selectors import consent_days, hidden_ids_for
from frontnet.units.access import personal_data_checker, province_path_of
from frontnet.units.models import Unit

from .columns import (
    CADRE_COLUMNS,
    CADRE_SHEET,
    HELP_SHEET,
    LISTS_SHEET,
    PAGE_COLUMNS,
    PAGE_SHEET,
    follow_header,
)
from .labels import unit_labels
from .plan import rejection_reason

EMPTY_ROWS = 50
YES, NO = "Có", "Không"

HELP_TEXT = [
    ("BIỂU MẪU THÔNG TIN CÁN BỘ MẶT TRẬN TRÊN MẠNG XÃ HỘI", "title"),
    ("", None),
    ("Đơn vị: {unit}", "bold"),
    ("Ngày lập biểu mẫu: {date}", None),
    ("", None),
    ("Cách điền:", "bold"),
    (
        "1. Trang “Cán bộ”: mỗi dòng một cán bộ. Các dòng đã có là dữ liệu đang lưu; sửa trực tiếp nếu có thay đổi.",
        None,
    ),
    (
        "2. Cán bộ mới: điền vào các dòng trống phía dưới. Chọn Đơn vị và Loại cán bộ trong danh sách thả xuống.",
        None,
    ),
    ("3. Số điện thoại: ghi đủ 10 số, ví dụ 0912 345 678 (có thể có dấu cách).", None),
    (
        "4. Facebook: dán đường liên kết trang cá nhân, ví dụ https://www.facebook.com/ten.tai.khoan",
        None,
    ),
    ("5. Zalo: ghi số điện thoại dùng Zalo, hoặc dán liên kết zalo.me.", None),
    (
        "6. Các cột “Theo dõi: …”: chọn Có nếu cán bộ đã theo dõi/tham gia kênh đó của Mặt trận tỉnh, Không nếu chưa.",
        None,
    ),
    (
        "7. Trang “Trang cộng đồng”: mỗi dòng một trang của đơn vị (tên trang, liên kết, người quản lý).",
        None,
    ),
    (
        "8. Không sửa, không xoá cột “Mã hệ thống” (cột ẩn): nhờ cột này hệ thống biết dòng nào đã có.",
        None,
    ),
    ("9. Cán bộ đã nghỉ: không xoá dòng; báo cho cấp trên hoặc cập nhật trên hệ thống.", None),
    ("", None),
    (
        "Sau khi điền xong, tải tệp lên trang của đơn vị trên hệ thống (mục “Nhập biểu mẫu”).",
        "bold",
    ),
    (
        "Hệ thống kiểm tra từng dòng và cho xem trước; dòng có lỗi được trả lại kèm lý do để sửa.",
        None,
    ),
]


def template_build(*, unit: Unit, user=None, mask=None) -> bytes:
    """The form template of the unit's subtree. Given the `user` who downloads it, the
    personal data they may not see is masked and the restricted people are left out
    (frontnet.privacy); without one (a command on the server) it is whole. With `mask`
    (field name, cell value) -> shown value, every cadre cell and page manager goes through
    it and the hidden ids are left out: a copy to show others (support.masking), not to fill
    in and bring back."""
    units = list(
        Unit.objects.subtree_of(unit).valid_on(timezone.localdate()).select_related("parent")
    )
    labels = unit_labels(units)
    province_path = province_path_of(unit=unit)
    channels = list(
        OfficialChannel.objects.filter(province__path=province_path, active=True).order_by(
            "order", "name"
        )
    )
    categories = list(CadreCategory.objects.filter(active=True))
    platforms = list(Platform.objects.filter(for_units=True))
    # Joins on the subtree's path rather than lists of ids (a province has hundreds of
    # thousands of cadres, past what SQLite takes as parameters); the accounts and follows
    # are grouped here instead of prefetched for the same reason.
    unit_ids = {u.pk for u in units}
    in_scope = {"unit__path__startswith": unit.path, "active_to__isnull": True}
    cadres = [
        c
        for c in Cadre.objects.filter(**in_scope)
        .select_related("unit", "category")
        .order_by("unit__path", "full_name")
        if c.unit_id in unit_ids
    ]
    cadre_scope = {f"cadre__{k}": v for k, v in in_scope.items()}
    accounts_of: dict[int, dict] = {}
    for account in SocialAccount.objects.filter(
        **cadre_scope, platform__key__in=["facebook_profile", "zalo"]
    ).select_related("platform"):
        accounts_of.setdefault(account.cadre_id, {})[account.platform.key] = account
    shown = (lambda _unit: True) if user is None else personal_data_checker(user=user)
    if user is not None:
        hidden = hidden_ids_for(user=user, unit=unit)
        cadres = [c for c in cadres if c.pk not in hidden]
    consents = consent_days(**cadre_scope)
    follows_of: dict[int, dict] = {}
    for follow in ChannelFollow.objects.filter(**cadre_scope, channel__in=channels):
        follows_of.setdefault(follow.cadre_id, {})[follow.channel_id] = follow.status
    pages = [
        p
        for p in CommunityPage.objects.filter(unit__path__startswith=unit.path, active=True)
        .select_related("unit", "platform", "manager")
        .order_by("unit__path", "name")
        if p.unit_id in unit_ids
    ]

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    book.set_properties({"title": f"Biểu mẫu cán bộ - {unit.name}", "author": "FrontNet"})
    fmt = {
        "title": book.add_format({"bold": True, "font_size": 14, "font_name": "Times New Roman"}),
        "bold": book.add_format({"bold": True}),
        "head": book.add_format(
            {
                "bold": True,
                "bg_color": "#F2DCDB",
                "border": 1,
                "text_wrap": True,
                "valign": "vcenter",
                "locked": True,
            }
        ),
        "cell": book.add_format({"locked": False, "border": 1, "border_color": "#D9D9D9"}),
        "text": book.add_format(
            {"locked": False, "num_format": "@", "border": 1, "border_color": "#D9D9D9"}
        ),
        "id": book.add_format({"locked": True, "font_color": "#808080"}),
    }

    help_sheet = book.add_worksheet(HELP_SHEET)
    help_sheet.set_column(0, 0, 120)
    for row, (text, style) in enumerate(HELP_TEXT):
        help_sheet.write_string(
            row,
            0,
            text.format(unit=unit.name, date=timezone.localdate().strftime("%d/%m/%Y")),
            fmt.get(style),
        )

    lists = book.add_worksheet(LISTS_SHEET)
    unit_names = [labels[u.pk] for u in units]
    for col, values in enumerate(
        [
            unit_names,
            [c.name for c in categories],
            [p.name for p in platforms],
            [YES, NO],
            ["Nam", "Nữ", "Khác"],
        ]
    ):
        for row, value in enumerate(values):
            lists.write_string(row, col, value)
    lists.hide()

    def ref(col: int, count: int) -> str:
        letter = chr(ord("A") + col)
        return f"='{LISTS_SHEET}'!${letter}$1:${letter}${max(count, 1)}"

    # Cadres sheet
    sheet = book.add_worksheet(CADRE_SHEET)
    headers = [c.header for c in CADRE_COLUMNS] + [follow_header(ch.name) for ch in channels]
    widths = [c.width for c in CADRE_COLUMNS] + [18] * len(channels)
    _header(sheet, headers, widths, fmt)
    cells = _cadre_cells(labels, consents)
    for r, cadre in enumerate(cadres, start=1):
        accounts = accounts_of.get(cadre.pk, {})
        follows = follows_of.get(cadre.pk, {})
        values = [cadre.pk, *(cell(cadre, accounts) for cell in cells)]
        if mask is not None:
            names = ["id", *(f.name for f in template_fields())]
            values = ["", *(mask(n, v) for n, v in zip(names[1:], values[1:], strict=True))]
        values += [{"yes": YES, "no": NO}.get(follows.get(ch.pk), "") for ch in channels]
        if not shown(cadre.unit):
            values = masked_row(values, [c.field for c in CADRE_COLUMNS])
        _row(sheet, r, values, fmt)
    last = len(cadres) + EMPTY_ROWS
    _empty_rows(sheet, len(cadres) + 1, last, len(headers), fmt)
    col = {c.field: i for i, c in enumerate(CADRE_COLUMNS)}
    _validate(sheet, last, col["unit"], ref(0, len(unit_names)))
    _validate(sheet, last, col["gender"], ref(4, 3))
    _validate(sheet, last, col["category"], ref(1, len(categories)))
    for offset in range(len(channels)):
        _validate(sheet, last, len(CADRE_COLUMNS) + offset, ref(3, 2))
    sheet.data_validation(
        1,
        col["birth_year"],
        last,
        col["birth_year"],
        {
            "validate": "integer",
            "criteria": "between",
            "minimum": 1920,
            "maximum": 2015,
            "error_message": "Năm sinh là số có 4 chữ số, ví dụ 1985.",
        },
    )
    _finish(sheet, len(headers))

    # Pages sheet
    sheet = book.add_worksheet(PAGE_SHEET)
    _header(sheet, [c.header for c in PAGE_COLUMNS], [c.width for c in PAGE_COLUMNS], fmt)
    for r, page in enumerate(pages, start=1):
        manager = page.manager.full_name if page.manager else ""
        _row(
            sheet,
            r,
            [
                "" if mask else page.pk,
                labels.get(page.unit_id, page.unit.name),
                page.platform.name,
                page.name,
                page.canonical or page.link_raw,  # canonical, as the page shows it
                mask("full_name", manager) if mask else manager,
                page.created_on.strftime("%d/%m/%Y") if page.created_on else "",
            ],
            fmt,
        )
    last = len(pages) + EMPTY_ROWS
    _empty_rows(sheet, len(pages) + 1, last, len(PAGE_COLUMNS), fmt)
    _validate(sheet, last, 1, ref(0, len(unit_names)))
    _validate(sheet, last, 2, ref(2, len(platforms)))
    _finish(sheet, len(PAGE_COLUMNS))
    from frontnet.pagestats.template import add_stats_sheet  # its own upload reads it back

    add_stats_sheet(book, pages=pages, labels=labels, fmt=fmt)

    book.get_worksheet_by_name(CADRE_SHEET).activate()
    book.close()
    return buffer.getvalue()


def _cadre_cells(labels: dict[int, str], consents: dict) -> list:
    """For each template column after the id, in order: (cadre, its accounts by platform key)
    -> the cell. A field is written as its stored value unless it is written otherwise here."""

    def account(key):
        # The canonical link, as the pages show it (the typed text stays in the history).
        return lambda cadre, accounts: (
            (accounts[key].canonical or accounts[key].link_raw) if key in accounts else ""
        )

    special = {
        "unit": lambda cadre, _a: labels.get(cadre.unit_id, cadre.unit.name),
        "gender": lambda cadre, _a: cadre.get_gender_display() if cadre.gender else "",
        "category": lambda cadre, _a: cadre.category.name,
        "phone": lambda cadre, _a: (
            format_phone_national(cadre.phone) if cadre.phone else cadre.phone_raw
        ),
        "facebook": account("facebook_profile"),
        "zalo": account("zalo"),
        "consent": lambda cadre, _a: (
            consents[cadre.pk].strftime("%d/%m/%Y") if cadre.pk in consents else ""
        ),
    }

    def stored(name):
        def cell(cadre, _accounts):
            value = getattr(cadre, name)
            return "" if value is None else value

        return cell

    return [special.get(f.name) or stored(f.model) for f in template_fields()]


def _header(sheet, headers, widths, fmt):
    sheet.set_row(0, 42)
    for col, (text, width) in enumerate(zip(headers, widths, strict=True)):
        sheet.write_string(0, col, text, fmt["head"])
        sheet.set_column(col, col, width, fmt["cell"] if col else fmt["id"])
    # The id column is hidden and locked: a row that comes back updates what it came from.
    sheet.set_column(0, 0, 6, fmt["id"], {"hidden": True})
    sheet.freeze_panes(1, 2)


def _row(sheet, r, values, fmt):
    for col, value in enumerate(values):
        if col == 0:
            if value != "":  # a masked copy has no ids
                sheet.write_number(r, 0, value, fmt["id"])
        elif isinstance(value, int):
            sheet.write_number(r, col, value, fmt["cell"])
        else:
            # Text cells stay text: phones keep their leading zero, "=..." is not a formula.
            sheet.write_string(r, col, value or "", fmt["text"])


def _empty_rows(sheet, first, last, width, fmt):
    for r in range(first, last + 1):
        for col in range(1, width):
            sheet.write_blank(r, col, None, fmt["text"])


def _validate(sheet, last, col, source):
    sheet.data_validation(
        1,
        col,
        last,
        col,
        {
            "validate": "list",
            "source": source,
            "error_type": "warning",
            "error_message": "Hãy chọn trong danh sách.",
        },
    )


def _finish(sheet, width):
    sheet.autofilter(0, 0, 0, width - 1)
    sheet.protect(
        "",
        {
            "insert_rows": True,
            "delete_rows": True,
            "format_columns": True,
            "format_cells": True,
            "sort": True,
            "autofilter": True,
            "select_locked_cells": True,
            "select_unlocked_cells": True,
        },
    )


def safe_sheet_name(name: str, taken: set[str]) -> str:
    """A worksheet name Excel (and xlsxwriter) accepts, for a sheet named by the uploader:
    no []:*?/\\, no apostrophe at either end, at most 31 characters, unique (case-folded)."""
    cleaned = re.sub(r"[\[\]:*?/\\]", " ", name or "").strip().strip("'").strip()
    cleaned = re.sub(r"\s+", " ", cleaned)[:31].strip() or "Trang"
    candidate, n = cleaned, 1
    while candidate.casefold() in taken or candidate.casefold() == "history":
        n += 1
        suffix = f" ({n})"
        candidate = cleaned[: 31 - len(suffix)].rstrip() + suffix
    taken.add(candidate.casefold())
    return candidate


def rejected_rows_build(*, report: dict) -> bytes:
    """The rejected rows as the user wrote them, one sheet per source sheet, with the reasons
    in a first column, ready to fix and upload again."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    head = book.add_format({"bold": True, "bg_color": "#F2DCDB", "border": 1, "text_wrap": True})
    reason = book.add_format({"font_color": "#B3121B", "text_wrap": True})
    by_sheet: dict[str, dict[int, list]] = {}
    for item in report.get("rejections", []):
        rows = by_sheet.setdefault(item["sheet"], {})
        entry = rows.setdefault(item["row"], [item["values"], []])
        entry[1].append(f"{item['column']}: {rejection_reason(item)}")  # the reader's language
    if not by_sheet:
        book.add_worksheet(CADRE_SHEET).write_string(0, 0, _("Không có dòng nào bị từ chối."))
    taken: set[str] = set()
    for sheet_name, rows in by_sheet.items():
        sheet = book.add_worksheet(safe_sheet_name(sheet_name, taken))
        headers = report.get("headers", {}).get(sheet_name, [])
        sheet.write_string(0, 0, _("Lý do bị từ chối"), head)
        sheet.write_string(0, 1, _("Dòng trong tệp gốc"), head)
        for col, text in enumerate(headers, start=2):
            sheet.write_string(0, col, text, head)
        sheet.set_column(0, 0, 50)
        sheet.set_column(2, 2 + max(len(headers), 1), 20)
        for r, (row_number, (values, reasons)) in enumerate(sorted(rows.items()), start=1):
            sheet.write_string(r, 0, "\n".join(reasons), reason)
            sheet.write_number(r, 1, row_number)
            for col, value in enumerate(values, start=2):
                sheet.write_string(r, col, "" if value is None else str(value))
        sheet.freeze_panes(1, 2)
    book.close()
    return buffer.getvalue()
