from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "frontnet.core"

    def ready(self):
        from . import signals  # noqa: F401
