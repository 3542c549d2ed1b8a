from django.utils.translation import gettext_lazy as _

from frontnet.notifications.kinds import register_kind

IMPORT_CHECKED = register_kind(
    "import_checked",
    label=_("Tệp nhập đã kiểm tra xong"),
    text=_("Đã kiểm tra xong tệp “%(file)s” của %(unit)s: %(status)s."),
)
IMPORT_DONE = register_kind(
    "import_done",
    label=_("Nhập biểu mẫu xong"),
    text=_("Đã ghi tệp “%(file)s” vào hệ thống cho %(unit)s."),
)
IMPORT_FAILED = register_kind(
    "import_failed",
    label=_("Nhập biểu mẫu không thành công"),
    text=_("Không nhập được tệp “%(file)s” của %(unit)s: %(error)s"),
)
