from django.urls import path

from . import views

urlpatterns = [
    path("units/<int:pk>/reform/", views.reform_plan, name="reform_plan"),
    path("units/<int:pk>/reform/questions.xlsx", views.reform_questions, name="reform_questions"),
    path("units/<int:pk>/reform/decisions/", views.reform_upload, name="reform_upload"),
    path("units/<int:pk>/reform/commit/", views.reform_commit_view, name="reform_commit"),
    path("units/<int:pk>/reform/page/", views.reform_keep_page, name="reform_keep_page"),
]
