from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from frontnet.units.access import unit_get_for_user, user_can_edit_unit

from . import selectors, services, tasks
from .columns import CADRE_COLUMNS
from .export import rejected_rows_build, template_build
from .forms import MappingForm, UploadForm
from .models import BatchStatus

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsx(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def template_download(request, pk):
    unit = unit_get_for_user(user=request.user, pk=pk)
    name = f"bieu-mau-{slugify(unit.search_name) or unit.pk}-{timezone.localdate():%Y%m%d}.xlsx"
    return _xlsx(template_build(unit=unit), name)


@require_http_methods(["GET", "POST"])
def batch_upload(request, pk):
    unit = unit_get_for_user(user=request.user, pk=pk)
    if not user_can_edit_unit(user=request.user, unit=unit):
        raise PermissionDenied
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        batch = services.import_batch_create(
            unit=unit, by=request.user, data=upload.read(), filename=upload.name
        )
        tasks.validate_batch.enqueue(batch.pk)
        return redirect("batch_detail", pk=batch.pk)
    return render(
        request,
        "workbooks/upload.html",
        {"form": form, "unit": unit, "batches": selectors.batches_for_unit(request.user, unit, 10)},
    )


def batch_list(request, pk):
    unit = unit_get_for_user(user=request.user, pk=pk)
    return render(
        request,
        "workbooks/batch_list.html",
        {"unit": unit, "batches": selectors.batches_for_unit(request.user, unit, 200)},
    )


def batch_detail(request, pk):
    batch = selectors.batch_get_for_user(request.user, pk)
    context = {
        "batch": batch,
        "unit": batch.unit,
        "rejections": batch.report.get("rejections", [])[:500],
        "can_edit": user_can_edit_unit(user=request.user, unit=batch.unit),
    }
    if request.htmx:
        return render(request, "workbooks/_batch_status.html", context)
    return render(request, "workbooks/batch_detail.html", context)


@require_POST
def batch_commit(request, pk):
    batch = selectors.batch_get_for_user(request.user, pk)
    if not user_can_edit_unit(user=request.user, unit=batch.unit):
        raise PermissionDenied
    if batch.status != BatchStatus.VALIDATED:
        messages.error(request, _("Lần nhập này không ở trạng thái chờ ghi."))
    else:
        tasks.commit_batch.enqueue(batch.pk, request.user.pk)
        messages.success(request, _("Đã bắt đầu ghi dữ liệu."))
    return redirect("batch_detail", pk=batch.pk)


@require_POST
def batch_cancel(request, pk):
    batch = selectors.batch_get_for_user(request.user, pk)
    if not user_can_edit_unit(user=request.user, unit=batch.unit):
        raise PermissionDenied
    try:
        services.import_batch_cancel(batch=batch, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("batch_detail", pk=batch.pk)


def batch_rejected(request, pk):
    batch = selectors.batch_get_for_user(request.user, pk)
    return _xlsx(rejected_rows_build(report=batch.report), f"dong-bi-tu-choi-{batch.pk}.xlsx")


def batch_file(request, pk):
    batch = selectors.batch_get_for_user(request.user, pk)
    return FileResponse(batch.file.open("rb"), as_attachment=True, filename=batch.filename)


@require_http_methods(["GET", "POST"])
def batch_mapping(request, pk):
    batch = selectors.batch_get_for_user(request.user, pk)
    if not user_can_edit_unit(user=request.user, unit=batch.unit):
        raise PermissionDenied
    pending = batch.report.get("mapping") or []
    if batch.status != BatchStatus.NEEDS_MAPPING or not pending:
        return redirect("batch_detail", pk=batch.pk)
    need = pending[0]
    fields = [(c.field, c.header, c.required) for c in CADRE_COLUMNS if c.field != "id"]
    form = MappingForm(request.POST or None, headers=need["headers"], fields=fields)
    if request.method == "POST" and form.is_valid():
        services.import_batch_map_columns(batch=batch, mapping=form.mapping(), by=request.user)
        tasks.validate_batch.enqueue(batch.pk)
        return redirect("batch_detail", pk=batch.pk)
    return render(
        request,
        "workbooks/mapping.html",
        {"form": form, "batch": batch, "unit": batch.unit, "need": need},
    )
