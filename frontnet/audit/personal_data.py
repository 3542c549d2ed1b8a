"""The change log's copies of a person's data (before/after values, the record's name)
for the access export and erasure (frontnet.privacy.registry)."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from frontnet.privacy.registry import register_handler

from .models import AuditEntry


def _about(person):
    cadre = person.cadre
    own = Q(model="cadres.cadre", object_id=str(cadre.pk))
    own |= Q(model="cadres.socialaccount", object_id__in=[str(i) for i in person.account_ids])
    return own


@register_handler("audit.entries", label=_("Nhật ký thay đổi"))
class AuditEntries:
    def collect(self, person) -> list:
        entries = AuditEntry.objects.filter(_about(person)).order_by("at", "id")
        return [
            {
                "at": e.at,
                "by": e.actor_name,
                "channel": e.channel,
                "action": e.action,
                "record": e.model,
                "object": e.object_repr,
                "changes": e.changes,
                "note": e.note,
            }
            for e in entries
        ]

    def erase(self, person) -> int:
        mentioned = person.candidates(
            AuditEntry.objects.all(), "object_repr", "note", json_columns=("changes",)
        )
        changed = 0
        seen = set()
        for queryset in (AuditEntry.objects.filter(_about(person)), mentioned):
            for entry in queryset.only("pk", "object_repr", "note", "changes"):
                if entry.pk in seen:
                    continue
                seen.add(entry.pk)
                scrubbed = (
                    person.scrub(entry.object_repr),
                    person.scrub(entry.note),
                    person.scrub(entry.changes),
                )
                if scrubbed != (entry.object_repr, entry.note, entry.changes):
                    AuditEntry.objects.filter(pk=entry.pk).update(
                        object_repr=scrubbed[0], note=scrubbed[1], changes=scrubbed[2]
                    )
                    changed += 1
        return changed
