from django.urls import path

from . import views

urlpatterns = [
    path("units/<int:pk>/template.xlsx", views.template_download, name="template_download"),
    path("units/<int:pk>/import/", views.batch_upload, name="batch_upload"),
    path("units/<int:pk>/imports/", views.batch_list, name="batch_list"),
    path("imports/<int:pk>/", views.batch_detail, name="batch_detail"),
    path("imports/<int:pk>/commit/", views.batch_commit, name="batch_commit"),
    path("imports/<int:pk>/cancel/", views.batch_cancel, name="batch_cancel"),
    path("imports/<int:pk>/revalidate/", views.batch_revalidate, name="batch_revalidate"),
    path("imports/<int:pk>/rejected.xlsx", views.batch_rejected, name="batch_rejected"),
    path("imports/<int:pk>/file/", views.batch_file, name="batch_file"),
    path("imports/<int:pk>/mapping/", views.batch_mapping, name="batch_mapping"),
]
