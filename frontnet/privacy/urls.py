from django.urls import path

from . import views

urlpatterns = [
    path("units/<int:pk>/privacy/", views.privacy_home, name="privacy_home"),
    path("units/<int:pk>/privacy/requests/", views.request_list, name="privacy_requests"),
    path("units/<int:pk>/privacy/access-log/", views.access_log, name="privacy_access_log"),
    path("units/<int:pk>/privacy/breaches/", views.breach_list, name="privacy_breaches"),
    path("privacy/grants/<int:pk>/revoke/", views.grant_revoke, name="privacy_grant_revoke"),
    path("privacy/requests/<int:pk>/", views.request_detail, name="privacy_request"),
    path("privacy/breaches/<int:pk>/", views.breach_edit, name="privacy_breach"),
    path("privacy/consents/<int:pk>/withdraw/", views.consent_withdraw, name="consent_withdraw"),
    path("cadres/<int:pk>/personal-data/", views.cadre_personal, name="cadre_personal"),
    path(
        "cadres/<int:pk>/personal-data/export/",
        views.cadre_subject_export,
        name="cadre_subject_export",
    ),
    path("cadres/<int:pk>/personal-data/erase/", views.cadre_erase, name="cadre_erase"),
    path("cadres/<int:pk>/personal-data/lift/", views.restriction_lift, name="restriction_lift"),
    path("cadres/<int:pk>/reveal/", views.cadre_reveal, name="cadre_reveal"),
]
