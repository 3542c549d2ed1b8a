from django.utils.translation import gettext_lazy as _

from frontnet.notifications.kinds import register_kinds

REMINDER_DUE, REMINDER_OVERDUE, REMINDER_SUMMARY = register_kinds(
    (
        "reminder_due",
        _("Nhắc hạn chỉ tiêu"),
        _(
            "Còn %(days)s ngày đến hạn %(deadline)s của chỉ tiêu “%(target)s”: "
            "%(unit)s chưa đạt (%(missing)s)."
        ),
    ),
    (
        "reminder_overdue",
        _("Quá hạn chỉ tiêu"),
        _("Đã quá hạn %(deadline)s của chỉ tiêu “%(target)s”: %(unit)s chưa đạt (%(missing)s)."),
    ),
    (
        "reminder_summary",
        _("Tổng hợp đơn vị chưa đạt chỉ tiêu"),
        _("Chỉ tiêu “%(target)s” (hạn %(deadline)s): %(count)s đơn vị chưa đạt: %(units)s."),
    ),
)
