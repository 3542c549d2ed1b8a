from django.urls import path

from . import views

urlpatterns = [
    path("units/<int:pk>/cadres/", views.cadre_list, name="cadre_list"),
    path("units/<int:pk>/cadres/add/", views.cadre_add, name="cadre_add"),
    path("units/<int:pk>/accounts/add/", views.unit_account_add, name="unit_account_add"),
    path("units/<int:pk>/channels/", views.channel_list, name="channel_list"),
    path("units/<int:pk>/channels/add/", views.channel_add, name="channel_add"),
    path("cadres/<int:pk>/", views.cadre_detail, name="cadre_detail"),
    path("cadres/<int:pk>/edit/", views.cadre_edit, name="cadre_edit"),
    path("cadres/<int:pk>/end/", views.cadre_end, name="cadre_end"),
    path("cadres/<int:pk>/accounts/add/", views.account_add, name="account_add"),
    path("cadres/<int:pk>/follows/", views.follow_edit, name="follow_edit"),
    path("accounts/<int:pk>/remove/", views.account_remove, name="account_remove"),
    path("channels/<int:pk>/edit/", views.channel_edit, name="channel_edit"),
]
