from django.db.models import QuerySet

from .models import Notification


def notifications_of(*, user) -> QuerySet[Notification]:
    """A user's own notifications, newest first (they are scoped when sent)."""
    return Notification.objects.filter(recipient=user).select_related("unit")


def unread_count(*, user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
