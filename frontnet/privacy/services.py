"""What changes personal-data records: consent, grants, the access log, requests, erasure,
retention, breaches. Each write is audited with its unit (the access log is itself a log)."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from frontnet.audit.models import Action, Channel
from frontnet.audit.services import audit_record, stamp_audited
from frontnet.cadres.models import Cadre
from frontnet.core.filesafety import check_upload
from frontnet.units.access import (
    personal_data_checker,
    province_of,
    user_is_dpo,
    user_manages_province,
)
from frontnet.units.models import Unit

from . import selectors
from .erasure import ERASED, Person, anonymous_name
from .models import (
    AccessAction,
    AccessLogEntry,
    Breach,
    Consent,
    ConsentNotice,
    DataSubjectRequest,
    Erasure,
    ErasureReason,
    GrantKind,
    PersonalDataGrant,
    PrivacySettings,
    RequestKind,
    RequestOutcome,
    Restriction,
)
from .registry import handlers


def _require_dpo(by, unit: Unit) -> None:
    if by is not None and not user_is_dpo(user=by, unit=unit):
        raise PermissionDenied


def _require_office(by, province: Unit) -> None:
    if by is not None and not user_manages_province(user=by, province=province):
        raise PermissionDenied


# --- The province's settings and notice -------------------------------------------------------


@transaction.atomic
def privacy_settings_update(
    *,
    province: Unit,
    by,
    retention_months: int,
    kept_without_consent: list[str],
    consent_min_version: int,
) -> PrivacySettings:
    _require_office(by, province)
    row = selectors.privacy_settings_of(province)
    before = {
        "retention_months": row.retention_months,
        "kept_without_consent": row.kept_without_consent,
        "consent_min_version": row.consent_min_version,
    }
    row.retention_months = retention_months
    row.kept_without_consent = sorted(kept_without_consent)
    row.consent_min_version = consent_min_version
    row.full_clean()
    row.save()
    after = {k: getattr(row, k) for k in before}
    audit_record(obj=row, by=by, action=Action.UPDATE, before=before, after=after)
    return row


@transaction.atomic
def consent_notice_publish(*, province: Unit, text: str, by) -> ConsentNotice:
    """A new version of the notice; the old ones stay, with the consents given to them."""
    _require_office(by, province)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Nội dung thông báo: chưa nhập.")})
    last = ConsentNotice.objects.filter(province=province).aggregate(v=Max("version"))["v"]
    notice = ConsentNotice(province=province, version=(last or 0) + 1, text=text, created_by=by)
    notice.full_clean()
    notice.save()
    audit_record(obj=notice, by=by, action=Action.CREATE)
    return notice


# --- Consent ----------------------------------------------------------------------------------


SCAN_KINDS = ("pdf", "png", "jpeg")
SCAN_MAX_BYTES = 10 * 1024 * 1024


def check_scan(upload) -> str:
    """The scan's kind from its content (core.filesafety, the one guard for uploads)."""
    try:
        kind = check_upload(upload, allowed=SCAN_KINDS, max_bytes=SCAN_MAX_BYTES)
    except ValidationError as exc:
        raise ValidationError({"scan": exc.messages}) from None
    return "jpg" if kind == "jpeg" else kind


@transaction.atomic
def consent_record(
    *,
    cadre: Cadre,
    by,
    agreed_on: dt.date,
    method: str,
    notice: ConsentNotice | None = None,
    scan=None,
    channel: str = Channel.WEB,
) -> Consent:
    """The cadre agreed to a version of the notice (the current one unless named)."""
    province = province_of(unit=cadre.unit)
    notice = notice or selectors.current_notice(province)
    if notice is None or notice.province_id != province.pk:
        raise ValidationError(_("Tỉnh chưa có thông báo xử lý dữ liệu cá nhân để đồng ý."))
    if agreed_on > timezone.localdate():
        raise ValidationError({"agreed_on": _("Ngày đồng ý không được ở tương lai.")})
    consent = Consent(
        cadre=cadre, notice=notice, agreed_on=agreed_on, method=method, recorded_by=by
    )
    if scan:
        kind = check_scan(scan)
        # A neutral file name: the uploaded one often carries the person's name.
        consent.scan.save(f"consent-{cadre.pk}.{kind}", scan, save=False)
    consent.full_clean()
    consent.save()
    audit_record(
        obj=consent,
        by=by,
        action=Action.CREATE,
        channel=channel,
        changes={
            "cadre_id": [None, cadre.pk],
            "notice_version": [None, notice.version],
            "agreed_on": [None, agreed_on.isoformat()],
            "method": [None, method],
            "scan": [None, bool(consent.scan)],
        },
    )
    return consent


CHUNK = 500  # cadres read per query (SQLite's parameter limit)


@transaction.atomic
def consents_record(
    *, agreed: dict[int, dt.date], by, method: str, channel: str = Channel.WEB
) -> int:
    """Consents to the current notice from a form or an import's consent column: cadre id ->
    day agreed. A cadre whose latest valid consent is of that day already gets none (the
    template writes that day back). Returns how many were recorded."""
    ids = sorted(agreed)
    recorded = 0
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        stored = selectors.consent_days(cadre_id__in=chunk)
        for cadre in Cadre.objects.filter(pk__in=chunk).select_related("unit"):
            if stored.get(cadre.pk) != agreed[cadre.pk]:
                consent_record(
                    cadre=cadre, by=by, agreed_on=agreed[cadre.pk], method=method, channel=channel
                )
                recorded += 1
    return recorded


@transaction.atomic
def consent_withdraw(*, consent: Consent, by, on: dt.date, channel: str = Channel.WEB) -> Consent:
    if consent.withdrawn_on:
        raise ValidationError(_("Đồng ý này đã được rút lại."))
    if on < consent.agreed_on:
        raise ValidationError({"withdrawn_on": _("Ngày rút lại không được trước ngày đồng ý.")})
    stamp_audited(consent, "withdrawn_on", on, by=by, action=Action.UPDATE, channel=channel)
    return consent


# --- Grants -----------------------------------------------------------------------------------


@transaction.atomic
def grant_give(*, user, province: Unit, kind: str, by) -> PersonalDataGrant:
    _require_office(by, province)
    if kind not in GrantKind.values:
        raise ValidationError({"kind": _("Quyền không hợp lệ.")})
    existing = PersonalDataGrant.objects.filter(
        user=user, province=province, kind=kind, revoked_at__isnull=True
    ).first()
    if existing:
        return existing
    grant = PersonalDataGrant.objects.create(user=user, province=province, kind=kind, granted_by=by)
    audit_record(obj=grant, by=by, action=Action.CREATE)
    return grant


@transaction.atomic
def grant_revoke(*, grant: PersonalDataGrant, by) -> PersonalDataGrant:
    _require_office(by, grant.province)
    now = timezone.now()
    # This entry has always stored the moment as str() gives it (a space, not a "T").
    stamp_audited(grant, "revoked_at", now, shown=str(now), by=by, action=Action.END)
    return grant


# --- The access log ---------------------------------------------------------------------------


def access_log(
    *,
    user,
    action: str,
    cadre: Cadre | None = None,
    unit: Unit | None = None,
    what: str = "",
    filters: dict | None = None,
    count: int = 0,
    reason: str = "",
    channel: str = Channel.WEB,
) -> AccessLogEntry:
    """One line of who saw or took whose personal data. Called by the views and exports."""
    return AccessLogEntry.objects.create(
        user=user if getattr(user, "pk", None) else None,
        action=action,
        cadre=cadre,
        unit=unit or (cadre.unit if cadre else None),
        what=what[:200],
        filters={k: v for k, v in (filters or {}).items() if v not in (None, "", False)},
        count=count if cadre is None else 1,
        reason=reason[:500],
        channel=channel,
    )


# --- Data-subject requests --------------------------------------------------------------------


def cadre_reveal(*, cadre: Cadre, by, reason: str = "", channel: str = Channel.WEB):
    """Log that `by` sees one cadre's unmasked phone and links, on an explicit request;
    viewers read the masked values only."""
    if not by.can_edit:
        raise PermissionDenied
    return access_log(
        user=by,
        action=AccessAction.REVEAL,
        cadre=cadre,
        what=_("Số điện thoại, liên kết"),
        reason=reason,
        channel=channel,
    )


@transaction.atomic
def request_create(
    *,
    cadre: Cadre,
    kind: str,
    received_on: dt.date,
    by,
    handler=None,
    note: str = "",
    channel: str = Channel.WEB,
) -> DataSubjectRequest:
    _require_dpo(by, cadre.unit)
    request = DataSubjectRequest(
        province=province_of(unit=cadre.unit),
        cadre=cadre,
        kind=kind,
        received_on=received_on,
        handler=handler or by,
        note=note.strip(),
        created_by=by,
    )
    if received_on > timezone.localdate():
        raise ValidationError({"received_on": _("Ngày nhận không được ở tương lai.")})
    request.full_clean()
    request.save()
    audit_record(obj=request, by=by, action=Action.CREATE, channel=channel)
    return request


@transaction.atomic
def request_close(
    *,
    request: DataSubjectRequest,
    outcome: str,
    by,
    note: str = "",
    on: dt.date | None = None,
    channel: str = Channel.WEB,
) -> DataSubjectRequest:
    """Answer a request. Done withdrawal withdraws the consents; done restriction or
    objection restricts the person's data; done deletion erases them."""
    _require_dpo(by, request.cadre.unit)
    if request.closed_on:
        raise ValidationError(_("Yêu cầu này đã đóng."))
    if outcome not in (RequestOutcome.DONE, RequestOutcome.REFUSED):
        raise ValidationError({"outcome": _("Kết quả: chọn đã thực hiện hoặc từ chối.")})
    if outcome == RequestOutcome.REFUSED and not note.strip():
        raise ValidationError({"outcome_note": _("Từ chối phải có lý do.")})
    on = on or timezone.localdate()
    cadre = request.cadre
    if outcome == RequestOutcome.DONE:
        if request.kind == RequestKind.WITHDRAWAL:
            for consent in Consent.objects.filter(cadre=cadre, withdrawn_on__isnull=True):
                consent_withdraw(
                    consent=consent, by=by, on=max(on, consent.agreed_on), channel=channel
                )
        elif request.kind in (RequestKind.RESTRICTION, RequestKind.OBJECTION):
            restriction_add(cadre=cadre, by=by, request=request, channel=channel)
        elif request.kind == RequestKind.DELETION:
            cadre_erase(
                cadre=cadre, by=by, reason=ErasureReason.REQUEST, request=request, channel=channel
            )
    request.outcome, request.outcome_note, request.closed_on = outcome, note.strip(), on
    request.save(update_fields=["outcome", "outcome_note", "closed_on"])
    audit_record(
        obj=request,
        by=by,
        action=Action.UPDATE,
        changes={"outcome": ["", outcome], "closed_on": [None, on.isoformat()]},
        channel=channel,
    )
    return request


@transaction.atomic
def restriction_add(
    *, cadre: Cadre, by, request: DataSubjectRequest | None = None, channel: str = Channel.WEB
) -> Restriction:
    _require_dpo(by, cadre.unit)
    current = Restriction.objects.filter(cadre=cadre, lifted_on__isnull=True).first()
    if current:
        return current
    row = Restriction.objects.create(
        cadre=cadre, request=request, since=timezone.localdate(), created_by=by
    )
    audit_record(obj=row, by=by, action=Action.CREATE, channel=channel)
    return row


@transaction.atomic
def restriction_lift(*, restriction: Restriction, by) -> Restriction:
    _require_dpo(by, restriction.cadre.unit)
    stamp_audited(restriction, "lifted_on", timezone.localdate(), by=by, action=Action.END)
    return restriction


# --- Access export and erasure ----------------------------------------------------------------


def subject_data(*, cadre: Cadre, by, channel: str = Channel.WEB, reason: str = "") -> dict:
    """Everything held about one person, per store (the registry's handlers); logged."""
    _require_dpo(by, cadre.unit)
    person = Person.of(cadre)
    data = {
        "cadre_id": cadre.pk,
        "exported_at": timezone.now(),
        "stores": {h.key: {"label": str(h.label), "rows": h.collect(person)} for h in handlers()},
    }
    access_log(
        user=by,
        action=AccessAction.SUBJECT_EXPORT,
        cadre=cadre,
        what=_("Toàn bộ dữ liệu của một người"),
        reason=reason,
        channel=channel,
    )
    return data


@transaction.atomic
def cadre_erase(
    *,
    cadre: Cadre,
    by,
    reason: str = ErasureReason.REQUEST,
    request: DataSubjectRequest | None = None,
    channel: str = Channel.WEB,
) -> Erasure:
    """Anonymise the person everywhere the registry's handlers know of (the cadre's own
    records last). The cadre row, its dates, category and accounts' platforms stay, so the
    counts published for the days before stay as they were."""
    if by is not None and reason == ErasureReason.REQUEST:
        _require_dpo(by, cadre.unit)
    cadre = Cadre.objects.select_for_update().select_related("unit").get(pk=cadre.pk)
    if Erasure.objects.filter(cadre=cadre).exists():
        raise ValidationError(_("Dữ liệu cá nhân của cán bộ này đã được ẩn danh."))
    person = Person.of(cadre)
    changed = {h.key: h.erase(person) for h in handlers()}
    cadre.refresh_from_db()
    erasure = Erasure.objects.create(
        cadre=cadre, by=by, reason=reason, request=request, changed=changed
    )
    audit_record(
        obj=cadre,
        by=by,
        action=Action.UPDATE,
        channel=channel,
        changes={"personal_data": [ERASED, anonymous_name(cadre.pk)]},
        note=_("Ẩn danh dữ liệu cá nhân: %(reason)s") % {"reason": erasure.get_reason_display()},
    )
    return erasure


def retention_run(*, today: dt.date, dry_run: bool = False, by=None) -> list[int]:
    """Anonymise the ended cadres whose province's retention period has passed; returns
    their ids (only counted with `dry_run`)."""
    due = list(selectors.retention_due(today=today).values_list("pk", flat=True))
    if dry_run:
        return due
    for pk in due:
        cadre = Cadre.objects.select_related("unit").get(pk=pk)
        cadre_erase(cadre=cadre, by=by, reason=ErasureReason.RETENTION, channel=Channel.SYSTEM)
    return due


# --- Breaches ---------------------------------------------------------------------------------


@transaction.atomic
def breach_record(
    *, province: Unit, by, found_at: dt.datetime, what: str, people: int, measures: str = ""
) -> Breach:
    _require_dpo(by, province)
    if found_at > timezone.now():
        raise ValidationError({"found_at": _("Thời điểm phát hiện không được ở tương lai.")})
    breach = Breach(
        province=province,
        found_at=found_at,
        what=what.strip(),
        people=people,
        measures=measures.strip(),
        created_by=by,
    )
    breach.full_clean()
    breach.save()
    audit_record(obj=breach, by=by, action=Action.CREATE)
    return breach


@transaction.atomic
def breach_update(*, breach: Breach, by, measures: str, notified_at: dt.datetime | None) -> Breach:
    _require_dpo(by, breach.province)
    if notified_at and notified_at < breach.found_at:
        raise ValidationError({"notified_at": _("Ngày thông báo không được trước lúc phát hiện.")})
    before = {"measures": breach.measures, "notified_at": str(breach.notified_at or "")}
    breach.measures, breach.notified_at = measures.strip(), notified_at
    breach.save(update_fields=["measures", "notified_at"])
    after = {"measures": breach.measures, "notified_at": str(breach.notified_at or "")}
    audit_record(obj=breach, by=by, action=Action.UPDATE, before=before, after=after)
    return breach


def personal_data_viewed(*, user, cadres, unit: Unit, filters: dict | None = None) -> None:
    """One access-log line when a page shows unmasked personal data of cadres outside the
    user's own unit (a list page: one line with how many)."""
    sees = personal_data_checker(user=user)
    seen = [c for c in cadres if c.unit_id != user.unit_id and sees(c.unit)]
    if not seen:
        return
    filters = {k: (v.pk if hasattr(v, "pk") else v) for k, v in (filters or {}).items()}
    access_log(
        user=user,
        action=AccessAction.VIEW,
        cadre=seen[0] if len(seen) == 1 and filters == {} else None,
        unit=unit,
        what=_("Số điện thoại, liên kết"),
        filters=filters,
        count=len(seen),
    )


def raw_file_taken(*, user, unit: Unit, uploaded_by_id, what: str, count: int) -> None:
    """One access-log line when someone other than its uploader takes a file as it was
    uploaded (an import's original, its rejected rows): it holds personal data unmasked."""
    if getattr(user, "pk", None) == uploaded_by_id:
        return
    access_log(user=user, action=AccessAction.EXPORT, unit=unit, what=what, count=count)


def export_logged(*, user, unit: Unit, what: str, reason: str, filters: dict | None = None) -> None:
    """One access-log line per export of a unit's cadres: the filter, how many people."""
    hidden = selectors.hidden_ids_for(user=user, unit=unit)
    count = (
        Cadre.objects.filter(active_to__isnull=True, unit__path__startswith=unit.path)
        .exclude(pk__in=hidden)
        .count()
    )
    access_log(
        user=user,
        action=AccessAction.EXPORT,
        unit=unit,
        what=what,
        filters={"unit": unit.pk, **(filters or {})},
        count=count,
        reason=reason,
    )
