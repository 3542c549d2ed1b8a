"""Notifications whose arguments name a person (frontnet.privacy.registry)."""

from django.utils.translation import gettext_lazy as _

from frontnet.privacy.registry import register_handler

from .models import Notification


@register_handler("notifications.args", label=_("Thông báo"))
class NotificationArgs:
    def _mentioning(self, person):
        return person.candidates(Notification.objects.all(), "url", json_columns=("args",))

    def collect(self, person) -> list:
        return [
            {"to": str(n.recipient_id), "kind": n.kind, "at": n.created_at, "text": n.text}
            for n in self._mentioning(person)
        ]

    def erase(self, person) -> int:
        changed = 0
        for note in self._mentioning(person).only("pk", "args"):
            args = person.scrub(note.args)
            if args != note.args:
                Notification.objects.filter(pk=note.pk).update(args=args)
                changed += 1
        return changed
