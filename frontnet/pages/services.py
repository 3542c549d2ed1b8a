"""What changes community pages. Every write records a PageEvent and an audit entry.

The reporting cycle of seed 002: a unit registers its page (draft), reports it to the
level above (reported), which verifies it (verified) or returns it with a reason
(returned); the unit fixes it and reports again. Each step is a timestamped PageEvent,
so a deadline can later be judged from the events alone.

A reported or verified page whose name, link or platform changes goes back to draft: what
the level above checked is no longer what is registered, so it must be reported again.
A change of manager or creation date alone keeps the status.
"""

import datetime as dt
import unicodedata

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from frontnet.audit.models import Action, Channel
from frontnet.audit.services import audit_record, snapshot
from frontnet.cadres.models import Cadre, Platform
from frontnet.cadres.normalize import LinkError, normalize_link
from frontnet.core.vntext import clean_text
from frontnet.units.models import Unit

from . import notices
from .models import CommunityPage, NameVerdict, PageAction, PageEvent, PageStatus
from .naming import check_page_name
from .selectors import expected_name_for, page_can_verify

# Fields whose change invalidates what the level above checked.
CHECKED_FIELDS = ("name", "canonical", "platform_id")


def _invisible(ch: str) -> bool:
    # Joiners and tag characters build emoji (👨‍👩‍👧, subdivision flags): kept.
    return (
        unicodedata.category(ch) == "Cf"
        and ch not in "\u200c\u200d"
        and not 0xE0020 <= ord(ch) <= 0xE007F
    )


def clean_page_name(raw: str) -> str:
    """NFC, single spaces, no control or invisible characters. HTML and emoji are kept as typed: they
    are stored as text and escaped wherever they are shown."""
    # Invisible format characters (soft hyphens, bidi marks) come with copy-pastes: dropped.
    name = clean_text("".join(c for c in raw or "" if not _invisible(c)))
    if not name:
        raise ValidationError({"name": _("Tên trang không được để trống.")})
    if any(unicodedata.category(c) == "Cc" for c in name):
        raise ValidationError({"name": _("Tên trang có ký tự điều khiển không hợp lệ.")})
    if len(name) > 255:
        raise ValidationError({"name": _("Tên trang dài quá 255 ký tự.")})
    return name


def normalize_page_link(raw: str, platform: Platform | None):
    """The link as normalize_link reads it, or a ValidationError naming the field."""
    text = clean_text(raw)
    if not text:
        raise ValidationError({"link_raw": _("Liên kết của trang không được để trống.")})
    try:
        link = normalize_link(text, default_platform=platform.network if platform else None)
    except LinkError as exc:
        raise ValidationError(
            {"link_raw": _("Liên kết của trang: %(error)s") % {"error": exc}}
        ) from None
    if platform is not None and link.platform != platform.network:
        raise ValidationError(
            {
                "link_raw": _(
                    "Liên kết của trang không phải của %(platform)s; hãy kiểm tra lại liên kết "
                    "hoặc chọn đúng nền tảng."
                )
                % {"platform": platform.name}
            }
        )
    return link


def _check_manager(unit: Unit, manager: Cadre | None) -> None:
    if manager is not None and manager.unit_id != unit.pk:
        raise ValidationError(
            {
                "manager": _("Người quản lý trang phải là cán bộ của chính đơn vị %(unit)s.")
                % {"unit": unit.name}
            }
        )


def _check_created_on(created_on: dt.date | None) -> None:
    if created_on and created_on > timezone.localdate():
        raise ValidationError({"created_on": _("Ngày lập trang không được ở tương lai.")})


def _check_unique(page: CommunityPage) -> None:
    clash = CommunityPage.objects.filter(
        unit_id=page.unit_id, canonical=page.canonical, active=True
    ).exclude(pk=page.pk)
    if page.active and clash.exists():
        raise ValidationError(
            {
                "link_raw": _("Đơn vị đã đăng ký trang có liên kết này: %(name)s.")
                % {"name": clash.first().name}
            }
        )


def _apply_name_check(page: CommunityPage) -> None:
    page.expected_name = expected_name_for(page.unit)
    if not page.expected_name:
        page.name_verdict = NameVerdict.NO_RULE
    else:
        page.name_verdict = check_page_name(page.name, page.expected_name).verdict


def _event(page: CommunityPage, action: str, by, note: str = "", at=None) -> PageEvent:
    return PageEvent.objects.create(
        page=page,
        action=action,
        at=at or timezone.now(),
        by=by if getattr(by, "pk", None) else None,
        note=note[:500],
    )


@transaction.atomic
def page_register(
    *,
    unit: Unit,
    platform: Platform,
    name: str,
    link: str,
    by,
    manager: Cadre | None = None,
    created_on: dt.date | None = None,
    channel: str = Channel.WEB,
) -> CommunityPage:
    link_info = normalize_page_link(link, platform)
    page = CommunityPage(
        unit=unit,
        platform=platform,
        name=clean_page_name(name),
        link_raw=clean_text(link),
        canonical=link_info.canonical,
        verifiable=link_info.verifiable,
        manager=manager,
        created_on=created_on,
    )
    _check_manager(unit, manager)
    _check_created_on(created_on)
    _check_unique(page)
    _apply_name_check(page)
    page.full_clean()
    page.save()
    _event(page, PageAction.REGISTER, by)
    audit_record(obj=page, by=by, action=Action.CREATE, channel=channel)
    return page


@transaction.atomic
def page_update(*, page: CommunityPage, by, channel: str = Channel.WEB, **fields) -> CommunityPage:
    """Change name, link, platform, manager or creation date; re-run the name check.
    `fields` uses the names page_register takes (`link`, not `link_raw`)."""
    allowed = {"platform", "name", "link", "manager", "created_on"}
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"page_update() got unexpected fields: {sorted(unknown)}")
    page = CommunityPage.objects.select_for_update().select_related("unit").get(pk=page.pk)
    before = snapshot(page)

    if "platform" in fields:
        page.platform = fields["platform"]
    if "name" in fields:
        page.name = clean_page_name(fields["name"])
    if "link" in fields or "platform" in fields:
        raw = fields.get("link", page.link_raw)
        link_info = normalize_page_link(raw, page.platform)
        page.link_raw = clean_text(raw)
        page.canonical = link_info.canonical
        page.verifiable = link_info.verifiable
    if "manager" in fields:
        _check_manager(page.unit, fields["manager"])
        page.manager = fields["manager"]
    if "created_on" in fields:
        _check_created_on(fields["created_on"])
        page.created_on = fields["created_on"]
    _check_unique(page)
    _apply_name_check(page)
    page.full_clean()

    after = snapshot(page)
    if after == before:
        return page
    reopened = page.status in {PageStatus.REPORTED, PageStatus.VERIFIED} and any(
        before[f] != after[f] for f in CHECKED_FIELDS
    )
    if reopened:
        page.status = PageStatus.DRAFT
        page.verified_at = None
        page.verified_by = None
        after = snapshot(page)
    page.save()
    _event(page, PageAction.UPDATE, by)
    if reopened:
        _event(page, PageAction.REOPEN, by, _("Tên hoặc liên kết đã đổi, cần báo cáo lại."))
    audit_record(obj=page, by=by, action=Action.UPDATE, channel=channel, before=before, after=after)
    return page


def _transition(
    page: CommunityPage, *, allowed_from: set[str], message: str, answered_by=None
) -> tuple[CommunityPage, dict]:
    page = CommunityPage.objects.select_for_update().select_related("unit").get(pk=page.pk)
    # An answer (verify, return) is checked on the locked row: who reported it is read there.
    if answered_by is not None and not page_can_verify(answered_by, page):
        raise PermissionDenied
    if not page.active:
        raise ValidationError(_("Trang đã ngừng hoạt động, không thể báo cáo hay xác nhận."))
    if page.status not in allowed_from:
        raise ValidationError(message % {"status": page.get_status_display()})
    return page, snapshot(page)


@transaction.atomic
def page_report(*, page: CommunityPage, by, channel: str = Channel.WEB) -> CommunityPage:
    """The unit reports its page (name and link) to the level above."""
    page, before = _transition(
        page,
        allowed_from={PageStatus.DRAFT, PageStatus.RETURNED},
        message=_("Chỉ báo cáo được trang chưa báo cáo hoặc bị trả lại (trang đang: %(status)s)."),
    )
    now = timezone.now()
    page.status = PageStatus.REPORTED
    page.reported_at = now
    page.reported_by = by
    page.verified_at = None
    page.verified_by = None
    page.save(
        update_fields=[
            "status",
            "reported_at",
            "reported_by",
            "verified_at",
            "verified_by",
            "updated_at",
        ]
    )
    _event(page, PageAction.REPORT, by, at=now)
    audit_record(obj=page, by=by, action=Action.REPORT, channel=channel, before=before, at=now)
    notices.told_reported(page)
    return page


@transaction.atomic
def page_verify(
    *, page: CommunityPage, by, note: str = "", channel: str = Channel.WEB
) -> CommunityPage:
    """The level above (or the area specialist) confirms the reported page."""
    page, before = _transition(
        page,
        allowed_from={PageStatus.REPORTED},
        message=_("Chỉ xác nhận được trang đã báo cáo (trang đang: %(status)s)."),
        answered_by=by,
    )
    note = clean_text(note)
    if page.name_verdict == NameVerdict.MISMATCH and not note:
        # Accepting a name that breaks the convention is a decision: it says why.
        raise ValidationError(
            {
                "note": _(
                    "Tên trang chưa đúng quy ước (“%(expected)s”): muốn vẫn xác nhận, ghi lý do vào ghi chú."
                )
                % {"expected": page.expected_name}
            }
        )
    now = timezone.now()
    page.status = PageStatus.VERIFIED
    page.verified_at = now
    page.verified_by = by
    page.return_reason = ""
    page.save(update_fields=["status", "verified_at", "verified_by", "return_reason", "updated_at"])
    _event(page, PageAction.VERIFY, by, note, at=now)
    audit_record(
        obj=page, by=by, action=Action.VERIFY, channel=channel, before=before, note=note, at=now
    )
    notices.told_answered(page, returned=False)
    return page


@transaction.atomic
def page_return(
    *, page: CommunityPage, by, reason: str, channel: str = Channel.WEB
) -> CommunityPage:
    """The level above sends the page back to the unit, saying what to fix."""
    reason = clean_text(reason)
    if not reason:
        raise ValidationError({"reason": _("Lý do trả lại không được để trống.")})
    if len(reason) > 500:
        raise ValidationError({"reason": _("Lý do trả lại dài quá 500 ký tự.")})
    page, before = _transition(
        page,
        allowed_from={PageStatus.REPORTED},
        message=_("Chỉ trả lại được trang đã báo cáo (trang đang: %(status)s)."),
        answered_by=by,
    )
    now = timezone.now()
    page.status = PageStatus.RETURNED
    page.return_reason = reason
    page.save(update_fields=["status", "return_reason", "updated_at"])
    _event(page, PageAction.RETURN, by, reason, at=now)
    audit_record(
        obj=page, by=by, action=Action.RETURN, channel=channel, before=before, note=reason, at=now
    )
    notices.told_answered(page, returned=True)
    return page
