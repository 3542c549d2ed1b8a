from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from frontnet.core.views import rule_active_views
from frontnet.reports.scoring_reports import scores_docx, scores_xlsx
from frontnet.units.access import (
    province_get_for_user,
    province_get_managed,
    province_of,
    rule_edit_checker,
    unit_get_for_user,
    user_manages_province,
)
from frontnet.units.rendering import rule_form_views, unit_page

from . import criterion_selectors, texts
from .criterion_selectors import criteria_for, year_method_for
from .forms import CriterionForm, YearRuleForm
from .measures import describe_rule
from .periods import period_parse
from .selectors import period_visible, periods_visible, scoreboard
from .services import (
    criterion_create,
    criterion_set_active,
    criterion_update,
    period_publish,
    period_unpublish,
    year_rule_set,
)
from .services import scores_compute as compute


def unit_scores(request, pk):
    unit = unit_get_for_user(user=request.user, pk=pk)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET"])
    province = province_of(unit=unit)
    period = period_visible(request.user, province, request.GET.get("period"))
    criteria = criteria_for(province)
    return unit_page(
        request,
        "scoring/unit_scores.html",
        unit,
        period=period,
        periods=periods_visible(request.user, province),
        board=scoreboard(request.user, unit, period) if period else None,
        can_manage=user_manages_province(user=request.user, province=unit),
        # What was typed in a refused compute, given back to be corrected.
        compute_typed=request.GET.get("compute", "")[:20],
        criteria=[(c, texts.render(describe_rule(c))) for c in criteria],
    )


def _download(request, pk, build, extension, content_type):
    unit = unit_get_for_user(user=request.user, pk=pk)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET"])
    period = period_visible(request.user, province_of(unit=unit), request.GET.get("period"))
    if period is None:
        raise Http404("no such period")
    response = HttpResponse(
        build(scoreboard(request.user, unit, period)), content_type=content_type
    )
    name = f"thi-dua-{unit.code or unit.pk}-{period.key}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def unit_scores_xlsx(request, pk):
    return _download(
        request,
        pk,
        scores_xlsx,
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def unit_scores_docx(request, pk):
    return _download(
        request,
        pk,
        lambda board: scores_docx(board, day=timezone.localdate()),
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )


def _manage(request, pk):
    """The province (in scope) for a POST of its administrator."""
    province = unit_get_for_user(user=request.user, pk=pk)
    if request.method != "POST":
        return None, HttpResponseNotAllowed(["POST"])
    if not user_manages_province(user=request.user, province=province):
        raise PermissionDenied
    return province, None


def _back(province, key):
    url = reverse("unit_scores", kwargs={"pk": province.pk})
    return redirect(f"{url}?period={key}" if key else url)


def scores_compute_view(request, pk):
    province, refused = _manage(request, pk)
    if refused:
        return refused
    key = request.POST.get("period", "")
    try:
        kind, start = period_parse(key)
        period = compute(province=province, kind=kind, start=start, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        url = reverse("unit_scores", kwargs={"pk": province.pk})
        return redirect(f"{url}?{urlencode({'compute': key})}")
    messages.success(
        request,
        _("Đã chấm điểm %(period)s: %(n)s đơn vị.")
        % {"period": period.label, "n": period.scores.count()},
    )
    return _back(province, period.key)


def _period_change(request, pk, change):
    """Publish or unpublish the posted period: `change(period)` is the audited service."""
    province, refused = _manage(request, pk)
    if refused:
        return refused
    key = request.POST.get("period", "")
    period = period_visible(request.user, province, key) if key else None
    try:
        if period is None:
            raise ValidationError(_("Chưa chấm điểm kỳ này."))
        change(period)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return _back(province, key)


def _publish_confirmed(request, period):
    if not request.POST.get("confirm"):
        # Publishing freezes the results: it is never a stray click.
        raise ValidationError(_("Hãy đánh dấu ô xác nhận trước khi công bố."))
    period_publish(period=period, by=request.user)


def scores_publish_view(request, pk):
    return _period_change(request, pk, lambda period: _publish_confirmed(request, period))


def scores_unpublish_view(request, pk):
    return _period_change(
        request,
        pk,
        lambda period: period_unpublish(
            period=period, by=request.user, reason=request.POST.get("reason", "")
        ),
    )


# --- Criteria and the year rule: the province administrator's pages -----------------------


def _editable_criterion(request, pk):
    criterion, province = criterion_selectors.criterion_get_for_user(request.user, pk)
    if not criterion_selectors.criterion_can_edit(request.user, criterion, province):
        raise PermissionDenied
    return criterion, province


def criteria_list(request, pk):
    province = province_get_for_user(user=request.user, pk=pk)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET"])
    criteria = list(criterion_selectors.criteria_of_province(province))
    totals = {}
    for c in criteria:
        if c.active:
            for level in c.levels.all():
                totals[level] = totals.get(level, 0) + c.weight
    year_rule = criterion_selectors.year_rule_of(province)
    year_method = year_method_for(province)
    can_manage = user_manages_province(user=request.user, province=province)
    may_edit = rule_edit_checker(user=request.user, province=province)
    return unit_page(
        request,
        "scoring/criteria_list.html",
        province,
        title=_("Tiêu chí thi đua"),
        rows=[(c, texts.render(describe_rule(c)), may_edit(c.province_id)) for c in criteria],
        totals=sorted(totals.items(), key=lambda item: item[0].rank),
        year_method_label=dict(YearRuleForm.base_fields["method"].choices)[year_method],
        year_rule_own=bool(year_rule and year_rule.province_id),
        year_form=YearRuleForm(initial={"method": year_method}) if can_manage else None,
        can_manage=can_manage,
    )


criterion_add, criterion_edit = rule_form_views(
    form=CriterionForm,
    create=criterion_create,
    update=criterion_update,
    editable=_editable_criterion,
    rule="criterion",
    texts={
        "add": gettext_lazy("Thêm tiêu chí"),
        "added": gettext_lazy("Đã thêm tiêu chí."),
        "edit": gettext_lazy("Sửa tiêu chí"),
        "saved": gettext_lazy("Đã lưu tiêu chí. Kết quả đã công bố không thay đổi."),
    },
    back="criteria_list",
    template="scoring/criterion_form.html",
)


criterion_deactivate, criterion_reactivate = rule_active_views(
    editable=_editable_criterion,
    set_active=lambda criterion, **kwargs: criterion_set_active(criterion=criterion, **kwargs),
    texts={
        True: gettext_lazy("Đã áp dụng lại tiêu chí “%(name)s”."),
        False: gettext_lazy("Đã ngừng áp dụng tiêu chí “%(name)s”."),
    },
    back="criteria_list",
)


@require_POST
def year_rule_edit(request, pk):
    province = province_get_managed(user=request.user, pk=pk)
    form = YearRuleForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors["method"])
        year_rule_set(province=province, method=form.cleaned_data["method"], by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã lưu cách tính điểm năm."))
    return redirect("criteria_list", pk=province.pk)
