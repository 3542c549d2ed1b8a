"""Campaigns: the list, creation by the province office, the unit's share report, the page
with its counts as of a day, and its xlsx."""

import datetime as dt
import io

import xlsxwriter
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from frontnet.core.views import add_service_errors, posted, refusals_on
from frontnet.monitoring.target_selectors import levels_below_province
from frontnet.units.access import office_province, province_get_managed, user_can_edit_unit

from . import selectors, services
from .forms import CampaignForm, ShareForm


def _as_of(request) -> dt.date:
    """?as_of= as typed (dd/mm/yyyy) or from a link (ISO); today when absent or bad."""
    try:
        return forms.DateField().clean(request.GET.get("as_of", ""))
    except ValidationError:
        return timezone.localdate()


@require_GET
def campaign_list(request):
    return render(
        request,
        "campaigns/list.html",
        {
            "campaigns": selectors.campaigns_visible_to(request.user),
            "province": office_province(user=request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def campaign_create(request, pk):
    province = province_get_managed(user=request.user, pk=pk)
    form = CampaignForm(posted(request), levels=levels_below_province(province))
    if request.method == "POST" and form.is_valid():
        with refusals_on(form):
            campaign = services.campaign_create(
                province=province, by=request.user, **form.service_kwargs()
            )
            messages.success(request, _("Đã tạo đợt “%(name)s”.") % {"name": campaign.name})
            return redirect("campaign_detail", pk=campaign.pk)
    return render(
        request, "campaigns/form.html", {"form": form, "unit": province, "breadcrumb": []}
    )


def campaign_detail(request, pk):
    campaign = selectors.campaign_get_for_user(request.user, pk)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    own = request.user.unit if request.user.unit_id else None
    can_report = (
        own is not None
        and user_can_edit_unit(user=request.user, unit=own)
        and selectors.addressed_units(campaign).filter(pk=own.pk).exists()
    )
    table = selectors.campaign_table(request.user, campaign, as_of=_as_of(request))
    return render(
        request,
        "campaigns/detail.html",
        {
            "campaign": campaign,
            "table": table,
            "interacting": selectors.cadres_interacting(campaign, table.as_of),
            "can_report": can_report,
        },
    )


def campaign_report(request, pk):
    """The user's own unit reports, per item, the link of its post and its cadres' shares."""
    campaign = selectors.campaign_get_for_user(request.user, pk)
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    unit = request.user.unit if request.user.unit_id else None
    if unit is None or not user_can_edit_unit(user=request.user, unit=unit):
        raise PermissionDenied
    data = posted(request)
    existing = {r.item_id: r for r in selectors.unit_reports(campaign, unit)}
    ticked = selectors.unit_interactions(campaign, unit)
    cadres = selectors.unit_cadres(request.user, unit)
    rows = []
    for item in campaign.items.all():
        report = existing.get(item.pk)
        initial = {
            "shared_by": ticked.get((item.pk, "shared"), []),
            "commented_by": ticked.get((item.pk, "commented"), []),
        }
        if report:
            initial |= {"post_link": report.post_link_raw, "cadres_shared": report.cadres_shared}
        rows.append((item, ShareForm(data, prefix=f"i{item.pk}", initial=initial, cadres=cadres)))
    if request.method == "POST" and all(f.is_valid() for _i, f in rows):
        saved, failed = 0, False
        for item, form in rows:
            if not form.cleaned_data["post_link"]:
                continue
            try:
                services.share_report(
                    item=item, unit=unit, by=request.user, **form.service_kwargs()
                )
                saved += 1
            except ValidationError as exc:
                add_service_errors(form, exc)
                failed = True
        if not failed:
            messages.success(request, _("Đã ghi %(n)s báo cáo chia sẻ.") % {"n": saved})
            return redirect("campaign_detail", pk=campaign.pk)
    return render(
        request, "campaigns/report.html", {"campaign": campaign, "rows": rows, "unit": unit}
    )


def campaign_xlsx(request, pk):
    campaign = selectors.campaign_get_for_user(request.user, pk)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    table = selectors.campaign_table(request.user, campaign, as_of=_as_of(request))
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    sheet = book.add_worksheet(_("Chia sẻ")[:31])
    bold = book.add_format({"bold": True})
    sheet.write_string(0, 0, f"{campaign.name} · {table.as_of:%d/%m/%Y}", bold)
    header = [
        _("Đơn vị"),
        *(item.title for item in table.items),
        _("Số bài đã chia sẻ"),
        _("Số cán bộ đã chia sẻ"),
    ]
    for col, text in enumerate(header):
        sheet.write_string(2, col, text, bold)
    for r, line in enumerate(table.lines, start=3):
        sheet.write_string(r, 0, line.unit.name)
        for c, share in enumerate(line.shares, start=1):
            if share:
                sheet.write_number(r, c, share.cadres_shared)
            else:
                sheet.write_string(r, c, _("Chưa"))
        sheet.write_number(r, len(table.items) + 1, line.items_shared)
        sheet.write_number(r, len(table.items) + 2, line.cadres_shared)
    sheet.set_column(0, 0, 34)
    sheet.set_column(1, len(header), 16)
    book.close()
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="dot-{campaign.pk}-{table.as_of}.xlsx"'
    return response
