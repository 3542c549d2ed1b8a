"""Sending notifications. Only users who may see the notification's unit receive it.

The in-app row is written first, in the caller's transaction; e-mail leaves afterwards in a
task (`tasks.send_notification_emails`, enqueued on commit), so a request never waits for
a mail server and a failed send never loses the notification (it is retried by
`manage.py send_emails`, see email.py).
"""

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from frontnet.units.access import in_scope

from .kinds import Kind
from .models import DEFAULT_DELIVERY, Delivery, Notification, NotificationPreference


def delivery_for(*, user, kind_key: str) -> str:
    """How the user wants this kind: their choice, else the default (no address: in-app)."""
    from .kinds import kind_of

    kind = kind_of(kind_key)
    if not user.email or (kind is not None and not kind.email):
        return Delivery.APP
    pref = NotificationPreference.objects.filter(user=user, kind=kind_key).first()
    return pref.delivery if pref else DEFAULT_DELIVERY


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
    made = Notification.objects.bulk_create(rows)
    at_once = [
        n.pk
        for n in made
        if n.pk and delivery_for(user=n.recipient, kind_key=kind.key) == Delivery.EMAIL
    ]
    if at_once:
        from .tasks import send_notification_emails

        transaction.on_commit(lambda: send_notification_emails.enqueue(at_once))
    return made


def notifications_mark_read(*, user, ids: Iterable[int] | None = None) -> int:
    """Mark the user's notifications (all, or the given ids) read."""
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read_at=timezone.now())


def notifications_hand_over(*, old, new, unit) -> int:
    """A reassigned area: the old specialist's unread notifications about its subtree go to
    the new one (who sees it now), so nothing waiting is lost in the change."""
    return Notification.objects.filter(
        recipient=old, read_at__isnull=True, unit__path__startswith=unit.path
    ).update(recipient=new)


@transaction.atomic
def preferences_set(*, user, choices: dict[str, str]) -> None:
    """Store the user's delivery per kind (kinds left at the default keep no row)."""
    for key, delivery in choices.items():
        if delivery not in Delivery.values:
            continue
        NotificationPreference.objects.update_or_create(
            user=user, kind=key, defaults={"delivery": delivery}
        )
