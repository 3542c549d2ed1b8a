from django.utils.translation import gettext_lazy as _

from frontnet.notifications.kinds import register_kind

THREAD_NEW = register_kind(
    "support_thread_new",
    label=_("Vướng mắc mới"),
    text=_("%(unit)s gửi vướng mắc “%(title)s”"),
)
THREAD_REPLY = register_kind(
    "support_thread_reply",
    label=_("Trả lời vướng mắc"),
    text=_("%(author)s trả lời vướng mắc “%(title)s”"),
)
THREAD_STATE = register_kind(
    "support_thread_state",
    label=_("Vướng mắc đổi trạng thái"),
    text=_("Vướng mắc “%(title)s” chuyển sang “%(state)s”"),
)
THREAD_STALE = register_kind(
    "support_thread_stale",
    label=_("Vướng mắc quá hạn trả lời"),
    text=_("Vướng mắc “%(title)s” của %(unit)s chưa được trả lời sau %(days)s ngày làm việc"),
)
