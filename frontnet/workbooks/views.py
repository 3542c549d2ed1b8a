from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from frontnet.core.uploads import refused_form, refused_message
from frontnet.core.views import refusals_told
from frontnet.privacy.services import export_logged
from frontnet.units.access import unit_get_editable, unit_get_for_user, user_can_edit_unit

from . import selectors, services, tasks
from .export import rejected_rows_build, template_build
from .forms import MappingForm, UploadForm
from .preview import preview_context

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsx(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def template_download(request, pk):
    unit = unit_get_for_user(user=request.user, pk=pk)
    reason = request.GET.get("reason", "").strip()
    if not reason:  # an export of personal data says why (frontnet.privacy access log)
        return render(request, "privacy/export_reason.html", {"unit": unit})
    name = f"bieu-mau-{slugify(unit.search_name) or unit.pk}-{timezone.localdate():%Y%m%d}.xlsx"
    data = template_build(unit=unit, user=request.user)
    export_logged(user=request.user, unit=unit, what=_("Biểu mẫu cán bộ"), reason=reason)
    return _xlsx(data, name)


@require_http_methods(["GET", "POST"])
def batch_upload(request, pk):
    unit = unit_get_editable(user=request.user, pk=pk)
    form = UploadForm(request.POST or None, request.FILES or None)
    if refused := refused_message(request):
        form = refused_form(UploadForm, request, refused)
    elif request.method == "POST" and form.is_valid():
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
    # A batch left running by a process that died is marked failed when it is looked at.
    batch = services.batch_fail_if_stuck(batch=batch)
    context = {
        "batch": batch,
        "unit": batch.unit,
        "mapping_applied": batch.report.get("mapping_applied"),
        "can_edit": user_can_edit_unit(user=request.user, unit=batch.unit),
        "files_allowed": selectors.batch_files_allowed(request.user, batch),
        **preview_context(
            batch=batch,
            user=request.user,
            show=request.GET.get("show"),
            page=request.GET.get("page"),
        ),
    }
    if request.htmx:
        return render(request, "workbooks/_batch_status.html", context)
    return render(request, "workbooks/batch_detail.html", context)


def _batch_action(request, pk, action, done: str = ""):
    """A button on the batch page (commit, validate again, cancel): in scope, by someone who
    may change the unit; the service's refusal is told, not raised."""
    batch = selectors.batch_get_for_user(request.user, pk)
    if not user_can_edit_unit(user=request.user, unit=batch.unit):
        raise PermissionDenied
    with refusals_told(request):
        action(batch)
        if done:
            messages.success(request, done)
    return redirect("batch_detail", pk=batch.pk)


@require_POST
def batch_commit(request, pk):
    def commit(batch):
        # Exactly once: of two clicks only one moves the batch to COMMITTING.
        services.import_batch_claim(batch=batch)
        tasks.commit_batch.enqueue(batch.pk, request.user.pk)

    return _batch_action(request, pk, commit, _("Đã bắt đầu ghi dữ liệu."))


@require_POST
def batch_revalidate(request, pk):
    def revalidate(batch):
        services.import_batch_revalidate(batch=batch)
        tasks.validate_batch.enqueue(batch.pk)

    return _batch_action(request, pk, revalidate)


@require_POST
def batch_cancel(request, pk):
    return _batch_action(
        request, pk, lambda batch: services.import_batch_cancel(batch=batch, by=request.user)
    )


def batch_rejected(request, pk):
    batch = selectors.batch_files_get_for_user(request.user, pk)
    services.batch_files_taken(user=request.user, batch=batch, part="rejected")
    return _xlsx(rejected_rows_build(report=batch.report), f"dong-bi-tu-choi-{batch.pk}.xlsx")


def batch_file(request, pk):
    batch = selectors.batch_files_get_for_user(request.user, pk)
    if not batch.file:
        raise Http404("file removed after the retention period")
    services.batch_files_taken(user=request.user, batch=batch, part="file")
    return FileResponse(batch.file.open("rb"), as_attachment=True, filename=batch.filename)


@require_http_methods(["GET", "POST"])
def batch_mapping(request, pk):
    """Say which column is which, for a file not on the template; also to change the
    mapping that was applied to this batch (it then belongs to the batch's unit)."""
    batch = selectors.batch_get_for_user(request.user, pk)
    if not user_can_edit_unit(user=request.user, unit=batch.unit):
        raise PermissionDenied
    found = selectors.mapping_need(batch)
    if found is None:
        return redirect("batch_detail", pk=batch.pk)
    need, initial = found
    applied = batch.report.get("mapping_applied")
    fields = selectors.mapping_fields()
    form = MappingForm(
        request.POST or None, headers=need["headers"], fields=fields, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        services.import_batch_map_columns(batch=batch, mapping=form.mapping(), by=request.user)
        tasks.validate_batch.enqueue(batch.pk)
        return redirect("batch_detail", pk=batch.pk)
    return render(
        request,
        "workbooks/mapping.html",
        {"form": form, "batch": batch, "unit": batch.unit, "need": need, "applied": applied},
    )
