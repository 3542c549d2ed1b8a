from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from frontnet.audit.history import history_page
from frontnet.audit.selectors import unit_history_queryset
from frontnet.core.uploads import refused_form, refused_message
from frontnet.core.views import refusals_on

from . import access, selectors, services
from .forms import ResidentialUploadForm, UnitChildForm, UnitEditForm


def home(request):
    roots = access.scope_roots(user=request.user, history=False)
    if len(roots) == 1:
        return redirect("unit_detail", pk=roots[0].pk)
    if roots:  # an area specialist's areas, together on one dashboard
        return redirect("areas_dashboard")
    return render(request, "units/home.html", {"roots": roots})


def unit_detail(request, pk):
    unit = access.unit_get_for_user(user=request.user, pk=pk)
    replaced, replaced_by = selectors.unit_lineage_visible(request.user, unit)
    return render(
        request,
        "units/detail.html",
        {
            "unit": unit,
            "replaced": replaced,
            "replaced_by": replaced_by,
            "breadcrumb": selectors.unit_ancestors_visible(request.user, unit),
            "children": selectors.unit_children(unit),
            "history": history_page(unit_history_queryset(unit), request.GET.get("history")),
            "can_edit": access.user_can_edit_unit(user=request.user, unit=unit),
            "can_change_identity": access.user_can_change_unit_identity(
                user=request.user, unit=unit
            ),
        },
    )


def unit_children(request, pk):
    """The htmx partial that opens one branch of the tree."""
    unit = access.unit_get_for_user(user=request.user, pk=pk)
    return render(request, "units/_tree_children.html", {"children": selectors.unit_children(unit)})


def unit_search(request):
    query = request.GET.get("q", "")
    results = selectors.unit_search(request.user, query)
    return render(request, "units/_search_results.html", {"results": results, "q": query})


@require_http_methods(["GET", "POST"])
def unit_add_child(request, pk):
    parent = access.unit_get_editable(user=request.user, pk=pk)
    form = UnitChildForm(request.POST or None, parent=parent)
    if request.method == "POST" and form.is_valid():
        with refusals_on(form):
            child = services.unit_create(parent=parent, by=request.user, **form.cleaned_data)
            messages.success(request, _("Đã thêm %(name)s.") % {"name": child.name})
            return redirect("unit_detail", pk=parent.pk)
    return render(
        request,
        "units/form.html",
        {"form": form, "unit": parent, "title": _("Thêm đơn vị trực thuộc")},
    )


@require_http_methods(["GET", "POST"])
def unit_edit(request, pk):
    unit = access.unit_get_for_user(user=request.user, pk=pk)
    if not access.user_can_change_unit_identity(user=request.user, unit=unit):
        raise PermissionDenied
    form = UnitEditForm(request.POST or None, instance=unit)
    if request.method == "POST" and form.is_valid():
        with refusals_on(form):
            services.unit_update(
                unit=access.unit_get_for_user(user=request.user, pk=pk),
                by=request.user,
                **form.cleaned_data,
            )
            messages.success(request, _("Đã lưu thay đổi."))
            return redirect("unit_detail", pk=unit.pk)
    return render(
        request, "units/form.html", {"form": form, "unit": unit, "title": _("Sửa thông tin đơn vị")}
    )


@require_http_methods(["GET", "POST"])
def residential_import(request, pk):
    unit = access.unit_get_editable(user=request.user, pk=pk)
    form = ResidentialUploadForm(request.POST or None, request.FILES or None)
    result = None
    if refused := refused_message(request):
        form = refused_form(ResidentialUploadForm, request, refused)
    elif request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        result = services.residential_committees_import(
            data=upload.read(), filename=upload.name, within=[unit], by=request.user
        )
        if not result.errors:
            messages.success(
                request,
                _("Đã thêm %(created)s Ban công tác Mặt trận, %(unchanged)s đã có từ trước.")
                % {"created": result.created, "unchanged": result.unchanged},
            )
            return redirect("unit_detail", pk=unit.pk)
    return render(
        request, "units/residential_import.html", {"form": form, "unit": unit, "result": result}
    )
