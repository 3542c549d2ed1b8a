"""Every write of campaigns: the province office creates one, units report their shares."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from frontnet.audit.models import Action, Channel
from frontnet.audit.services import audit_record, snapshot
from frontnet.cadres.normalize import LinkError, normalize_link
from frontnet.core.vntext import clean_text
from frontnet.units.access import user_can_edit_unit, user_manages_province

from .models import Campaign, ContentItem, ShareReport
from .selectors import addressed_units


def _link(raw: str, field: str, where: str):
    try:
        return normalize_link(clean_text(raw))
    except LinkError as exc:
        raise ValidationError({field: f"{where}: {exc}"}) from None


def campaign_create(
    *,
    province,
    name,
    starts_on,
    ends_on,
    description="",
    levels=(),
    units=(),
    items,
    by,
    now=None,
    channel: str = Channel.WEB,
) -> Campaign:
    """`items`: (title, channel, link) of each post to spread, in order."""
    if not user_manages_province(user=by, province=province):
        raise PermissionDenied
    if not items:
        raise ValidationError({"items": _("Nội dung cần lan toả: chưa có bài nào.")})
    if not levels and not units:
        raise ValidationError({"levels": _("Gửi tới: chọn ít nhất một cấp hoặc một đơn vị.")})
    campaign = Campaign(
        province=province,
        name=clean_text(name),
        starts_on=starts_on,
        ends_on=ends_on,
        description=(description or "").strip(),
        created_by=by,
        created_at=now or timezone.now(),
    )
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("Đến ngày: phải sau ngày bắt đầu.")})
    rows = []
    for n, (title, platform, link) in enumerate(items, start=1):
        where = _("Nội dung %(n)s") % {"n": n}
        rows.append(
            ContentItem(
                title=clean_text(title),
                channel=platform,
                link_raw=clean_text(link),
                canonical=_link(link, "items", where).canonical,
                order=n,
            )
        )
    campaign.full_clean()
    with transaction.atomic():
        campaign.save()
        campaign.levels.set(levels)
        campaign.units.set([u for u in units if u.path.startswith(province.path)])
        for row in rows:
            row.campaign = campaign
            row.full_clean()
        ContentItem.objects.bulk_create(rows)
        audit_record(
            obj=campaign, by=by, action=Action.CREATE, unit_id=province.pk, channel=channel
        )
    return campaign


def share_report(
    *,
    item,
    unit,
    post_link: str,
    cadres_shared: int,
    by,
    now=None,
    channel: str = Channel.WEB,
) -> ShareReport:
    """A unit reports (or corrects) that it shared an item; its post link is normalised."""
    if not user_can_edit_unit(user=by, unit=unit):
        raise PermissionDenied
    if not addressed_units(item.campaign).filter(pk=unit.pk).exists():
        raise ValidationError(_("Đợt này không gửi tới %(unit)s.") % {"unit": unit.name})
    if cadres_shared < 0:
        raise ValidationError({"cadres_shared": _("Số cán bộ đã chia sẻ: không được âm.")})
    link = _link(post_link, "post_link", _("Liên kết bài chia sẻ"))
    report = ShareReport.objects.filter(item=item, unit=unit).first()
    before = snapshot(report) if report else None
    report = report or ShareReport(item=item, unit=unit)
    report.post_link_raw = clean_text(post_link)
    report.post_canonical = link.canonical
    report.cadres_shared = cadres_shared
    report.reported_by = by
    report.reported_at = now or timezone.now()
    report.full_clean()
    with transaction.atomic():
        report.save()
        audit_record(
            obj=report,
            by=by,
            action=Action.UPDATE if before else Action.CREATE,
            before=before,
            channel=channel,
        )
    return report
