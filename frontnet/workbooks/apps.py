from django.apps import AppConfig


class WorkbooksConfig(AppConfig):
    name = "frontnet.workbooks"
