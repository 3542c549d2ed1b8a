from django.urls import path

from . import views

urlpatterns = [
    path("units/<int:pk>/dashboard/", views.unit_dashboard, name="unit_dashboard"),
    path("units/<int:pk>/dashboard.xlsx", views.unit_dashboard_xlsx, name="unit_dashboard_xlsx"),
    path("areas/", views.areas_dashboard, name="areas_dashboard"),
    path("areas/dashboard.xlsx", views.areas_dashboard_xlsx, name="areas_dashboard_xlsx"),
    path("units/<int:pk>/targets/", views.target_list, name="target_list"),
    path("units/<int:pk>/targets/add/", views.target_add, name="target_add"),
    path("targets/<int:pk>/edit/", views.target_edit, name="target_edit"),
    path("targets/<int:pk>/deactivate/", views.target_deactivate, name="target_deactivate"),
    path("targets/<int:pk>/reactivate/", views.target_reactivate, name="target_reactivate"),
]
