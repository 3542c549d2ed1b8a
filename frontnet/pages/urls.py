from django.urls import path

from . import views

urlpatterns = [
    path("units/<int:pk>/pages/", views.page_list, name="page_list"),
    path("units/<int:pk>/pages/add/", views.page_add, name="page_add"),
    path("units/<int:pk>/pages/check-name/", views.page_name_check, name="page_name_check"),
    path("pages/review/", views.page_review_queue, name="page_review_queue"),
    path("pages/<int:pk>/", views.page_detail, name="page_detail"),
    path("pages/<int:pk>/edit/", views.page_edit, name="page_edit"),
    path("pages/<int:pk>/report/", views.page_report, name="page_report"),
    path("pages/<int:pk>/verify/", views.page_verify, name="page_verify"),
    path("pages/<int:pk>/return/", views.page_return, name="page_return"),
]
