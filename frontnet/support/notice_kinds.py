from django.utils.translation import gettext_lazy as _

from frontnet.notifications.kinds import register_kinds

THREAD_NEW, THREAD_REPLY, THREAD_STATE, THREAD_STALE = register_kinds(
    ("support_thread_new", _("Vướng mắc mới"), _("%(unit)s gửi vướng mắc “%(title)s”")),
    (
        "support_thread_reply",
        _("Trả lời vướng mắc"),
        _("%(author)s trả lời vướng mắc “%(title)s”"),
    ),
    (
        "support_thread_state",
        _("Vướng mắc đổi trạng thái"),
        _("Vướng mắc “%(title)s” chuyển sang “%(state)s”"),
    ),
    (
        "support_thread_stale",
        _("Vướng mắc quá hạn trả lời"),
        _("Vướng mắc “%(title)s” của %(unit)s chưa được trả lời sau %(days)s ngày làm việc"),
    ),
)
