"""The by-page table as xlsx: strings always written as strings (strings_to_formulas off),
so a page named "=…" stays text."""

import io

import xlsxwriter
from django.utils.translation import gettext as _


def by_page_xlsx(table) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(
        out, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    sheet = book.add_worksheet(_("Theo trang"))
    head = book.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    headers = [
        _("Đơn vị"),
        _("Cấp"),
        _("Trang"),
        _("Người theo dõi"),
        _("Trung vị của cấp"),
        _("Bài viết"),
        _("Trung vị của cấp"),
        _("Lượt tương tác"),
        _("Trung vị của cấp"),
        _("Người tiếp cận"),
        _("Bài gần nhất"),
        _("Không đăng bài 30 ngày"),
        _("Người theo dõi giảm 2 tháng liền"),
    ]
    sheet.write_string(0, 0, _("Tháng %(month)s") % {"month": f"{table.month:%m/%Y}"}, head)
    for col, text in enumerate(headers):
        sheet.write_string(1, col, text, head)
    for r, row in enumerate(table.rows, start=2):
        values = [
            row.page.unit.name,
            row.level_name,
            row.page.name,
            row.followers,
            row.median.get("followers"),
            row.posts,
            row.median.get("posts"),
            row.interactions,
            row.median.get("interactions"),
            row.reach,
            row.last_post.strftime("%d/%m/%Y") if row.last_post else "",
            _("Có") if row.quiet else "",
            _("Có") if row.falling else "",
        ]
        for col, value in enumerate(values):
            if isinstance(value, int | float):
                sheet.write_number(r, col, value)
            elif value is None:
                sheet.write_blank(r, col, None)
            else:
                sheet.write_string(r, col, str(value))
    sheet.set_column(0, 2, 28)
    sheet.set_column(3, 12, 14)
    sheet.freeze_panes(2, 3)
    book.close()
    return out.getvalue()
