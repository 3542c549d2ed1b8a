from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from frontnet.reports.scoring_reports import scores_docx, scores_xlsx
from frontnet.units.selectors import unit_ancestors_visible, unit_get_for_user

from .periods import period_parse
from .selectors import can_manage_scores, period_visible, periods_visible, scoreboard
from .services import criteria_for, describe_rule, period_publish, period_unpublish, province_of
from .services import scores_compute as compute


def unit_scores(request, pk):
    unit = unit_get_for_user(request.user, pk)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET"])
    province = province_of(unit)
    period = period_visible(request.user, province, request.GET.get("period"))
    criteria = criteria_for(province)
    return render(
        request,
        "scoring/unit_scores.html",
        {
            "unit": unit,
            "breadcrumb": unit_ancestors_visible(request.user, unit),
            "period": period,
            "periods": periods_visible(request.user, province),
            "board": scoreboard(request.user, unit, period) if period else None,
            "can_manage": can_manage_scores(request.user, unit),
            "criteria": [(c, describe_rule(c)) for c in criteria],
        },
    )


def _download(request, pk, build, extension, content_type):
    unit = unit_get_for_user(request.user, pk)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET"])
    period = period_visible(request.user, province_of(unit), request.GET.get("period"))
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
    province = unit_get_for_user(request.user, pk)
    if request.method != "POST":
        return None, HttpResponseNotAllowed(["POST"])
    if not can_manage_scores(request.user, province):
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
        return _back(province, "")
    messages.success(
        request,
        _("Đã chấm điểm %(period)s: %(n)s đơn vị.")
        % {"period": period.label, "n": period.scores.count()},
    )
    return _back(province, period.key)


def scores_publish_view(request, pk):
    province, refused = _manage(request, pk)
    if refused:
        return refused
    key = request.POST.get("period", "")
    period = period_visible(request.user, province, key) if key else None
    try:
        if period is None:
            raise ValidationError(_("Chưa chấm điểm kỳ này."))
        period_publish(period=period, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return _back(province, key)


def scores_unpublish_view(request, pk):
    province, refused = _manage(request, pk)
    if refused:
        return refused
    key = request.POST.get("period", "")
    period = period_visible(request.user, province, key) if key else None
    try:
        if period is None:
            raise ValidationError(_("Chưa chấm điểm kỳ này."))
        period_unpublish(period=period, by=request.user, reason=request.POST.get("reason", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return _back(province, key)
