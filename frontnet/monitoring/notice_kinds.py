from django.utils.translation import gettext_lazy as _

from frontnet.notifications.kinds import register_kind

REMINDER_DUE = register_kind(
    "reminder_due",
    label=_("Nhắc hạn chỉ tiêu"),
    text=_(
        "Còn %(days)s ngày đến hạn %(deadline)s của chỉ tiêu “%(target)s”: "
        "%(unit)s chưa đạt (%(missing)s)."
    ),
)
REMINDER_OVERDUE = register_kind(
    "reminder_overdue",
    label=_("Quá hạn chỉ tiêu"),
    text=_("Đã quá hạn %(deadline)s của chỉ tiêu “%(target)s”: %(unit)s chưa đạt (%(missing)s)."),
)
REMINDER_SUMMARY = register_kind(
    "reminder_summary",
    label=_("Tổng hợp đơn vị chưa đạt chỉ tiêu"),
    text=_("Chỉ tiêu “%(target)s” (hạn %(deadline)s): %(count)s đơn vị chưa đạt: %(units)s."),
)
