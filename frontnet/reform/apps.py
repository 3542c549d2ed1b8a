from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class ReformConfig(AppConfig):
    name = "frontnet.reform"
    verbose_name = _("Sắp xếp đơn vị 2025")

    def ready(self):
        # The built-in movers, then each app's own `reform_movers.py` (threads, campaign
        # shares, page statistics…): an app adds what it holds per unit in one place.
        from . import movers  # noqa: F401

        autodiscover_modules("reform_movers")
