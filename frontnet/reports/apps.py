from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "frontnet.reports"
