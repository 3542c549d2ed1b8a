"""E-mail for notifications: one message at once, or one daily digest per user.

Django's e-mail framework, configured from EMAIL_URL (config/settings.py); links are made
absolute with FRONTNET_BASE_URL. Vietnamese text with an HTML alternative; each message is
rendered in Vietnamese (the app's language) whatever the sender's request.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .kinds import kind_of
from .models import Delivery, Notification, NotificationPreference

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 5


def absolute(url: str) -> str:
    if not url or url.startswith(("http://", "https://")):
        return url
    return settings.FRONTNET_BASE_URL.rstrip("/") + url


def _message(user, subject: str, items: list[Notification]) -> EmailMultiAlternatives:
    context = {
        "user": user,
        "items": [(n.text, absolute(n.url), n) for n in items],
        "home": absolute("/notifications/"),
        "prefs": absolute("/notifications/preferences/"),
    }
    text = render_to_string("notifications/email.txt", context)
    html = render_to_string("notifications/email.html", context)
    mail = EmailMultiAlternatives(
        subject=subject, body=text, from_email=settings.DEFAULT_FROM_EMAIL, to=[user.email]
    )
    mail.attach_alternative(html, "text/html")
    return mail


def _send(user, subject: str, items: list[Notification]) -> bool:
    """Send one message about `items`; on failure count the attempt and log, keep the rows."""
    ids = [n.pk for n in items]
    try:
        _message(user, subject, items).send()
    except Exception as exc:  # any transport error: the in-app rows stay, a later run retries
        log.warning("notification e-mail to %s failed: %s", user.email, exc)
        Notification.objects.filter(pk__in=ids).update(
            email_attempts=F("email_attempts") + 1, email_error=str(exc)[:300]
        )
        return False
    Notification.objects.filter(pk__in=ids).update(emailed_at=timezone.now(), email_error="")
    return True


def send_now(ids: list[int]) -> int:
    """E-mail each of these notifications on its own; returns how many went out."""
    sent = 0
    rows = Notification.objects.filter(
        pk__in=ids, emailed_at__isnull=True, email_attempts__lt=MAX_ATTEMPTS
    ).select_related("recipient")
    with translation.override(settings.LANGUAGE_CODE):
        for n in rows:
            if not n.recipient.email or not n.recipient.is_active:
                continue
            # The kind's short label: a long Vietnamese subject is folded into several
            # encoded words, and Python's e-mail generator loses a space at each fold.
            kind = kind_of(n.kind)
            subject = "[FrontNet] " + str(kind.label if kind else n.kind)
            sent += _send(n.recipient, subject, [n])
    return sent


def retry_failed() -> int:
    """Send again what failed before (fewer than MAX_ATTEMPTS tries), one by one."""
    ids = list(
        Notification.objects.filter(
            emailed_at__isnull=True, email_attempts__gt=0, email_attempts__lt=MAX_ATTEMPTS
        ).values_list("pk", flat=True)
    )
    return send_now(ids)


def send_digests() -> int:
    """One e-mail per user listing their not yet e-mailed notifications of digest kinds."""
    sent = 0
    prefs = NotificationPreference.objects.filter(delivery=Delivery.DIGEST).select_related("user")
    kinds_of: dict[int, set[str]] = {}
    users = {}
    for p in prefs:
        kinds_of.setdefault(p.user_id, set()).add(p.kind)
        users[p.user_id] = p.user
    with translation.override(settings.LANGUAGE_CODE):
        for user_id, kinds in kinds_of.items():
            user = users[user_id]
            if not user.email or not user.is_active:
                continue
            items = list(
                Notification.objects.filter(
                    recipient_id=user_id,
                    kind__in=kinds,
                    emailed_at__isnull=True,
                    email_attempts__lt=MAX_ATTEMPTS,
                ).order_by("created_at", "id")
            )
            if items:
                subject = _("[FrontNet] %(count)s thông báo mới trong ngày") % {"count": len(items)}
                sent += _send(user, subject, items)
    return sent
