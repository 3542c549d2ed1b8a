import datetime as dt

from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from frontnet.units.selectors import unit_ancestors_visible, unit_get_for_user

from .export import dashboard_xlsx
from .measures import REQUIRED_FIELDS
from .selectors import rollup
from .table import build_table, standings


def as_of_from(request) -> tuple[dt.date, str]:
    """The ?as_of=YYYY-MM-DD date (today when absent, bad, or in the future) and a warning."""
    today = timezone.localdate()
    raw = request.GET.get("as_of", "").strip()
    if not raw:
        return today, ""
    try:
        day = dt.date.fromisoformat(raw)
    except ValueError:
        return today, _("Ngày “%(raw)s” không hợp lệ; đang xem số liệu hôm nay.") % {"raw": raw}
    if day > today:
        return today, _("Chưa đến ngày %(raw)s; đang xem số liệu hôm nay.") % {"raw": raw}
    return day, ""


def unit_dashboard(request, pk):
    unit = unit_get_for_user(request.user, pk)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET"])
    as_of, warning = as_of_from(request)
    data = rollup(unit, as_of)
    table = build_table(data, request.GET.get("sort", "name"))
    doing_well, lagging = standings(data)
    return render(
        request,
        "monitoring/dashboard.html",
        {
            "unit": unit,
            "breadcrumb": unit_ancestors_visible(request.user, unit),
            "as_of": as_of,
            "is_today": as_of == timezone.localdate(),
            "warning": warning,
            "rollup": data,
            "table": table,
            "doing_well": doing_well,
            "lagging": lagging,
            "required_fields": [label for _name, label, _kind in REQUIRED_FIELDS],
        },
    )


def unit_dashboard_xlsx(request, pk):
    unit = unit_get_for_user(request.user, pk)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET"])
    as_of, _warning = as_of_from(request)
    data = rollup(unit, as_of)
    table = build_table(data, request.GET.get("sort", "name"))
    response = HttpResponse(
        dashboard_xlsx(data, table),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    name = f"theo-doi-{unit.code or unit.pk}-{as_of:%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
