"""Accounts, one-time links, profiles and area assignments. Thin: the rules are in
services.py (what may change) and frontnet.units.access (who may)."""

import io

import xlsxwriter
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from frontnet.core.uploads import refused_form, refused_message
from frontnet.core.views import posted, refusals_on, refusals_told
from frontnet.units import access
from frontnet.units.rendering import unit_page

from . import bulk, selectors, services
from .forms import (
    AccountForm,
    AccountImportForm,
    AssignmentForm,
    HandOverForm,
    ProfileForm,
    SetPasswordForm,
)
from .tokens import user_from_link

JUST_CREATED = "accounts_just_created"  # session key: ids only, never a link
PENDING_IMPORT = "accounts_import"  # session key: per unit, the kept file's storage name


def full_link(path: str) -> str:
    return settings.FRONTNET_BASE_URL.rstrip("/") + path


def account_list(request, pk):
    """The accounts of a unit's subtree (or of the unit alone with ?own=1)."""
    unit = selectors.unit_get_for_accounts(user=request.user, pk=pk)
    own_only = request.GET.get("own") == "1"
    just = request.session.get(JUST_CREATED, {}).get(str(unit.pk), [])
    return unit_page(
        request,
        "accounts/list.html",
        unit,
        accounts=selectors.accounts_of_subtree(unit=unit, own_only=own_only),
        own_only=own_only,
        just_created=len(just),
    )


def _link_page(request, account, path, *, created: bool):
    return unit_page(
        request,
        "accounts/link.html",
        account.unit,
        account=account,
        link=full_link(path),
        created=created,
        days=settings.PASSWORD_RESET_TIMEOUT // 86400,
    )


@require_http_methods(["GET", "POST"])
def account_add(request, pk):
    unit = selectors.unit_get_for_accounts(user=request.user, pk=pk)
    units = selectors.account_unit_choices(user=request.user, within=unit)
    form = AccountForm(posted(request), actor=request.user, units=units, initial={"unit": unit})
    if request.method == "POST" and form.is_valid():
        with refusals_on(form):
            account = services.account_create(by=request.user, **form.cleaned_data)
            from .tokens import link_path

            _remember_created(request, unit, [account])
            # Shown once, here; a later link is a new one (the old one stops working).
            return _link_page(request, account, link_path(account), created=True)
    return unit_page(request, "accounts/form.html", unit, form=form, title=_("Thêm tài khoản"))


def _remember_created(request, unit, accounts) -> None:
    made = request.session.get(JUST_CREATED, {})
    made.setdefault(str(unit.pk), []).extend(a.pk for a in accounts)
    request.session[JUST_CREATED] = made


def _pending(request, unit, kept: dict | None = None, *, drop: bool = False) -> dict | None:
    """The file uploaded for this unit's import and not yet committed (or set / drop it)."""
    pending = request.session.get(PENDING_IMPORT, {})
    if kept is not None:
        old = pending.get(str(unit.pk))
        if old:
            bulk.upload_discard(name=old["name"])
        pending[str(unit.pk)] = kept
    elif drop:
        old = pending.pop(str(unit.pk), None)
        if old:
            bulk.upload_discard(name=old["name"])
    request.session[PENDING_IMPORT] = pending
    return pending.get(str(unit.pk))


@require_http_methods(["GET", "POST"])
def account_import(request, pk):
    """Upload a workbook of accounts → the preview, each bad row located → commit."""
    unit = selectors.unit_get_for_accounts(user=request.user, pk=pk)
    form = AccountImportForm(request.POST or None, request.FILES or None)
    action = request.POST.get("action", "upload")
    if refused := refused_message(request):
        form = refused_form(AccountImportForm, request, refused)
    elif request.method == "POST" and action == "cancel":
        _pending(request, unit, drop=True)
        return redirect("user_import", pk=unit.pk)
    elif request.method == "POST" and action == "upload" and form.is_valid():
        upload = form.cleaned_data["file"]
        name = bulk.upload_keep(data=upload.read())
        _pending(request, unit, {"name": name, "filename": upload.name})
        return redirect("user_import", pk=unit.pk)
    pending = _pending(request, unit)
    data = bulk.upload_read(name=pending["name"]) if pending else None
    plan = None
    if data is not None:
        plan = bulk.plan_accounts(data=data, filename=pending["filename"], by=request.user)
        if request.method == "POST" and action == "commit" and not plan.unreadable:
            with refusals_on(form):
                created = bulk.commit_accounts(plan=plan, by=request.user)
                _pending(request, unit, drop=True)
                _remember_created(request, unit, created)
                messages.success(
                    request,
                    _(
                        "Đã nhập tài khoản: %(create)s tạo mới, %(update)s cập nhật, "
                        "%(unchanged)s không đổi, %(rejected)s dòng lỗi bỏ qua."
                    )
                    % {**plan.counts(), "rejected": len(plan.errors)},
                )
                return redirect("user_list", pk=unit.pk)
    return unit_page(
        request,
        "accounts/import.html",
        unit,
        form=form,
        plan=plan,
        filename=pending["filename"] if pending else "",
        counts=plan.counts() if plan else {},
        changes=[r for r in plan.rows if r.action != "unchanged"] if plan else [],
    )


def account_links_download(request, pk):
    """A workbook of fresh one-time links for the accounts just created under this unit;
    links shown before for them stop working, and the list is emptied."""
    unit = selectors.unit_get_for_accounts(user=request.user, pk=pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])  # only after the lookup: 404 comes first
    made = request.session.get(JUST_CREATED, {})
    ids = made.pop(str(unit.pk), [])
    request.session[JUST_CREATED] = made
    rows = []
    for account in selectors.accounts_of_subtree(unit=unit).filter(pk__in=ids):
        if access.user_can_manage_account(user=request.user, account=account):
            path = services.account_issue_link(account=account, by=request.user)
            rows.append((account, full_link(path)))
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet(_("Liên kết kích hoạt"))
    bold = book.add_format({"bold": True})
    headers = [_("Họ và tên"), _("Đơn vị"), _("Vai trò"), _("Tên đăng nhập"), _("Liên kết")]
    sheet.write_row(0, 0, headers, bold)
    for i, (account, link) in enumerate(rows, start=1):
        sheet.write_row(
            i,
            0,
            [account.full_name, account.unit.name, account.get_role_display(), account.username],
        )
        sheet.write_string(i, 4, link)
    sheet.write(
        len(rows) + 2,
        0,
        _("Mỗi liên kết dùng một lần, hết hạn sau %(days)s ngày.")
        % {"days": settings.PASSWORD_RESET_TIMEOUT // 86400},
    )
    sheet.set_column(0, 3, 28)
    sheet.set_column(4, 4, 90)
    book.close()
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="lien-ket-kich-hoat-{stamp}.xlsx"'
    return response


def account_detail(request, pk):
    account = selectors.account_get_managed(user=request.user, pk=pk)
    return unit_page(
        request,
        "accounts/detail.html",
        account.unit,
        account=account,
        assignments=account.area_assignments.select_related("unit").order_by("-valid_from"),
    )


@require_http_methods(["GET", "POST"])
def account_edit(request, pk):
    account = selectors.account_get_managed(user=request.user, pk=pk)
    units = access.units_visible_to(user=request.user).exclude(level__key="residential")
    form = AccountForm(
        posted(request),
        actor=request.user,
        units=units,
        editing=True,
        initial={
            "full_name": account.full_name,
            "unit": account.unit,
            "role": account.role,
            "phone": account.phone,
            "email": account.email,
        },
    )
    if request.method == "POST" and form.is_valid():
        with refusals_on(form):
            services.account_update(account=account, by=request.user, **form.cleaned_data)
            messages.success(request, _("Đã lưu thay đổi."))
            return redirect("user_detail", pk=account.pk)
    title = _("Sửa tài khoản %(name)s") % {"name": account}
    return unit_page(request, "accounts/form.html", account.unit, form=form, title=title)


def _set_active(request, pk, *, service, done: str):
    account = selectors.account_get_managed(user=request.user, pk=pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])  # only after the lookup: 404 comes first
    service(account=account, by=request.user)
    messages.success(request, done % {"name": account})
    return redirect("user_detail", pk=account.pk)


def account_deactivate(request, pk):
    return _set_active(
        request, pk, service=services.account_deactivate, done=_("Đã khoá tài khoản %(name)s.")
    )


def account_reactivate(request, pk):
    return _set_active(
        request, pk, service=services.account_reactivate, done=_("Đã mở lại tài khoản %(name)s.")
    )


def account_link(request, pk):
    """A new one-time link (activation, or password reset once the account was used)."""
    account = selectors.account_get_managed(user=request.user, pk=pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])  # only after the lookup: 404 comes first
    if request.POST.get("send") == "email":
        if not account.is_active or not account.email:
            messages.error(request, _("Tài khoản không có e-mail hoặc đang bị khoá."))
        else:
            from .tasks import send_account_link

            by = request.user.pk
            transaction.on_commit(lambda: send_account_link.enqueue(account.pk, by))
            messages.success(
                request,
                _("Đã gửi liên kết mới đến %(email)s (liên kết cũ hết hiệu lực).")
                % {"email": account.email},
            )
        return redirect("user_detail", pk=account.pk)
    with refusals_told(request):
        path = services.account_issue_link(account=account, by=request.user)
        return _link_page(request, account, path, created=False)
    return redirect("user_detail", pk=account.pk)


@login_not_required
@require_http_methods(["GET", "POST"])
def account_activate(request, uidb64, token):
    """The one-time link: choose a password, then log in with it."""
    account = user_from_link(uidb64, token)
    if account is None:
        return render(request, "accounts/link_invalid.html", status=400)
    form = SetPasswordForm(posted(request), user=account)
    if request.method == "POST" and form.is_valid():
        services.password_set_from_link(account=account, password=form.cleaned_data["password1"])
        messages.success(
            request,
            _("Đã đặt mật khẩu. Hãy đăng nhập bằng tên đăng nhập %(username)s.")
            % {"username": account.username},
        )
        return redirect("login")
    return render(request, "accounts/activate.html", {"form": form, "account": account})


@require_http_methods(["GET", "POST"])
def profile(request):
    user = request.user
    form = ProfileForm(
        posted(request),
        initial={"full_name": user.full_name, "phone": user.phone, "email": user.email},
    )
    if request.method == "POST" and form.is_valid():
        with refusals_on(form):
            services.profile_update(user=user, **form.cleaned_data)
            messages.success(request, _("Đã lưu thông tin cá nhân."))
            return redirect("profile")
    return render(request, "accounts/profile.html", {"form": form})


class PasswordChange(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("profile")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Đã đổi mật khẩu."))
        return response


# --- Area specialists -------------------------------------------------------------------------


def _assignable_unit(request, pk):
    unit = access.unit_get_for_user(user=request.user, pk=pk)
    if not access.user_can_assign_specialists(user=request.user, unit=unit):
        raise PermissionDenied
    return unit


@require_http_methods(["GET", "POST"])
def unit_specialists(request, pk):
    """Who follows the unit, who followed it (with dates), and assigning a new specialist."""
    unit = _assignable_unit(request, pk)
    specialists = selectors.specialists_of_province(province=access.province_of(unit=unit))
    form = AssignmentForm(posted(request), specialists=specialists)
    if request.method == "POST" and form.is_valid():
        with refusals_on(form):
            services.assignment_create(
                by=request.user,
                specialist=form.cleaned_data["specialist"],
                unit=unit,
                valid_from=form.cleaned_data["valid_from"],
            )
            messages.success(request, _("Đã giao địa bàn."))
            return redirect("unit_specialists", pk=unit.pk)
    return unit_page(
        request,
        "accounts/specialists.html",
        unit,
        assignments=selectors.assignments_of_unit(unit=unit),
        form=form,
        hand_over=HandOverForm(specialists=specialists),
    )


def _assignment(request, pk):
    row = selectors.assignment_get_for_user(user=request.user, pk=pk)
    if not access.user_can_assign_specialists(user=request.user, unit=row.unit):
        raise PermissionDenied
    return row


def assignment_end(request, pk):
    row = _assignment(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])  # only after the lookup: 404 comes first
    services.assignment_end(by=request.user, assignment=row)
    messages.success(request, _("Đã thôi giao địa bàn."))
    return redirect("unit_specialists", pk=row.unit_id)


def assignment_hand_over(request, pk):
    row = _assignment(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])  # only after the lookup: 404 comes first
    specialists = selectors.specialists_of_province(province=access.province_of(unit=row.unit))
    form = HandOverForm(request.POST, specialists=specialists)
    if form.is_valid() and row.valid_to is None:
        with refusals_told(request):
            services.assignment_hand_over(
                by=request.user, assignment=row, to=form.cleaned_data["to"]
            )
            messages.success(request, _("Đã chuyển địa bàn cho chuyên viên khác."))
    return redirect("unit_specialists", pk=row.unit_id)
