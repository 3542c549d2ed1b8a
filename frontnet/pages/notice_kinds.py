from django.utils.translation import gettext_lazy as _

from frontnet.notifications.kinds import register_kind

PAGE_REPORTED = register_kind(
    "page_reported",
    label=_("Trang cộng đồng chờ xác nhận"),
    text=_("%(unit)s đã báo cáo trang “%(page)s”, chờ xác nhận."),
)
PAGE_RETURNED = register_kind(
    "page_returned",
    label=_("Trang cộng đồng bị trả lại"),
    text=_("Trang “%(page)s” của %(unit)s bị trả lại: %(reason)s"),
)
PAGE_VERIFIED = register_kind(
    "page_verified",
    label=_("Trang cộng đồng được xác nhận"),
    text=_("Trang “%(page)s” của %(unit)s đã được xác nhận."),
)
