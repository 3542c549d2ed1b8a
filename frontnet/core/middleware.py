from django.contrib.auth.middleware import LoginRequiredMiddleware as _LoginRequired
from django.middleware.locale import LocaleMiddleware


class VietnameseFirstLocaleMiddleware(LocaleMiddleware):
    """Vietnamese unless the user chose English with the switch (the language cookie).

    Many office machines run an English browser; the browser's Accept-Language must not
    turn the interface English for people who never asked for it."""

    def process_request(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return super().process_request(request)


class DatabaseBusyMiddleware:
    """SQLite's "database is locked" (a long import holds the write lock past the busy
    time-out) becomes a 503 page saying to try again in a moment, never a 500."""

    RETRY_AFTER_SECONDS = 30

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.db import OperationalError
        from django.shortcuts import render

        if isinstance(exception, OperationalError) and "locked" in str(exception).lower():
            response = render(request, "503.html", status=503)
            response["Retry-After"] = str(self.RETRY_AFTER_SECONDS)
            return response
        return None


class LoginThrottleMiddleware:
    """Password spraying: one address trying many usernames stays under django-axes's limit
    per (username, address). Past FRONTNET_LOGIN_IP_LIMIT failures from one address within
    the cool-off, whatever the usernames, a login POST gets axes's lockout page (429).
    The count is axes's own records, so every app server sees the same."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.urls import reverse

        if request.method == "POST" and request.path == reverse("login") and self.locked(request):
            from django.shortcuts import render

            return render(request, "registration/locked_out.html", status=429)
        return self.get_response(request)

    @staticmethod
    def locked(request) -> bool:
        from axes.helpers import get_client_ip_address, get_cool_off
        from axes.models import AccessAttempt
        from django.conf import settings
        from django.db.models import Sum
        from django.utils import timezone

        address = get_client_ip_address(request)
        since = timezone.now() - get_cool_off(request)
        failures = (
            AccessAttempt.objects.filter(ip_address=address, attempt_time__gte=since).aggregate(
                n=Sum("failures_since_start")
            )["n"]
            or 0
        )
        return failures >= settings.FRONTNET_LOGIN_IP_LIMIT


class LoginRequiredMiddleware(_LoginRequired):
    """Every page needs a login, except the API: it answers 401 in JSON (a token or a
    session), never a redirect to the login page."""

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path_info.startswith("/api/"):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)
