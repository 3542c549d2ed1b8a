"""What the apps' pages do the same way: read the POST, hand a valid form to one service,
show the service's refusals next to the fields they are about, and render a unit's page
under its breadcrumb."""

from django.core.exceptions import ValidationError
from django.shortcuts import render

from frontnet.units.selectors import unit_ancestors_visible


def posted(request):
    # An empty POST is still a submission: it must show "required", not a blank form.
    return request.POST if request.method == "POST" else None


def add_service_errors(form, exc: ValidationError) -> None:
    """Put a service's messages next to the form's fields, the rest above the form."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def form_saved(request, form, service, **kwargs) -> bool:
    """Whether a posted, valid form was taken by `service`, called with `kwargs`, the form's
    `service_kwargs()` and `by=request.user`. False on a GET, on an invalid form, or when the
    service refused it (its messages are then on the form)."""
    if request.method != "POST" or not form.is_valid():
        return False
    try:
        service(by=request.user, **kwargs, **form.service_kwargs())
    except ValidationError as exc:
        add_service_errors(form, exc)
        return False
    return True


def unit_page(request, template, unit, **context):
    """A page about one unit, under the breadcrumb of the unit's ancestors the user sees."""
    context.update(unit=unit, breadcrumb=unit_ancestors_visible(request.user, unit))
    return render(request, template, context)
