from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from frontnet.core.views import posted, refusals_on
from frontnet.units.access import unit_get_editable, unit_get_for_user, user_can_edit_unit
from frontnet.units.rendering import unit_page

from . import selectors, services
from .forms import PageForm, PageReturnForm, PageVerifyForm
from .models import PageStatus


def page_list(request, pk):
    """The pages of a unit and of the units below it: what the level above aggregates."""
    unit = unit_get_for_user(user=request.user, pk=pk)
    status = request.GET.get("status", "")
    if status not in PageStatus.values:
        status = ""
    several = request.GET.get("several") == "1"
    return unit_page(
        request,
        "pages/list.html",
        unit,
        pages=selectors.pages_in_subtree(request.user, unit, status=status, several=several),
        status=status,
        several=several,
        several_count=selectors.units_with_several_pages_count(request.user, unit),
        statuses=PageStatus.choices,
        can_edit=user_can_edit_unit(user=request.user, unit=unit),
    )


@require_http_methods(["GET", "POST"])
def page_add(request, pk):
    unit = unit_get_editable(user=request.user, pk=pk)
    form = PageForm(posted(request), unit=unit)
    if request.method == "POST" and form.is_valid():
        with refusals_on(form):
            page = services.page_register(unit=unit, by=request.user, **form.service_kwargs())
            messages.success(request, _("Đã đăng ký trang “%(name)s”.") % {"name": page.name})
            others = list(selectors.same_platform_pages(page).values_list("name", flat=True))
            if others:
                messages.warning(
                    request,
                    _(
                        "%(unit)s đã có %(n)s trang %(platform)s khác: %(names)s. Mỗi đơn vị "
                        "thường chỉ có một trang; trang không còn dùng thì hãy ngừng theo dõi."
                    )
                    % {
                        "unit": unit.name,
                        "n": len(others),
                        "platform": page.platform.name,
                        "names": "; ".join(f"“{n}”" for n in others),
                    },
                )
            return redirect("page_detail", pk=page.pk)
    return _form_page(request, form, unit, _("Đăng ký trang cộng đồng"))


@require_http_methods(["GET", "POST"])
def page_edit(request, pk):
    page = selectors.page_get_editable(request.user, pk)
    form = PageForm(posted(request), unit=page.unit, initial=selectors.page_form_initial(page))
    if request.method == "POST" and form.is_valid():
        with refusals_on(form):
            page = services.page_update(page=page, by=request.user, **form.service_kwargs())
            messages.success(request, _("Đã lưu thay đổi."))
            return redirect("page_detail", pk=page.pk)
    return _form_page(request, form, page.unit, _("Sửa trang cộng đồng"), page=page)


def _form_page(request, form, unit, title, page=None):
    expected = selectors.expected_name_for(unit)
    return unit_page(
        request,
        "pages/form.html",
        unit,
        form=form,
        page=page,
        title=title,
        expected_name=expected,
        check=selectors.name_check_for(unit, form["name"].value() or "", expected=expected),
        existing_pages=[] if page else list(selectors.pages_of_unit(unit)),
    )


def page_detail(request, pk):
    page = selectors.page_get_for_user(request.user, pk)
    return unit_page(
        request,
        "pages/detail.html",
        page.unit,
        page=page,
        check=selectors.name_check_for(page.unit, page.name, expected=page.expected_name),
        events=page.events.select_related("by"),
        can_edit=selectors.page_can_edit(request.user, page),
        can_verify=selectors.page_can_verify(request.user, page),
    )


@dataclass(frozen=True)
class _Step:
    """One step of the reporting cycle as a page of its own: who may take it, its form (the
    fields it passes to the service), its service and its words."""

    get: Callable  # (user, pk) -> page, 404 out of scope, 403 when not theirs to take
    form: Callable | None  # (data, page) -> form
    service: Callable
    fields: tuple[str, ...]
    title: str
    done: str
    button: str


_STEPS = {
    "report": _Step(
        selectors.page_get_editable,
        None,
        services.page_report,
        (),
        gettext_lazy("Báo cáo trang lên cấp trên"),
        gettext_lazy("Đã báo cáo trang lên cấp trên."),
        gettext_lazy("Báo cáo"),
    ),
    "verify": _Step(
        selectors.page_get_reviewable,
        lambda data, page: PageVerifyForm(data, page=page),
        services.page_verify,
        ("note",),
        gettext_lazy("Xác nhận trang cộng đồng"),
        gettext_lazy("Đã xác nhận trang."),
        gettext_lazy("Xác nhận"),
    ),
    "return": _Step(
        selectors.page_get_reviewable,
        lambda data, page: PageReturnForm(
            data, initial={"reason": selectors.return_reason_suggestion(page)}
        ),
        services.page_return,
        ("reason",),
        gettext_lazy("Trả lại trang cho đơn vị"),
        gettext_lazy("Đã trả lại trang cho đơn vị."),
        gettext_lazy("Trả lại"),
    ),
}


def _step_view(request, pk, intent: str):
    step = _STEPS[intent]
    page = step.get(request.user, pk)
    form = step.form(posted(request), page) if step.form else None
    if request.method == "POST" and (form is None or form.is_valid()):
        extra = {k: form.cleaned_data[k] for k in step.fields} if form else {}
        try:
            step.service(page=page, by=request.user, **extra)
        except ValidationError as exc:
            if form is not None and hasattr(exc, "error_dict"):
                form.add_error(None, exc)
            else:
                messages.error(request, " ".join(exc.messages))
                return redirect("page_detail", pk=page.pk)
        else:
            messages.success(request, step.done)
            return redirect("page_detail", pk=page.pk)
    return unit_page(
        request,
        "pages/transition.html",
        page.unit,
        page=page,
        form=form,
        title=step.title,
        button=step.button,
        intent=intent,
    )


@require_http_methods(["GET", "POST"])
def page_report(request, pk):
    return _step_view(request, pk, "report")


@require_http_methods(["GET", "POST"])
def page_verify(request, pk):
    return _step_view(request, pk, "verify")


@require_http_methods(["GET", "POST"])
def page_return(request, pk):
    return _step_view(request, pk, "return")


@require_GET
def page_review_queue(request):
    return render(
        request, "pages/review_queue.html", {"pages": selectors.review_queue(request.user)}
    )


def page_name_check(request, pk):
    """htmx: the verdict on a name as it is typed, with the expected name to copy."""
    unit = unit_get_for_user(user=request.user, pk=pk)
    name = request.GET.get("name", "")[:255]
    expected = selectors.expected_name_for(unit)
    return render(
        request,
        "pages/_name_check.html",
        {
            "check": selectors.name_check_for(unit, name, expected=expected),
            "expected_name": expected,
            "fill_target": "id_name",
        },
    )
