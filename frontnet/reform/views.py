"""The province administrator's page for the 2025 transition: the plan, its questions
answered one by one or from a workbook (validate → preview → save), then the transition."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from frontnet.units.rendering import unit_page

from .forms import CommitForm, DecisionsUploadForm
from .movers import movers
from .plan import NoNewTree, build_plan
from .selectors import keep_choice_for_user, pages_to_rename, reform_province_get_for_user
from .services import (
    AlreadyMoved,
    Undecided,
    decisions_read,
    decisions_save,
    decisions_workbook,
    page_keep_choose,
    reform_commit,
)

PREFIX = "q-"


def _plan_or_none(province):
    try:
        return build_plan(province), ""
    except NoNewTree as exc:
        return None, str(exc)


def reform_plan(request, pk):
    province, named = reform_province_get_for_user(request.user, pk)
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    plan, problem = _plan_or_none(province)
    if request.method == "POST" and plan is not None:
        answers = {
            key[len(PREFIX) :]: value
            for key, value in request.POST.items()
            if key.startswith(PREFIX) and value
        }
        answers = {
            k: v
            for k, v in answers.items()
            if k in plan.questions and v in dict(plan.questions[k].options)
        }
        changed = decisions_save(plan=plan, decisions=answers, by=request.user)
        messages.success(request, _("Đã lưu %(n)s quyết định.") % {"n": changed})
        return redirect("reform_plan", pk=named.pk)
    return unit_page(
        request,
        "reform/plan.html",
        named,
        plan=plan,
        problem=problem,
        movers=movers(),
        to_rename=pages_to_rename(province),
        upload_form=DecisionsUploadForm(),
        commit_form=CommitForm(),
        prefix=PREFIX,
    )


def reform_questions(request, pk):
    province, named = reform_province_get_for_user(request.user, pk)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET"])
    plan, problem = _plan_or_none(province)
    if plan is None:
        messages.error(request, problem)
        return redirect("reform_plan", pk=named.pk)
    response = HttpResponse(
        decisions_workbook(plan),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="sap-xep-2025-{province.code}.xlsx"'
    return response


def reform_upload(request, pk):
    """Validate a workbook of decisions and preview the plan with them; nothing is stored
    until the preview's answers are posted back to the plan page."""
    province, named = reform_province_get_for_user(request.user, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    plan, problem = _plan_or_none(province)
    form = DecisionsUploadForm(request.POST, request.FILES)
    errors, preview = [], None
    if plan is not None and form.is_valid():
        upload = form.cleaned_data["file"]
        read = decisions_read(plan=plan, data=upload.read(), filename=upload.name)
        errors = read.errors
        if not errors:
            preview = build_plan(province, decisions=read.decisions)
            preview.read = read.decisions
    return unit_page(
        request,
        "reform/preview.html",
        named,
        plan=plan,
        problem=problem,
        form=form,
        errors=errors,
        preview=preview,
        prefix=PREFIX,
    )


def reform_commit_view(request, pk):
    province, named = reform_province_get_for_user(request.user, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    plan, problem = _plan_or_none(province)
    if plan is None:
        messages.error(request, problem)
        return redirect("reform_plan", pk=named.pk)
    form = CommitForm(request.POST)
    use_defaults = form.is_valid() and form.cleaned_data["use_defaults"]
    try:
        result = reform_commit(plan=plan, by=request.user, use_defaults=use_defaults)
    except Undecided as exc:
        messages.error(request, str(exc))
        return redirect("reform_plan", pk=named.pk)
    messages.success(request, _("Đã chuyển dữ liệu sang danh mục 2025: %(r)s") % {"r": result})
    return redirect("reform_plan", pk=province.pk)


def reform_keep_page(request, pk):
    """Several pages land on one 2025 commune: the commune (or the province) chooses the one
    that continues; the others end at the transition, kept in history."""
    choice = keep_choice_for_user(request.user, pk)
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    if request.method == "POST":
        if not choice.can_choose:
            raise PermissionDenied
        value = request.POST.get("page", "")
        if choice.question is None or value not in dict(choice.question.options):
            messages.error(request, _("Chọn một trong các trang được liệt kê."))
        else:
            try:
                page_keep_choose(choice=choice, page_value=value, by=request.user)
            except AlreadyMoved as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("Đã lưu trang tiếp tục hoạt động."))
        return redirect("reform_keep_page", pk=choice.unit.pk)
    return unit_page(request, "reform/keep_page.html", choice.unit, choice=choice)
