"""Every write of campaigns: the province office creates one, units report their shares."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from frontnet.audit.models import Action, Channel
from frontnet.audit.services import audit_record, snapshot
from frontnet.cadres.normalize import LinkError
from frontnet.core.vntext import clean_text
from frontnet.units.access import user_can_edit_unit, user_manages_province

from . import links
from .models import CadreInteraction, Campaign, ContentItem, Interaction, ShareReport
from .selectors import addressed_units


def _link(raw: str, field: str, where: str, *, read=links.post_link):
    try:
        return read(clean_text(raw))
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
    shared=None,
    commented=None,
    now=None,
    channel: str = Channel.WEB,
) -> ShareReport:
    """A unit reports (or corrects) that it shared an item; its post link is normalised and
    must be the unit's own post (not the province's, not another unit's). `shared` and
    `commented`, when given, are the unit's cadres who did so (per cadre, optional): they
    replace what was recorded for the unit and item."""
    if not user_can_edit_unit(user=by, unit=unit):
        raise PermissionDenied
    if not addressed_units(item.campaign).filter(pk=unit.pk).exists():
        raise ValidationError(_("Đợt này không gửi tới %(unit)s.") % {"unit": unit.name})
    if cadres_shared < 0:
        raise ValidationError({"cadres_shared": _("Số cán bộ đã chia sẻ: không được âm.")})
    where = _("Liên kết bài chia sẻ")
    link = _link(post_link, "post_link", where, read=links.share_post_link)
    if link.canonical == item.canonical:
        raise ValidationError(
            {
                "post_link": _(
                    "%(where)s: đây là bài gốc của tỉnh; hãy dán liên kết bài chia sẻ trên "
                    "trang của đơn vị."
                )
                % {"where": where}
            }
        )
    other = (
        ShareReport.objects.filter(item=item, post_canonical=link.canonical)
        .exclude(unit=unit)
        .select_related("unit")
        .first()
    )
    if other:
        raise ValidationError(
            {
                "post_link": _("%(where)s: bài này đã được %(unit)s báo cáo.")
                % {"where": where, "unit": other.unit.name}
            }
        )
    if shared is not None and len(shared) > cadres_shared:
        raise ValidationError(
            {
                "cadres_shared": _(
                    "Số cán bộ đã chia sẻ (%(n)s) ít hơn số cán bộ được đánh dấu đã chia sẻ "
                    "(%(marked)s)."
                )
                % {"n": cadres_shared, "marked": len(shared)}
            }
        )
    report = ShareReport.objects.filter(item=item, unit=unit).first()
    before = snapshot(report) if report else None
    report = report or ShareReport(item=item, unit=unit)
    report.post_link_raw = clean_text(post_link)
    report.post_canonical = link.canonical
    report.page_canonical = link.account
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
        for action, cadres in ((Interaction.SHARED, shared), (Interaction.COMMENTED, commented)):
            if cadres is not None:
                _interactions_set(
                    item=item,
                    unit=unit,
                    action=action,
                    cadres=cadres,
                    by=by,
                    at=report.reported_at,
                    channel=channel,
                )
    return report


def _interactions_set(*, item, unit, action, cadres, by, at, channel) -> None:
    """Record exactly `cadres` (of the unit's subtree) as having done `action` on the item."""
    outside = [c for c in cadres if not c.unit.path.startswith(unit.path)]
    if outside:
        raise ValidationError(
            _("%(name)s không phải cán bộ của %(unit)s.")
            % {"name": outside[0].full_name, "unit": unit.name}
        )
    held = {
        i.cadre_id: i
        for i in CadreInteraction.objects.filter(
            item=item, action=action, unit__path__startswith=unit.path
        )
    }
    wanted = {c.pk: c for c in cadres}
    for cadre_id, row in held.items():
        if cadre_id not in wanted:
            audit_record(obj=row, by=by, action=Action.DELETE, channel=channel)
            row.delete()
    for cadre_id, cadre in wanted.items():
        if cadre_id not in held:
            row = CadreInteraction(
                item=item,
                cadre=cadre,
                unit_id=cadre.unit_id,
                action=action,
                recorded_by=by,
                recorded_at=at,
            )
            row.full_clean()
            row.save()
            audit_record(obj=row, by=by, action=Action.CREATE, channel=channel)
