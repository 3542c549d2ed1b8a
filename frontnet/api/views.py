from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from frontnet.core.views import add_service_errors, posted

from . import selectors, services
from .forms import TokenForm


@require_http_methods(["GET", "POST"])
def token_list(request):
    """The user's personal access tokens; a new one is shown once, right after it is made."""
    form = TokenForm(posted(request))
    made = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, made = services.token_create(
                user=request.user, by=request.user, **form.service_kwargs()
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            form = TokenForm()
    return render(
        request,
        "api/tokens.html",
        {"form": form, "made": made, "tokens": selectors.tokens_of(user=request.user)},
    )


@require_POST
def token_revoke(request, pk):
    token = selectors.token_get_for_user(user=request.user, pk=pk)
    services.token_revoke(token=token, by=request.user)
    messages.success(request, _("Đã thu hồi mã “%(name)s”.") % {"name": token.name})
    return redirect("token_list")
