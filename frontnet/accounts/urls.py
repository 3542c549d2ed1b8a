from django.urls import path, re_path

from . import views

urlpatterns = [
    path("units/<int:pk>/users/", views.account_list, name="user_list"),
    path("units/<int:pk>/users/add/", views.account_add, name="user_add"),
    path("units/<int:pk>/users/import/", views.account_import, name="user_import"),
    path("units/<int:pk>/users/links/", views.account_links_download, name="user_links"),
    path("units/<int:pk>/specialists/", views.unit_specialists, name="unit_specialists"),
    path("users/<int:pk>/", views.account_detail, name="user_detail"),
    path("users/<int:pk>/edit/", views.account_edit, name="user_edit"),
    path("users/<int:pk>/deactivate/", views.account_deactivate, name="user_deactivate"),
    path("users/<int:pk>/reactivate/", views.account_reactivate, name="user_reactivate"),
    path("users/<int:pk>/link/", views.account_link, name="user_link"),
    path("assignments/<int:pk>/end/", views.assignment_end, name="assignment_end"),
    path(
        "assignments/<int:pk>/hand-over/",
        views.assignment_hand_over,
        name="assignment_hand_over",
    ),
    path("me/", views.profile, name="profile"),
    path("me/password/", views.PasswordChange.as_view(), name="password_change"),
    # A one-time link holds no object id the scope sweep could test: it is a signed token,
    # open without login, checked by tokens.user_from_link (tests/test_links.py).
    re_path(
        r"^activate/(?P<uidb64>[0-9A-Za-z_\-]+)/(?P<token>[0-9A-Za-z]{1,13}-[0-9A-Za-z]{1,64})/$",
        views.account_activate,
        name="user_activate",
    ),
]
