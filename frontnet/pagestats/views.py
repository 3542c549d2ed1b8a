from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from frontnet.core.sheets import UnreadableFile
from frontnet.units.access import unit_get_editable, unit_get_for_user, user_can_edit_unit
from frontnet.units.rendering import unit_page

from . import charts, selectors, services
from .export import by_page_xlsx
from .forms import MonthForm, UploadForm
from .parsers import parse_month

FIELD_LABELS = {
    "post_id": "Post ID / ID bài viết",
    "published_at": "Publish time / Thời gian đăng",
    "reach": "Reach / Số người tiếp cận",
}


def _month_param(request):
    month = parse_month(request.GET.get("month", ""))
    current = selectors.this_month()
    return month if month and month <= current else current


def unit_page_stats(request, pk):
    """Each page of the unit's subtree for a month, against the median of its level."""
    unit = unit_get_for_user(user=request.user, pk=pk)
    if request.method != "GET":  # after the scope check: an id out of scope is a 404 first
        return HttpResponseNotAllowed(["GET"])
    month = _month_param(request)
    sort = request.GET.get("sort", "")
    table = selectors.by_page(request.user, unit, month=month, sort=sort)
    return unit_page(
        request,
        "pagestats/by_page.html",
        unit,
        table=table,
        month=month,
        sort=sort,
        previous=selectors.add_months(month, -1),
        next=selectors.add_months(month, 1) if month < selectors.this_month() else None,
        can_edit=user_can_edit_unit(user=request.user, unit=unit),
        columns=[
            ("unit", _("Đơn vị")),
            ("page", _("Trang")),
            ("followers", _("Người theo dõi")),
            ("posts", _("Bài viết")),
            ("interactions", _("Tương tác")),
            ("reach", _("Tiếp cận")),
            ("last_post", _("Bài gần nhất")),
        ],
    )


def unit_page_stats_xlsx(request, pk):
    unit = unit_get_for_user(user=request.user, pk=pk)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    month = _month_param(request)
    table = selectors.by_page(request.user, unit, month=month, sort=request.GET.get("sort", ""))
    response = HttpResponse(
        by_page_xlsx(table),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    name = f"hieu-qua-trang-{unit.code or unit.pk}-{month:%Y-%m}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_http_methods(["GET", "POST"])
def page_stats_upload(request, pk):
    unit = unit_get_editable(user=request.user, pk=pk)
    pages = selectors.pages_for_upload(user=request.user, unit=unit)
    form = UploadForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        pages=pages,
    )
    if request.method == "POST" and form.is_valid():
        try:
            upload = services.stats_upload_create(
                unit=unit, by=request.user, **form.service_kwargs()
            )
        except UnreadableFile as exc:
            form.add_error("file", str(exc))
        else:
            page = form.cleaned_data.get("page")
            suffix = f"?page={page.pk}" if page else ""
            return redirect(f"{_url('page_stats_preview', upload.pk)}{suffix}")
    return unit_page(request, "pagestats/upload.html", unit, form=form)


def _url(name, pk):
    from django.urls import reverse

    return reverse(name, kwargs={"pk": pk})


def _choices(request, upload):
    """The page and the column mapping the user chose (GET to preview, POST to commit)."""
    data = request.POST if request.method == "POST" else request.GET
    page = None
    if data.get("page"):
        page = (
            selectors.pages_for_upload(user=request.user, unit=upload.unit)
            .filter(pk=data.get("page"))
            .first()
        )
        if page is None:
            raise Http404("page not in scope")
    mapping = {
        key[4:]: int(value)
        for key, value in data.items()
        if key.startswith("map_") and value.isdigit()
    }
    return page, mapping or None


@require_http_methods(["GET", "POST"])
def page_stats_preview(request, pk):
    upload = selectors.upload_get_for_user(request.user, pk)
    page, mapping = _choices(request, upload)
    if request.method == "POST":
        if not user_can_edit_unit(user=request.user, unit=upload.unit):
            raise PermissionDenied
        try:
            plan = services.stats_upload_map_and_commit(
                upload=upload, by=request.user, page=page, mapping=mapping
            )
        except (services.StatsError, UnreadableFile) as exc:
            messages.error(request, str(exc))
            return redirect(request.get_full_path())
        messages.success(
            request,
            _(
                "Đã ghi: %(created)s mới, %(updated)s cập nhật, %(unchanged)s không đổi, %(rejected)s bị từ chối."
            )
            % plan.counts,
        )
        if plan.page is not None:
            return redirect("page_stats", pk=plan.page.pk)
        return redirect("unit_page_stats", pk=upload.unit_id)
    try:
        plan = services.stats_upload_plan(
            upload=upload, user=request.user, page=page, mapping=mapping
        )
        error = ""
    except UnreadableFile as exc:
        plan, error = None, str(exc)
    return unit_page(
        request,
        "pagestats/preview.html",
        upload.unit,
        upload=upload,
        plan=plan,
        error=error,
        page=page,
        pages=selectors.pages_for_upload(user=request.user, unit=upload.unit),
        missing=[(f, FIELD_LABELS.get(f, f)) for f in (plan.missing if plan else [])],
        mapping=mapping or {},
        can_edit=user_can_edit_unit(user=request.user, unit=upload.unit),
    )


def page_stats(request, pk):
    """A page's figures month by month: the trend, the best posts, the months missing."""
    page = selectors.stats_page_get_for_user(request.user, pk)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    until = _month_param(request)
    points = selectors.page_months(page, until=until)
    label = [(p.month.strftime("%m/%y"), p.row) for p in points]
    trend = [
        charts.chart(
            _("Người theo dõi cuối tháng"),
            [(m, r.followers if r else None) for m, r in label],
            as_line=True,
        ),
        charts.chart(_("Bài viết"), [(m, r.posts if r else None) for m, r in label]),
        charts.chart(
            _("Lượt tương tác"), [(m, r.total_interactions if r else None) for m, r in label]
        ),
    ]
    return unit_page(
        request,
        "pagestats/page.html",
        page.unit,
        page=page,
        points=points,
        charts=trend,
        missing=[p.month for p in points if p.row is None],
        best=selectors.best_posts(page),
        can_edit=user_can_edit_unit(user=request.user, unit=page.unit),
    )


@require_http_methods(["GET", "POST"])
def page_stats_month(request, pk):
    page = selectors.stats_page_get_for_user(request.user, pk)
    if not user_can_edit_unit(user=request.user, unit=page.unit):
        raise PermissionDenied
    last = selectors.add_months(selectors.this_month(), -1)
    initial = {"month": request.GET.get("month") or f"{last:%m/%Y}"}
    form = MonthForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.month_figures_save(
                page=page, month=form.cleaned_data["month"], by=request.user, values=form.values()
            )
        except services.StatsError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _("Đã lưu số liệu tháng %(month)s.")
                % {"month": f"{form.cleaned_data['month']:%m/%Y}"},
            )
            return redirect("page_stats", pk=page.pk)
    return unit_page(
        request,
        "pagestats/month_form.html",
        page.unit,
        page=page,
        form=form,
        title=_("Số liệu tháng của trang"),
    )
