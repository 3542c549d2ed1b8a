"""Rendering a page about one unit, the way every app's unit pages do, and the province
office's pages that add and change the province's rules."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from frontnet.core.views import form_saved, posted

from .access import province_get_managed
from .selectors import unit_ancestors_visible


def unit_page(request, template, unit, **context):
    """A page about one unit, under the breadcrumb of the unit's ancestors the user sees."""
    context.update(unit=unit, breadcrumb=unit_ancestors_visible(request.user, unit))
    return render(request, template, context)


def rule_form_page(request, province, *, form, service, saved, back, template, title, **rule):
    """Add or change one of the province's rules (a target, a criterion): a valid form goes
    to `service` (with `province` and the `rule` being changed, e.g. target=...), then back to
    the list `back` saying `saved`; else the form again, under the province's breadcrumb."""
    if form_saved(request, form, service, province=province, **rule):
        messages.success(request, saved)
        return redirect(back, pk=province.pk)
    return unit_page(request, template, province, form=form, title=title, **rule)


def rule_form_views(*, form, create, update, editable, rule: str, texts: dict, back, template):
    """The two pages that add and change one kind of the province's rules (targets,
    criteria): `form(data, province=, instance=)`, the audited `create` and `update`
    services, `editable(request, pk)` gives a rule and its province (404 out of scope, 403
    when the user may not change it), `rule` names it for `update` and the template, and
    `texts` holds the lazy titles ("add", "edit") and messages ("added", "saved")."""

    @require_http_methods(["GET", "POST"])
    def add(request, pk):
        province = province_get_managed(user=request.user, pk=pk)
        return rule_form_page(
            request,
            province,
            form=form(posted(request), province=province),
            service=create,
            saved=str(texts["added"]),
            back=back,
            template=template,
            title=str(texts["add"]),
        )

    @require_http_methods(["GET", "POST"])
    def edit(request, pk):
        instance, province = editable(request, pk)
        return rule_form_page(
            request,
            province,
            form=form(posted(request), province=province, instance=instance),
            service=update,
            saved=str(texts["saved"]),
            back=back,
            template=template,
            title=str(texts["edit"]),
            **{rule: instance},
        )

    return add, edit
