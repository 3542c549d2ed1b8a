"""Personal-data pages: the province's settings, notice and grants (province office); the
register of requests, the access log and breaches (data-protection officer); a cadre's
consent and erasure; the reveal of a masked value."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from frontnet.cadres import selectors as cadre_selectors
from frontnet.core.views import add_service_errors, form_saved, posted, refusals_on, refusals_told
from frontnet.units.access import (
    province_get_for_user,
    province_of,
    user_can_edit_unit,
    user_is_dpo,
    user_manages_province,
)
from frontnet.units.rendering import unit_page

from . import exporting, selectors, services
from .forms import (
    AccessLogSearchForm,
    BreachForm,
    BreachUpdateForm,
    ConsentForm,
    GrantForm,
    NoticeForm,
    RequestCloseForm,
    RequestForm,
    SettingsForm,
    SubjectExportForm,
    WithdrawForm,
)
from .models import RequestKind


def _office_or_dpo(request, pk):
    province = province_get_for_user(user=request.user, pk=pk)
    office = user_manages_province(user=request.user, province=province)
    dpo = user_is_dpo(user=request.user, unit=province)
    if not (office or dpo):
        raise PermissionDenied
    return province, office, dpo


def _dpo_province(request, pk):
    province, _office, dpo = _office_or_dpo(request, pk)
    if not dpo:
        raise PermissionDenied
    return province


def _dpo_cadre(request, pk):
    cadre = cadre_selectors.cadre_get_for_user(request.user, pk)
    if not user_is_dpo(user=request.user, unit=cadre.unit):
        raise PermissionDenied
    return cadre


# --- The province's page ----------------------------------------------------------------------


def privacy_home(request, pk):
    province, office, dpo = _office_or_dpo(request, pk)
    current = selectors.privacy_settings_of(province)
    settings_form = SettingsForm(
        posted(request) if request.POST.get("form") == "settings" else None,
        initial={
            "retention_months": current.retention_months,
            "consent_min_version": current.consent_min_version,
            "kept_without_consent": current.kept_without_consent,
        },
    )
    notice_form = NoticeForm(posted(request) if request.POST.get("form") == "notice" else None)
    grant_form = GrantForm(
        posted(request) if request.POST.get("form") == "grant" else None,
        users=selectors.users_of_province(province),
    )
    if request.method == "POST":
        if not office:
            raise PermissionDenied
        saved = False
        if request.POST.get("form") == "settings":
            saved = form_saved(
                request, settings_form, services.privacy_settings_update, province=province
            )
        elif request.POST.get("form") == "notice":
            saved = form_saved(
                request, notice_form, services.consent_notice_publish, province=province
            )
        elif request.POST.get("form") == "grant" and grant_form.is_valid():
            services.grant_give(province=province, by=request.user, **grant_form.cleaned_data)
            saved = True
        if saved:
            messages.success(request, _("Đã lưu."))
            return redirect("privacy_home", pk=province.pk)
    return unit_page(
        request,
        "privacy/home.html",
        province,
        office=office,
        dpo=dpo,
        current=current,
        notices=selectors.notices_of(province),
        grants=selectors.grants_of(province),
        due=selectors.retention_due(today=timezone.localdate(), province=province).count(),
        settings_form=settings_form,
        notice_form=notice_form,
        grant_form=grant_form,
    )


@require_POST
def grant_revoke(request, pk):
    grant = selectors.grant_get_for_user(request.user, pk)
    services.grant_revoke(grant=grant, by=request.user)
    messages.success(request, _("Đã thu hồi quyền."))
    return redirect("privacy_home", pk=grant.province_id)


# --- Requests ---------------------------------------------------------------------------------


def request_list(request, pk):
    province = _dpo_province(request, pk)
    form = RequestForm(posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            cadre = cadre_selectors.cadre_get_for_user(request.user, data["cadre"])
            created = services.request_create(
                cadre=cadre,
                kind=data["kind"],
                received_on=data["received_on"],
                note=data["note"],
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        except Http404:  # an id outside the user's scope is "not found" here too
            form.add_error(
                "cadre", _("Mã cán bộ: không tìm thấy cán bộ này trong phạm vi của bạn.")
            )
        else:
            return redirect("privacy_request", pk=created.pk)
    rows = list(selectors.requests_of(province))
    today = timezone.localdate()
    return unit_page(
        request,
        "privacy/request_list.html",
        province,
        rows=[(r, r.days_left(today)) for r in rows],
        form=form,
    )


def request_detail(request, pk):
    subject = selectors.request_get_for_user(request.user, pk)
    if not user_is_dpo(user=request.user, unit=subject.cadre.unit):
        raise PermissionDenied
    form = RequestCloseForm(posted(request))
    if request.method == "POST" and form.is_valid():
        with refusals_on(form):
            services.request_close(
                request=subject,
                outcome=form.cleaned_data["outcome"],
                note=form.cleaned_data["note"],
                by=request.user,
            )
            messages.success(request, _("Đã đóng yêu cầu."))
            return redirect("privacy_request", pk=subject.pk)
    return unit_page(
        request,
        "privacy/request_detail.html",
        subject.province,
        subject=subject,
        days_left=subject.days_left(),
        form=form,
        export_form=SubjectExportForm(initial={"reason": str(subject)}),
        is_deletion=subject.kind == RequestKind.DELETION,
    )


# --- A cadre's personal data ------------------------------------------------------------------


def cadre_personal(request, pk):
    cadre = cadre_selectors.cadre_get_for_user(request.user, pk)
    can_edit = user_can_edit_unit(user=request.user, unit=cadre.unit)
    form = ConsentForm(posted(request), request.FILES or None)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            with refusals_on(form):
                services.consent_record(cadre=cadre, by=request.user, **form.cleaned_data)
                messages.success(request, _("Đã ghi nhận sự đồng ý."))
                return redirect("cadre_personal", pk=cadre.pk)
    province = province_of(unit=cadre.unit)
    return unit_page(
        request,
        "privacy/cadre.html",
        cadre.unit,
        cadre=cadre,
        can_edit=can_edit,
        dpo=user_is_dpo(user=request.user, unit=cadre.unit),
        consents=selectors.consents_of(cadre),
        consent_ok=selectors.cadre_consent_ok(cadre),
        notice=selectors.current_notice(province),
        restriction=selectors.restriction_of(cadre),
        erasure=selectors.erasure_of(cadre),
        form=form,
        withdraw_form=WithdrawForm(),
        export_form=SubjectExportForm(),
    )


@require_POST
def consent_withdraw(request, pk):
    consent = selectors.consent_get_for_user(request.user, pk)
    if not user_can_edit_unit(user=request.user, unit=consent.cadre.unit):
        raise PermissionDenied
    form = WithdrawForm(request.POST)
    if form.is_valid():
        with refusals_told(request):
            services.consent_withdraw(consent=consent, by=request.user, on=form.cleaned_data["on"])
            messages.success(request, _("Đã ghi nhận việc rút lại sự đồng ý."))
    return redirect("cadre_personal", pk=consent.cadre_id)


@require_POST
def cadre_subject_export(request, pk):
    cadre = _dpo_cadre(request, pk)
    form = SubjectExportForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Xuất dữ liệu: hãy nhập lý do."))
        return redirect("cadre_personal", pk=cadre.pk)
    data = services.subject_data(cadre=cadre, by=request.user, reason=form.cleaned_data["reason"])
    if form.cleaned_data["format"] == "json":
        body, kind, ext = exporting.subject_json(data), "application/json", "json"
    else:
        body = exporting.subject_xlsx(data)
        kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        ext = "xlsx"
    response = HttpResponse(body, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="du-lieu-ca-nhan-{cadre.pk}.{ext}"'
    return response


@require_POST
def cadre_erase(request, pk):
    cadre = _dpo_cadre(request, pk)
    if request.POST.get("confirm") != "1":
        messages.error(request, _("Hãy đánh dấu ô xác nhận trước khi ẩn danh."))
        return redirect("cadre_personal", pk=cadre.pk)
    with refusals_told(request):
        services.cadre_erase(cadre=cadre, by=request.user)
        messages.success(request, _("Đã ẩn danh dữ liệu cá nhân của cán bộ."))
    return redirect("cadre_personal", pk=cadre.pk)


@require_POST
def restriction_lift(request, pk):
    cadre = _dpo_cadre(request, pk)
    restriction = selectors.restriction_of(cadre)
    if restriction:
        services.restriction_lift(restriction=restriction, by=request.user)
        messages.success(request, _("Đã bỏ hạn chế xử lý."))
    return redirect("cadre_personal", pk=cadre.pk)


@require_POST
def cadre_reveal(request, pk):
    """The unmasked phone and links of one cadre, on an explicit request; logged."""
    cadre = cadre_selectors.cadre_get_for_user(request.user, pk)
    services.cadre_reveal(cadre=cadre, by=request.user, reason=request.POST.get("reason", ""))
    return render(
        request,
        "privacy/_revealed.html",
        {"cadre": cadre, "accounts": cadre_selectors.accounts_of_cadre(cadre)},
    )


# --- Access log and breaches ------------------------------------------------------------------


def access_log(request, pk):
    province = _dpo_province(request, pk)
    form = AccessLogSearchForm(request.GET or None)
    entries = selectors.access_log_search(province=province)
    if form.is_valid():
        data = form.cleaned_data
        entries = selectors.access_log_search(
            province=province,
            cadre_id=data["cadre"],
            username=data["user"],
            since=data["since"],
            until=data["until"],
        )
    return unit_page(request, "privacy/access_log.html", province, form=form, entries=entries[:500])


def breach_list(request, pk):
    province = _dpo_province(request, pk)
    form = BreachForm(posted(request))
    if form_saved(request, form, services.breach_record, province=province):
        messages.success(request, _("Đã ghi vi phạm."))
        return redirect("privacy_breaches", pk=province.pk)
    now = timezone.now()
    rows = [(b, b.hours_left(now)) for b in selectors.breaches_of(province)]
    return unit_page(request, "privacy/breach_list.html", province, rows=rows, form=form)


def breach_edit(request, pk):
    breach = selectors.breach_get_for_user(request.user, pk)
    if not user_is_dpo(user=request.user, unit=breach.province):
        raise PermissionDenied
    form = BreachUpdateForm(
        posted(request), initial={"measures": breach.measures, "notified_at": breach.notified_at}
    )
    if form_saved(request, form, services.breach_update, breach=breach):
        messages.success(request, _("Đã lưu."))
        return redirect("privacy_breaches", pk=breach.province_id)
    return unit_page(
        request,
        "privacy/breach_edit.html",
        breach.province,
        breach=breach,
        hours_left=breach.hours_left(),
        form=form,
    )
