from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from frontnet.core.views import form_saved, posted, refusals_on
from frontnet.privacy.selectors import cadre_consent_ok
from frontnet.privacy.services import personal_data_viewed
from frontnet.units.access import (
    province_get_for_user,
    province_get_managed,
    unit_get_editable,
    unit_get_for_user,
    user_can_edit_unit,
    user_manages_province,
    user_sees_personal_data,
)
from frontnet.units.rendering import unit_page

from . import selectors, services
from .forms import CadreEndForm, CadreForm, FollowForm, OfficialChannelForm, SocialAccountForm

PAGE_SIZE = 50


def _managed_province(request, province):
    if not user_manages_province(user=request.user, province=province):
        raise PermissionDenied
    return province


def _yes_no(value: str) -> bool | None:
    return {"1": True, "0": False}.get(value)


def _page(request, template, unit, **context):
    context.setdefault("can_edit", user_can_edit_unit(user=request.user, unit=unit))
    return unit_page(request, template, unit, **context)


def _form_page(
    request, form, service, using: dict, *, done, back, unit, template="cadres/form.html", **context
):
    """A form's page: a valid POST taken by `service` (called with `using`) says `done`, and
    the warnings the form leaves, and goes `back` (a URL name and its id); else the page."""
    if form_saved(request, form, service, **using):
        messages.success(request, done)
        for warning in getattr(form, "warnings", ()):
            messages.warning(request, warning)
        return redirect(*back)
    return _page(request, template, unit, form=form, **context)


def _cadre_form_page(request, cadre, form, service, *, done, **context):
    """A form about one cadre: `service` gets the cadre, then back to the cadre's page."""
    back = ("cadre_detail", cadre.pk)
    return _form_page(
        request,
        form,
        service,
        {"cadre": cadre},
        done=done,
        back=back,
        unit=cadre.unit,
        cadre=cadre,
        **context,
    )


# --- Cadres ----------------------------------------------------------------------------------


def cadre_list(request, pk):
    unit = unit_get_for_user(user=request.user, pk=pk)
    params = request.GET
    wanted = params.get("category", "")
    category = selectors.categories().filter(pk=wanted).first() if wanted.isdigit() else None
    filters = {
        "subtree": params.get("subtree") == "1",
        "q": params.get("q", "")[:100],
        "category": category,
        "has_facebook": _yes_no(params.get("facebook", "")),
        "has_zalo": _yes_no(params.get("zalo", "")),
        "follows_all": _yes_no(params.get("follows_all", "")),
        "include_ended": params.get("ended") == "1",
    }
    cadres = selectors.cadre_list(request.user, unit, **filters)
    page = Paginator(cadres, PAGE_SIZE).get_page(params.get("page"))
    personal_data_viewed(user=request.user, cadres=page.object_list, unit=unit, filters=filters)
    query = params.copy()
    query.pop("page", None)
    template = "cadres/_list_rows.html" if request.htmx else "cadres/list.html"
    return _page(
        request,
        template,
        unit,
        page=page,
        filters=filters,
        params=params,
        query=query.urlencode(),
        categories=selectors.categories(),
        channel_count=selectors.official_channels_for(unit).count(),
    )


@require_http_methods(["GET", "POST"])
def cadre_add(request, pk):
    unit = unit_get_editable(user=request.user, pk=pk)
    form = CadreForm(posted(request))
    if request.method == "POST" and form.is_valid():
        with refusals_on(form):
            cadre = services.cadre_create(unit=unit, by=request.user, **form.service_kwargs())
            messages.success(request, _("Đã thêm cán bộ %(name)s.") % {"name": cadre.full_name})
            return redirect("cadre_detail", pk=cadre.pk)
    return _page(request, "cadres/form.html", unit, form=form, title=_("Thêm cán bộ"))


def cadre_detail(request, pk):
    cadre = selectors.cadre_get_for_user(request.user, pk)
    accounts = list(selectors.accounts_of_cadre(cadre))
    personal_data_viewed(user=request.user, cadres=[cadre], unit=cadre.unit)
    return _page(
        request,
        "cadres/detail.html",
        cadre.unit,
        cadre=cadre,
        accounts=accounts,
        duplicates=selectors.account_duplicates(request.user, accounts),
        follows=selectors.follows_of_cadre(cadre),
        can_edit=selectors.cadre_can_edit(request.user, cadre),
        records_over_time=_records_over_time(request.user, cadre),
        consent_ok=cadre_consent_ok(cadre),
    )


def _records_over_time(user, cadre):
    # The 2025 transition carries a cadre on as a new record; both are the same person.
    from frontnet.reform.selectors import cadre_records_over_time

    return cadre_records_over_time(user, cadre)


@require_http_methods(["GET", "POST"])
def cadre_edit(request, pk):
    """The cadre and all its accounts in one form (a phone user fixes a link in place)."""
    cadre = selectors.cadre_get_editable(request.user, pk)
    sees = user_sees_personal_data(user=request.user, unit=cadre.unit)
    accounts = selectors.accounts_of_cadre(cadre)
    form = CadreForm(posted(request), instance=cadre, accounts=accounts, masked=not sees)
    if request.method == "GET" and sees:
        personal_data_viewed(user=request.user, cadres=[cadre], unit=cadre.unit)
    return _cadre_form_page(
        request,
        cadre,
        form,
        services.cadre_update,
        done=_("Đã lưu thay đổi."),
        title=_("Sửa cán bộ"),
    )


@require_http_methods(["GET", "POST"])
def cadre_end(request, pk):
    cadre = selectors.cadre_get_editable(request.user, pk)
    return _cadre_form_page(
        request,
        cadre,
        CadreEndForm(posted(request)),
        services.cadre_end,
        done=_("%(name)s đã kết thúc công tác.") % {"name": cadre.full_name},
        title=_("Kết thúc công tác: %(name)s") % {"name": cadre.full_name},
        submit=_("Kết thúc công tác"),
    )


# --- Accounts --------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def account_add(request, pk):
    cadre = selectors.cadre_get_editable(request.user, pk)
    return _cadre_form_page(
        request,
        cadre,
        SocialAccountForm(posted(request), for_cadre=True),
        services.social_account_add,
        done=_("Đã thêm tài khoản."),
        title=_("Thêm tài khoản"),
    )


@require_http_methods(["GET", "POST"])
def unit_account_add(request, pk):
    unit = unit_get_editable(user=request.user, pk=pk)
    return _form_page(
        request,
        SocialAccountForm(posted(request), for_cadre=False),
        services.social_account_add,
        {"unit": unit},
        done=_("Đã thêm tài khoản của đơn vị."),
        back=("unit_detail", unit.pk),
        unit=unit,
        title=_("Thêm tài khoản của đơn vị"),
    )


@require_http_methods(["GET", "POST"])
def account_remove(request, pk):
    account = selectors.account_get_for_user(request.user, pk)
    if not user_can_edit_unit(user=request.user, unit=account.unit):
        raise PermissionDenied
    back = (
        ("cadre_detail", account.cadre_id) if account.cadre_id else ("unit_detail", account.unit_id)
    )
    if request.method == "POST":
        services.social_account_remove(account=account, by=request.user)
        messages.success(request, _("Đã xoá tài khoản %(link)s.") % {"link": account.canonical})
        return redirect(*back)
    return _page(request, "cadres/account_remove.html", account.unit, account=account, back=back)


# --- Follows of the official channels --------------------------------------------------------


@require_http_methods(["GET", "POST"])
def follow_edit(request, pk):
    cadre = selectors.cadre_get_editable(request.user, pk)
    pairs = selectors.follows_of_cadre(cadre)
    form = FollowForm(
        posted(request),
        channels=[ch for ch, _f in pairs],
        answers={ch.pk: f for ch, f in pairs if f is not None},
    )
    return _cadre_form_page(
        request,
        cadre,
        form,
        services.channel_follows_set,
        done=_("Đã lưu việc theo dõi các kênh của tỉnh."),
        template="cadres/follow_form.html",
        title=_("Theo dõi kênh chính thức của tỉnh: %(name)s") % {"name": cadre.full_name},
    )


# --- The province's official channels ------------------------------------------------------


def channel_list(request, pk):
    province = province_get_for_user(user=request.user, pk=pk)
    return _page(
        request,
        "cadres/channel_list.html",
        province,
        channels=selectors.official_channels_for(province, include_inactive=True),
        can_manage=user_manages_province(user=request.user, province=province),
    )


@require_http_methods(["GET", "POST"])
def channel_add(request, pk):
    province = province_get_managed(user=request.user, pk=pk)
    return _form_page(
        request,
        OfficialChannelForm(posted(request)),
        services.official_channel_create,
        {"province": province},
        done=_("Đã thêm kênh chính thức."),
        back=("channel_list", province.pk),
        unit=province,
        title=_("Thêm kênh chính thức của tỉnh"),
    )


@require_http_methods(["GET", "POST"])
def channel_edit(request, pk):
    official = selectors.official_channel_get_for_user(request.user, pk)
    province = _managed_province(request, official.province)
    return _form_page(
        request,
        OfficialChannelForm(posted(request), instance=official),
        services.official_channel_update,
        {"official_channel": official},
        done=_("Đã lưu thay đổi."),
        back=("channel_list", province.pk),
        unit=province,
        title=_("Sửa kênh chính thức của tỉnh"),
    )
