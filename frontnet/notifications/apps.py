from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "frontnet.notifications"
    verbose_name = _("Thông báo")

    def ready(self):
        # Each app declares what it tells people in its own `notice_kinds.py`.
        autodiscover_modules("notice_kinds")
