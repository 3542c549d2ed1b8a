from django.urls import path

from . import views

urlpatterns = [
    path("units/<int:pk>/dashboard/", views.unit_dashboard, name="unit_dashboard"),
    path("units/<int:pk>/dashboard.xlsx", views.unit_dashboard_xlsx, name="unit_dashboard_xlsx"),
]
