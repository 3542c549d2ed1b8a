"""One-time links for activating an account and resetting a password.

Django's PasswordResetTokenGenerator signs the user's id, password hash and last login: the
link stops working as soon as the password is set (or a newer link is issued, which replaces
the unusable password hash), and after PASSWORD_RESET_TIMEOUT (7 days, config/settings.py).
Nothing secret is stored: the link is computed, shown once, and never kept.
"""

from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.urls import reverse
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode

from .models import User


class AccountLinkTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "frontnet.accounts.tokens.AccountLinkTokenGenerator"


account_link_tokens = AccountLinkTokenGenerator()


def link_path(user: User) -> str:
    """The path of a fresh one-time link for `user` (prefix it with FRONTNET_BASE_URL)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return reverse("user_activate", args=[uid, account_link_tokens.make_token(user)])


def user_from_link(uidb64: str, token: str) -> User | None:
    """The active user a link was made for, while it is valid; else None."""
    try:
        pk = int(force_str(urlsafe_base64_decode(uidb64)))
        user = User.objects.get(pk=pk, is_active=True)
    except (ValueError, TypeError, OverflowError, User.DoesNotExist):
        return None
    return user if account_link_tokens.check_token(user, token) else None
