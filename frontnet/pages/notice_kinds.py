from django.utils.translation import gettext_lazy as _

from frontnet.notifications.kinds import register_kinds

PAGE_REPORTED, PAGE_RETURNED, PAGE_VERIFIED = register_kinds(
    (
        "page_reported",
        _("Trang cộng đồng chờ xác nhận"),
        _("%(unit)s đã báo cáo trang “%(page)s”, chờ xác nhận."),
    ),
    (
        "page_returned",
        _("Trang cộng đồng bị trả lại"),
        _("Trang “%(page)s” của %(unit)s bị trả lại: %(reason)s"),
    ),
    (
        "page_verified",
        _("Trang cộng đồng được xác nhận"),
        _("Trang “%(page)s” của %(unit)s đã được xác nhận."),
    ),
)
