from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("units/search/", views.unit_search, name="unit_search"),
    path("units/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("units/<int:pk>/children/", views.unit_children, name="unit_children"),
    path("units/<int:pk>/add/", views.unit_add_child, name="unit_add_child"),
    path("units/<int:pk>/edit/", views.unit_edit, name="unit_edit"),
    path("units/<int:pk>/residential-import/", views.residential_import, name="residential_import"),
]
