"""What the apps' pages do the same way: read the POST, hand a valid form to one service and
show the service's refusals next to the fields they are about. (A unit's page under its
breadcrumb is `frontnet.units.rendering.unit_page`: it needs scope, which core is below.)"""

from contextlib import contextmanager

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST


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


@contextmanager
def refusals_on(form):
    """A service's refusal (ValidationError) inside the block goes on `form`, next to the
    fields it names; the rest of the block is skipped and the form is shown again."""
    try:
        yield
    except ValidationError as exc:
        add_service_errors(form, exc)


@contextmanager
def refusals_told(request):
    """A service's refusal inside the block is told as an error message, not raised; the
    rest of the block is skipped."""
    try:
        yield
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))


def form_saved(request, form, service, **kwargs) -> bool:
    """Whether a posted, valid form was taken by `service`, called with `kwargs`, the form's
    `service_kwargs()` and `by=request.user`. False on a GET, on an invalid form, or when the
    service refused it (its messages are then on the form)."""
    if request.method == "POST" and form.is_valid():
        with refusals_on(form):
            service(by=request.user, **kwargs, **form.service_kwargs())
            return True
    return False


def rule_active_views(*, editable, set_active, texts: dict, back: str):
    """The two POST views that stop and resume a rule (a target, a criterion).
    `editable(request, pk)` gives the rule and its province (404 out of scope, 403 when the
    user may not change it), `set_active(rule, active=, province=, by=)` is the audited
    service, `texts[active]` the message, `back` the URL name of the province's list."""

    def view(active: bool):
        @require_POST
        def rule_set_active(request, pk):
            rule, province = editable(request, pk)
            set_active(rule, active=active, province=province, by=request.user)
            messages.success(request, texts[active] % {"name": rule.name})
            return redirect(back, pk=province.pk)

        return rule_set_active

    return view(False), view(True)


def csrf_failure(request, reason=""):
    """The CSRF refusal in Vietnamese, with the site's navigation (403_csrf.html)."""
    return render(request, "403_csrf.html", {"reason": reason}, status=403)
