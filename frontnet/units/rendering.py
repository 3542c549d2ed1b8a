"""Rendering a page about one unit, the way every app's unit pages do."""

from django.shortcuts import render

from .selectors import unit_ancestors_visible


def unit_page(request, template, unit, **context):
    """A page about one unit, under the breadcrumb of the unit's ancestors the user sees."""
    context.update(unit=unit, breadcrumb=unit_ancestors_visible(request.user, unit))
    return render(request, template, context)
