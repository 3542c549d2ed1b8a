import datetime as dt

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from frontnet.core.views import rule_active_views
from frontnet.pages.selectors import review_queue
from frontnet.units.access import (
    province_get_for_user,
    province_of,
    rule_edit_checker,
    scope_roots,
    unit_get_for_user,
    user_manages_province,
)
from frontnet.units.models import Unit
from frontnet.units.rendering import rule_form_views, unit_page
from frontnet.units.selectors import unit_ancestors_visible, unit_counterparts_on

from . import services, target_selectors
from .export import dashboard_xlsx
from .forms import TargetForm
from .measures import REQUIRED_FIELDS
from .models import Target
from .selectors import DASHBOARD_CACHE_SECONDS, areas_rollup, dashboard_cache_key, rollup
from .table import Cell, build_table, standings


def as_of_from(request) -> tuple[dt.date, str]:
    """The ?as_of=YYYY-MM-DD date (today when absent, bad, or in the future) and a warning."""
    today = timezone.localdate()
    raw = request.GET.get("as_of", "").strip()
    if not raw:
        return today, ""
    try:
        # dd/mm/yyyy as typed; ISO from links and scripts.
        day = (
            dt.datetime.strptime(raw, "%d/%m/%Y").date()
            if "/" in raw
            else dt.date.fromisoformat(raw)
        )
    except ValueError:
        return today, _("Ngày “%(raw)s” không hợp lệ; đang xem số liệu hôm nay.") % {"raw": raw}
    if day > today:
        return today, _("Chưa đến ngày %(raw)s; đang xem số liệu hôm nay.") % {"raw": raw}
    return day, ""


def unit_dashboard(request, pk):
    unit = unit_get_for_user(user=request.user, pk=pk)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET"])
    as_of, warning = as_of_from(request)
    # The tree as it was that day: before 1/7/2025 the legacy unit, after it the new one.
    counterparts = unit_counterparts_on(request.user, unit, as_of)
    if len(counterparts) == 1:
        query = request.GET.urlencode()
        return redirect(reverse("unit_dashboard", args=[counterparts[0].pk]) + f"?{query}")
    sort = request.GET.get("sort", "name")
    context = {
        "unit": unit,
        "breadcrumb": unit_ancestors_visible(request.user, unit),
        "as_of": as_of,
        "is_today": as_of == timezone.localdate(),
        "warning": warning,
        "counterparts": counterparts,
    }
    # Everything under the breadcrumb is the same for every reader of the unit and changes
    # only with the records: it is kept under the audit mark that also keeps the stored
    # figures (a write anywhere moves the mark, so a reader never sees an old count).
    key = dashboard_cache_key(
        unit=unit, as_of=as_of, sort=sort, language=get_language(), extra=warning
    )
    body = _kept_body(request, key, context, lambda: rollup(unit, as_of), sort)
    return render(request, "monitoring/dashboard.html", context | {"body": body})


def _kept_body(request, key: str, context: dict, count, sort: str):
    """The part of a dashboard under the breadcrumb, the same for every reader of it: kept
    under `key` (the audit mark that also keeps the stored figures: a write anywhere moves
    it, so a reader never sees an old count), else `count()`ed and rendered."""
    body = cache.get(key)
    if body is None:
        data = count()
        doing_well, lagging = standings(data)
        context = context | {
            "rollup": data,
            "table": _table(data, sort, areas=context.get("areas")),
            "doing_well": doing_well,
            "lagging": lagging,
            "required_fields": [label for _name, label, _kind in REQUIRED_FIELDS],
        }
        body = render_to_string("monitoring/_dashboard_body.html", context, request=request)
        cache.set(key, body, DASHBOARD_CACHE_SECONDS)
    return mark_safe(body)


def _table(data, sort: str, *, areas=None):
    table = build_table(data, sort)
    if areas:  # the total of the areas, not of the province
        table.total[0] = Cell(_("Tổng các địa bàn"), None)
    return table


def _xlsx(data, table, name: str) -> HttpResponse:
    response = HttpResponse(
        dashboard_xlsx(data, table),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def unit_dashboard_xlsx(request, pk):
    unit = unit_get_for_user(user=request.user, pk=pk)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET"])
    as_of, _warning = as_of_from(request)
    data = rollup(unit, as_of)
    table = build_table(data, request.GET.get("sort", "name"))
    return _xlsx(data, table, f"theo-doi-{unit.code or unit.pk}-{as_of:%Y%m%d}.xlsx")


# --- An area specialist's areas together ---------------------------------------------------


def _areas(request):
    """The user's areas (at least two, else the home page shows the one) and their province."""
    roots = scope_roots(user=request.user, history=False)
    if len(roots) < 2:
        raise Http404
    return province_of(unit=roots[0]), roots


@require_http_methods(["GET", "HEAD"])
def areas_dashboard(request):
    """One dashboard over the areas an area specialist follows: the targets judged over all
    of them, a row per area, the lagging ones, and the pages waiting for their check."""
    province, roots = _areas(request)
    as_of, warning = as_of_from(request)
    sort = request.GET.get("sort", "name")
    context = {
        "unit": province,
        "areas": roots,
        "as_of": as_of,
        "is_today": as_of == timezone.localdate(),
        "warning": warning,
    }
    roots_key = ",".join(str(root.pk) for root in roots)
    key = dashboard_cache_key(
        unit=province,
        as_of=as_of,
        sort=sort,
        language=get_language(),
        extra=f"{warning}|areas:{roots_key}",
    )
    body = _kept_body(request, key, context, lambda: areas_rollup(province, roots, as_of), sort)
    queue = review_queue(request.user)
    return render(
        request,
        "monitoring/areas.html",
        context | {"body": body, "waiting": queue[:10], "waiting_count": queue.count()},
    )


@require_http_methods(["GET", "HEAD"])
def areas_dashboard_xlsx(request):
    province, roots = _areas(request)
    as_of, _warning = as_of_from(request)
    data = areas_rollup(province, roots, as_of)
    table = _table(data, request.GET.get("sort", "name"), areas=roots)
    return _xlsx(data, table, f"theo-doi-dia-ban-{as_of:%Y%m%d}.xlsx")


# --- Targets: the province administrator's pages ----------------------------------------


def _editable_target(request, pk) -> tuple[Target, Unit]:
    target, province = target_selectors.target_get_for_user(request.user, pk)
    if not target_selectors.target_can_edit(request.user, target, province):
        raise PermissionDenied
    return target, province


def target_list(request, pk):
    province = province_get_for_user(user=request.user, pk=pk)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET"])
    results = {
        target.pk: result for target, result in rollup(province, timezone.localdate()).targets
    }
    may_edit = rule_edit_checker(user=request.user, province=province)
    rows = [
        (target, results.get(target.pk), may_edit(target.root_id))
        for target in target_selectors.targets_of_province(province)
    ]
    return unit_page(
        request,
        "monitoring/target_list.html",
        province,
        title=_("Chỉ tiêu"),
        rows=rows,
        can_manage=user_manages_province(user=request.user, province=province),
    )


target_add, target_edit = rule_form_views(
    form=TargetForm,
    create=services.target_create,
    update=services.target_update,
    editable=_editable_target,
    rule="target",
    texts={
        "add": gettext_lazy("Thêm chỉ tiêu"),
        "added": gettext_lazy("Đã thêm chỉ tiêu."),
        "edit": gettext_lazy("Sửa chỉ tiêu"),
        "saved": gettext_lazy("Đã lưu chỉ tiêu."),
    },
    back="target_list",
    template="monitoring/target_form.html",
)


target_deactivate, target_reactivate = rule_active_views(
    editable=_editable_target,
    set_active=lambda target, **kwargs: services.target_set_active(target=target, **kwargs),
    texts={
        True: gettext_lazy("Đã áp dụng lại chỉ tiêu “%(name)s”."),
        False: gettext_lazy("Đã ngừng áp dụng chỉ tiêu “%(name)s”."),
    },
    back="target_list",
)
