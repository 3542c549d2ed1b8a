from django.urls import path

from . import views

urlpatterns = [
    path("units/<int:pk>/page-stats/", views.unit_page_stats, name="unit_page_stats"),
    path("units/<int:pk>/page-stats.xlsx", views.unit_page_stats_xlsx, name="unit_page_stats_xlsx"),
    path("units/<int:pk>/page-stats/upload/", views.page_stats_upload, name="page_stats_upload"),
    path("page-stats/uploads/<int:pk>/", views.page_stats_preview, name="page_stats_preview"),
    path("pages/<int:pk>/stats/", views.page_stats, name="page_stats"),
    path("pages/<int:pk>/stats/month/", views.page_stats_month, name="page_stats_month"),
]
