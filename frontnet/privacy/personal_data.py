"""This app's own copies of a person's data: consent records and their scans, the access
log's filters, the texts of requests and breaches (frontnet.privacy.registry)."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from .models import AccessLogEntry, Breach, Consent, DataSubjectRequest
from .registry import register_handler


@register_handler("privacy.records", label=_("Đồng ý, nhật ký truy cập, yêu cầu"), order=900)
class PrivacyRecords:
    def collect(self, person) -> list:
        cadre = person.cadre
        rows = [
            {
                "record": "consent",
                "notice_version": c.notice.version,
                "agreed_on": c.agreed_on,
                "method": c.get_method_display(),
                "scan": bool(c.scan),
                "withdrawn_on": c.withdrawn_on,
            }
            for c in Consent.objects.filter(cadre=cadre).select_related("notice")
        ]
        rows += [
            {
                "record": "request",
                "kind": r.get_kind_display(),
                "received_on": r.received_on,
                "outcome": r.get_outcome_display(),
                "closed_on": r.closed_on,
            }
            for r in DataSubjectRequest.objects.filter(cadre=cadre)
        ]
        rows += [
            {
                "record": "access",
                "at": e.at,
                "by": e.user.username if e.user else "",
                "action": e.get_action_display(),
                "what": e.what,
                "reason": e.reason,
            }
            for e in AccessLogEntry.objects.filter(cadre=cadre).select_related("user")
        ]
        return rows

    def erase(self, person) -> int:
        changed = 0
        for consent in Consent.objects.filter(cadre=person.cadre).exclude(scan=""):
            # A signed form shows the name: the file goes, once the erasure commits.
            name, storage = consent.scan.name, consent.scan.storage
            transaction.on_commit(lambda name=name, storage=storage: storage.delete(name))
            Consent.objects.filter(pk=consent.pk).update(scan="")
            changed += 1
        for model, columns, json_columns in (
            (AccessLogEntry, ("what", "reason"), ("filters",)),
            (DataSubjectRequest, ("note", "outcome_note"), ()),
            (Breach, ("what", "measures"), ()),
        ):
            fields = [*columns, *json_columns]
            for row in person.candidates(model.objects.all(), *columns, json_columns=json_columns):
                values = {f: person.scrub(getattr(row, f)) for f in fields}
                if any(values[f] != getattr(row, f) for f in fields):
                    model.objects.filter(pk=row.pk).update(**values)
                    changed += 1
        return changed
