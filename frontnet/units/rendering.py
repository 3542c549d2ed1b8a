"""Rendering a page about one unit, the way every app's unit pages do."""

from django.contrib import messages
from django.shortcuts import redirect, render

from frontnet.core.views import form_saved

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
