from django.db.models import QuerySet
from django.http import Http404

from frontnet.units import access

from .models import Notification


def notifications_of(*, user) -> QuerySet[Notification]:
    """A user's own notifications, newest first (they are scoped when sent)."""
    return Notification.objects.filter(recipient=user).select_related("unit")


def unread_count(*, user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notification_get_for_user(*, user, pk) -> Notification:
    """One of the user's own notifications whose unit they still see, else 404."""
    own = notifications_of(user=user)
    n = access.one_or_404(own, pk, "not yours")
    if n.unit is not None and not access.in_scope(user=user, unit=n.unit):
        raise Http404("not in scope")
    return n
