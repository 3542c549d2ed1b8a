from django.utils.translation import gettext_lazy as _

from frontnet.notifications.kinds import register_kinds

IMPORT_CHECKED, IMPORT_DONE, IMPORT_FAILED = register_kinds(
    (
        "import_checked",
        _("Tệp nhập đã kiểm tra xong"),
        _("Đã kiểm tra xong tệp “%(file)s” của %(unit)s: %(status)s."),
    ),
    (
        "import_done",
        _("Nhập biểu mẫu xong"),
        _("Đã ghi tệp “%(file)s” vào hệ thống cho %(unit)s."),
    ),
    (
        "import_failed",
        _("Nhập biểu mẫu không thành công"),
        _("Không nhập được tệp “%(file)s” của %(unit)s: %(error)s"),
    ),
)
