from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    # Anyone may choose the language, also on the login page.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
    path("", include("frontnet.units.urls")),
    path("", include("frontnet.cadres.urls")),
    path("", include("frontnet.pages.urls")),
    path("", include("frontnet.workbooks.urls")),
    path("", include("frontnet.monitoring.urls")),
    path("", include("frontnet.scoring.urls")),
    path("", include("frontnet.pagestats.urls")),
    path("", include("frontnet.accounts.urls")),
    path("", include("frontnet.notifications.urls")),
    path("", include("frontnet.reform.urls")),
    path("", include("frontnet.privacy.urls")),
    path("", include("frontnet.api.web_urls")),
    path("", include("frontnet.api.urls")),
    path("", include("frontnet.support.urls")),
    path("", include("frontnet.campaigns.urls")),
]
