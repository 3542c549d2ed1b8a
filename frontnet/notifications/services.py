"""Sending notifications. Only users who may see the notification's unit receive it."""

from collections.abc import Iterable

from django.utils import timezone

from frontnet.units.access import in_scope

from .kinds import Kind
from .models import Notification


def notify(*, kind: Kind, recipients: Iterable, unit=None, url: str = "", args=None) -> list:
    """Tell each recipient (once each) about something of `unit`; returns the notifications."""
    seen: set[int] = set()
    rows = []
    for user in recipients:
        if user is None or user.pk in seen or not user.is_active:
            continue
        seen.add(user.pk)
        if unit is not None and not in_scope(user=user, unit=unit):
            continue  # nobody is told about what they may not see
        rows.append(
            Notification(recipient=user, kind=kind.key, args=args or {}, unit=unit, url=url)
        )
    return Notification.objects.bulk_create(rows)


def notifications_mark_read(*, user, ids: Iterable[int] | None = None) -> int:
    """Mark the user's notifications (all, or the given ids) read."""
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read_at=timezone.now())
