from django.utils.translation import gettext_lazy as _

from frontnet.notifications.kinds import register_kind

PAGE_STATS_MISSING = register_kind(
    "page_stats_missing",
    label=_("Trang chưa có số liệu tháng"),
    text=_(
        "Trang “%(page)s” chưa có số liệu hiệu quả tháng %(month)s: hãy nạp tệp từ Meta hoặc nhập tay."
    ),
)
