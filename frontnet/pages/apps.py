from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "frontnet.pages"
