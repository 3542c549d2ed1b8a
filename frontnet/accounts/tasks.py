"""The one-time link by e-mail, outside the request. The task gets ids only and makes the
link when it sends it, so no link is ever stored (not even in the task queue); making it
replaces any link shown before."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from .models import User
from .services import account_issue_link


@task
def send_account_link(account_id: int, by_id: int) -> None:
    account = User.objects.select_related("unit").get(pk=account_id)
    by = User.objects.get(pk=by_id)
    if not account.email:
        return
    with translation.override(settings.LANGUAGE_CODE):
        path = account_issue_link(account=account, by=by)
        context = {
            "account": account,
            "link": settings.FRONTNET_BASE_URL.rstrip("/") + path,
            "days": settings.PASSWORD_RESET_TIMEOUT // 86400,
            "activation": account.last_login is None,
        }
        mail = EmailMultiAlternatives(
            subject=_("[FrontNet] Liên kết đặt mật khẩu"),
            body=render_to_string("accounts/email_link.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[account.email],
        )
        mail.attach_alternative(render_to_string("accounts/email_link.html", context), "text/html")
        mail.send()
