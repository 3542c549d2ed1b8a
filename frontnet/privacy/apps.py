from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "frontnet.privacy"
    verbose_name = _("Dữ liệu cá nhân")

    def ready(self):
        # Each app says what it holds about a person, and how to erase it, in its own
        # `personal_data.py` (see frontnet/privacy/registry.py).
        autodiscover_modules("personal_data")
