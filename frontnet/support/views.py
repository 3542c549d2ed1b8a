"""Difficulties and guidance. Every id is looked up through a scoped selector first (404),
then the method is checked (405), then the permission (403)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from frontnet.core.views import posted, refusals_on
from frontnet.core.vntext import fold_search
from frontnet.units.access import (
    office_province,
    province_get_managed,
    province_of,
    unit_get_editable,
    unit_get_for_user,
    units_visible_to,
    user_can_edit_unit,
    user_helps_unit,
    user_manages_province,
)
from frontnet.units.rendering import unit_page
from frontnet.units.selectors import unit_ancestors_visible

from . import selectors, services
from .forms import (
    ExampleForm,
    GuidanceForm,
    GuidanceSearchForm,
    InboxFilterForm,
    ReplyForm,
    ThreadForm,
    TopicFormSet,
)

FILTER_LEVELS = ("district", "commune")
GUIDANCE_LEVELS = ("province", "district", "commune")


@require_GET
def support_inbox(request):
    """The threads a user sees: for a specialist their areas', waiting ones first."""
    units = units_visible_to(user=request.user).filter(level__key__in=FILTER_LEVELS)
    form = InboxFilterForm(
        request.GET or None, topics=selectors.topics_active(user=request.user), units=units
    )
    filters = form.cleaned_data if form.is_valid() else {}
    threads = selectors.inbox(
        request.user,
        topic=filters.get("topic"),
        unit=filters.get("unit"),
        state=filters.get("state") or "",
    )
    own = request.user.unit if request.user.unit_id else None
    return render(
        request,
        "support/inbox.html",
        {
            "form": form,
            "threads": threads,
            "own_unit": own if own and user_can_edit_unit(user=request.user, unit=own) else None,
            "is_office": office_province(user=request.user) is not None,
        },
    )


@require_GET
def support_office(request):
    """The province office's view: load per specialist, time to a first answer, the oldest."""
    province = office_province(user=request.user)
    if province is None:
        raise PermissionDenied
    return render(
        request,
        "support/office.html",
        {
            "figures": selectors.office_figures(request.user, province=province),
            "province": province,
        },
    )


@require_http_methods(["GET", "POST"])
def support_thread_create(request, pk):
    unit = unit_get_editable(user=request.user, pk=pk)
    data = posted(request)
    form = ThreadForm(
        data,
        request.FILES if data is not None else None,
        topics=selectors.topics_active(user=request.user),
    )
    if request.method == "POST" and form.is_valid():
        with refusals_on(form):
            thread = services.thread_open(unit=unit, by=request.user, **form.service_kwargs())
            messages.success(request, _("Đã gửi vướng mắc tới chuyên viên theo dõi địa bàn."))
            return redirect("support_thread_detail", pk=thread.pk)
    return unit_page(
        request,
        "support/thread_form.html",
        unit,
        form=form,
        routed_to=services.specialists_following(unit),
    )


def _detail(request, thread, reply_form=None, status=200):
    user = request.user
    return render(
        request,
        "support/thread_detail.html",
        {
            "thread": thread,
            "unit": thread.unit,
            "breadcrumb": unit_ancestors_visible(user, thread.unit),
            "replies": selectors.thread_replies(thread),
            "files": [a for a in thread.attachments.all() if a.reply_id is None],
            "reply_form": reply_form or ReplyForm(),
            "can_reply": user_helps_unit(user=user, unit=thread.unit)
            or user_can_edit_unit(user=user, unit=thread.unit),
            "actions": [
                (key, label)
                for key, label in (
                    ("take", _("Nhận xử lý")),
                    ("solve", _("Đánh dấu đã giải quyết")),
                    ("reopen", _("Mở lại")),
                )
                if services.thread_can(user=user, thread=thread, action=key)
            ],
            "can_publish": services.user_can_publish_guidance(user=user, unit=thread.unit),
            "assignees": thread.assignees.all(),
        },
        status=status,
    )


def support_thread_detail(request, pk):
    thread = selectors.thread_get_for_user(request.user, pk)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    return _detail(request, thread)


def support_thread_reply(request, pk):
    thread = selectors.thread_get_for_user(request.user, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = ReplyForm(request.POST, request.FILES)
    if form.is_valid():
        with refusals_on(form):
            services.thread_reply(thread=thread, by=request.user, **form.service_kwargs())
            messages.success(request, _("Đã gửi trả lời."))
            return redirect("support_thread_detail", pk=thread.pk)
    return _detail(request, thread, reply_form=form, status=400)


def support_thread_state(request, pk):
    thread = selectors.thread_get_for_user(request.user, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    action = request.POST.get("action", "")
    if action not in services.TRANSITIONS:
        raise PermissionDenied
    services.thread_transition(thread=thread, action=action, by=request.user)
    messages.success(
        request,
        _("Vướng mắc đã chuyển sang “%(state)s”.") % {"state": thread.get_state_display()},
    )
    return redirect("support_thread_detail", pk=thread.pk)


def _guidance_units(user):
    return units_visible_to(user=user).filter(level__key__in=GUIDANCE_LEVELS).order_by("path")


@require_http_methods(["GET", "POST"])
def support_thread_guidance(request, pk):
    """Turn a thread's answer into guidance for a subtree; the thread links to it."""
    thread = selectors.thread_get_for_user(request.user, pk)
    if not services.user_can_publish_guidance(user=request.user, unit=thread.unit):
        raise PermissionDenied
    answer = thread.replies.filter(from_helper=True).last()
    province = province_of(unit=thread.unit)
    units = _guidance_units(request.user)
    initial = {
        "topic": thread.topic_id,
        "title": thread.title,
        "text": answer.text if answer else "",
        "unit": province.pk if units.filter(pk=province.pk).exists() else None,
    }
    return _guidance_form(request, units=units, initial=initial, thread=thread)


@require_http_methods(["GET", "POST"])
def guidance_create(request):
    units = _guidance_units(request.user)
    first = units.first()
    if first is None or not services.user_can_publish_guidance(user=request.user, unit=first):
        raise PermissionDenied
    return _guidance_form(request, units=units, initial={})


def _guidance_form(request, *, units, initial, thread=None):
    data = posted(request)
    form = GuidanceForm(
        data,
        request.FILES if data is not None else None,
        topics=selectors.topics_active(user=request.user),
        units=units,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        with refusals_on(form):
            entry = services.guidance_publish(
                by=request.user, thread=thread, **form.service_kwargs()
            )
            messages.success(request, _("Đã đăng hướng dẫn."))
            return redirect("guidance_detail", pk=entry.pk)
    return render(request, "support/guidance_form.html", {"form": form, "thread": thread})


@require_GET
def guidance_list(request):
    topics = selectors.topics_active(user=request.user)
    form = GuidanceSearchForm(request.GET or None, topics=topics)
    q, topic = "", None
    if form.is_valid():
        q, topic = form.cleaned_data["q"], form.cleaned_data["topic"]
    return render(
        request,
        "support/guidance_list.html",
        {
            "form": form,
            "entries": selectors.guidance_search(request.user, q=q, topic=topic),
            "q": q,
            "can_publish": request.user.role in ("area_specialist", "province_admin")
            and request.user.can_edit,
        },
    )


def guidance_detail(request, pk):
    entry = selectors.guidance_get_for_user(request.user, pk)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    return render(
        request,
        "support/guidance_detail.html",
        {"entry": entry, "files": entry.attachments.all()},
    )


def support_attachment(request, pk):
    """A file, only to who may see its thread or guidance; never from MEDIA_URL."""
    attachment = selectors.attachment_get_for_user(request.user, pk)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    try:
        handle = default_storage.open(attachment.storage_name, "rb")
    except FileNotFoundError:
        raise Http404("file missing") from None
    response = FileResponse(
        handle,
        content_type=attachment.content_type,
        as_attachment=not attachment.is_image,
        filename=attachment.name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# --- Good units as examples ---------------------------------------------------------------------


@require_GET
def examples_page(request):
    """ "Đơn vị làm tốt": every unit of the province sees the current examples."""
    return render(
        request,
        "support/examples.html",
        {
            "rows": selectors.example_rows(request.user),
            "can_manage": office_province(user=request.user) is not None,
        },
    )


@require_http_methods(["GET", "POST"])
def example_mark(request, pk):
    unit = unit_get_for_user(user=request.user, pk=pk)
    if not user_manages_province(user=request.user, province=province_of(unit=unit)):
        raise PermissionDenied
    form = ExampleForm(posted(request), initial={"starts_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        with refusals_on(form):
            services.example_mark(unit=unit, by=request.user, **form.service_kwargs())
            messages.success(
                request, _("Đã đưa %(unit)s vào danh sách đơn vị làm tốt.") % {"unit": unit.name}
            )
            return redirect("examples_page")
    return unit_page(
        request, "support/example_form.html", unit, form=form, title=_("Giới thiệu đơn vị làm tốt")
    )


def example_end(request, pk):
    example = selectors.example_get_for_user(request.user, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    services.example_end(example=example, by=request.user)
    messages.success(request, _("Đã thôi giới thiệu %(unit)s.") % {"unit": example.unit.name})
    return redirect("examples_page")


def example_form_xlsx(request, pk):
    """The example unit's filled form, personal data masked."""
    example = selectors.example_get_for_user(request.user, pk)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    from frontnet.workbooks.export import template_build

    from .masking import mask_cell

    data = template_build(unit=example.unit, mask=mask_cell)
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    name = slugify(fold_search(example.unit.name)) or "don-vi"
    response["Content-Disposition"] = f'attachment; filename="mau-lam-tot-{name}.xlsx"'
    return response


@require_http_methods(["GET", "POST"])
def support_topics(request, pk):
    """The province office edits the topics units choose from (audited)."""
    province = province_get_managed(user=request.user, pk=pk)
    initial = [
        {"pk": t.pk, "name": t.name, "order": t.order, "active": t.active}
        for t in selectors.topics_of(province)
    ]
    # The shared defaults are shown as the province's own: saving makes them so.
    shared = bool(initial) and selectors.topics_of(province).first().province_id is None
    formset = TopicFormSet(posted(request), initial=initial)
    if request.method == "POST" and formset.is_valid():
        rows = [f.cleaned_data for f in formset.forms if f.cleaned_data]
        try:
            services.topics_save(province=province, rows=rows, by=request.user)
        except ValidationError as exc:
            formset._non_form_errors = formset.error_class(exc.messages)
        else:
            messages.success(request, _("Đã lưu danh sách chủ đề."))
            return redirect("support_topics", pk=province.pk)
    return render(
        request,
        "support/topics.html",
        {"formset": formset, "unit": province, "breadcrumb": [], "shared": shared},
    )
