from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from . import selectors, services
from .kinds import KINDS
from .models import Delivery


def notification_list(request):
    """The user's notifications, newest first; ?unread=1 keeps the unread ones."""
    qs = selectors.notifications_of(user=request.user)
    unread_only = request.GET.get("unread") == "1"
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/list.html",
        {"page": page, "unread_only": unread_only},
    )


def notification_open(request, pk):
    """Mark one notification read and go to what it is about."""
    n = selectors.notification_get_for_user(user=request.user, pk=pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])  # only after the lookup: 404 comes first
    services.notifications_mark_read(user=request.user, ids=[n.pk])
    safe = url_has_allowed_host_and_scheme(n.url, allowed_hosts={request.get_host()})
    return redirect(n.url if n.url and safe else "notification_list")


@require_POST
def notification_read_all(request):
    count = services.notifications_mark_read(user=request.user)
    messages.success(request, _("Đã đánh dấu %(count)s thông báo là đã đọc.") % {"count": count})
    return redirect("notification_list")


@require_http_methods(["GET", "POST"])
def notification_preferences(request):
    """Per kind: in-app only, also e-mail at once, or a daily digest."""
    kinds = sorted(KINDS.values(), key=lambda k: str(k.label))
    if request.method == "POST":
        services.preferences_set(
            user=request.user,
            choices={k.key: request.POST.get(k.key, "") for k in kinds if k.email},
        )
        messages.success(request, _("Đã lưu cách nhận thông báo."))
        return redirect("notification_preferences")
    rows = [
        (k, services.delivery_for(user=request.user, kind_key=k.key) if k.email else Delivery.APP)
        for k in kinds
    ]
    return render(
        request,
        "notifications/preferences.html",
        {"rows": rows, "choices": Delivery.choices, "has_email": bool(request.user.email)},
    )
