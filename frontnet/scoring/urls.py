from django.urls import path

from . import views

urlpatterns = [
    path("units/<int:pk>/scores/", views.unit_scores, name="unit_scores"),
    path("units/<int:pk>/scores.xlsx", views.unit_scores_xlsx, name="unit_scores_xlsx"),
    path("units/<int:pk>/scores.docx", views.unit_scores_docx, name="unit_scores_docx"),
    path("units/<int:pk>/scores/compute/", views.scores_compute_view, name="scores_compute"),
    path("units/<int:pk>/scores/publish/", views.scores_publish_view, name="scores_publish"),
    path("units/<int:pk>/scores/unpublish/", views.scores_unpublish_view, name="scores_unpublish"),
    path("units/<int:pk>/criteria/", views.criteria_list, name="criteria_list"),
    path("units/<int:pk>/criteria/add/", views.criterion_add, name="criterion_add"),
    path("units/<int:pk>/year-rule/", views.year_rule_edit, name="year_rule_edit"),
    path("criteria/<int:pk>/edit/", views.criterion_edit, name="criterion_edit"),
    path("criteria/<int:pk>/deactivate/", views.criterion_deactivate, name="criterion_deactivate"),
    path("criteria/<int:pk>/reactivate/", views.criterion_reactivate, name="criterion_reactivate"),
]
