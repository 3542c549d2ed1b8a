from django.apps import AppConfig


class PagestatsConfig(AppConfig):
    name = "frontnet.pagestats"
    verbose_name = "Hiệu quả trang"
