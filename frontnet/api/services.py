"""Personal access tokens: made, used and revoked by their own user, every change audited."""

import datetime as dt
import hashlib
import hmac
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from frontnet.audit.models import Action, Channel
from frontnet.audit.services import audit_record, snapshot, stamp_audited
from frontnet.core.vntext import clean_text

from .models import ApiToken

PREFIX = "fn_"
# A used token's "last used" is written at most this often: reads must not become writes.
LAST_USED_STEP = dt.timedelta(minutes=1)
SHOWN_FIELDS = ("user_id", "name", "prefix", "expires_at")


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def token_create(
    *, user, name: str, expires_days: int | None = None, by=None, channel: str = Channel.WEB
) -> tuple[ApiToken, str]:
    """A new token for `user`; returns the row and the token text, which is never stored."""
    name = clean_text(name)
    if not name:
        raise ValidationError({"name": _("Hãy đặt tên gợi nhớ cho mã truy cập.")})
    if expires_days is not None and not 1 <= expires_days <= 3650:
        raise ValidationError({"expires_days": _("Số ngày hiệu lực phải từ 1 đến 3650.")})
    prefix = secrets.token_hex(5)
    secret = secrets.token_urlsafe(32)
    token = ApiToken(
        user=user,
        name=name,
        prefix=prefix,
        digest=_digest(secret),
        expires_at=timezone.now() + dt.timedelta(days=expires_days) if expires_days else None,
    )
    token.full_clean()
    token.save()
    audit_record(
        obj=token,
        by=by or user,
        action=Action.CREATE,
        channel=channel,
        unit_id=user.unit_id,
        after=snapshot(token, SHOWN_FIELDS),  # never the digest
    )
    return token, f"{PREFIX}{prefix}_{secret}"


@transaction.atomic
def token_revoke(*, token: ApiToken, by, channel: str = Channel.WEB) -> ApiToken:
    if token.revoked_at is None:
        stamp_audited(
            token,
            "revoked_at",
            timezone.now(),
            by=by,
            action=Action.END,
            channel=channel,
            unit_id=token.user.unit_id,
        )
    return token


def token_authenticate(text: str) -> ApiToken | None:
    """The usable token that `text` is, or None; notes when it was last used."""
    if not text.startswith(PREFIX) or text.count("_") < 2:
        return None
    prefix, _sep, secret = text[len(PREFIX) :].partition("_")
    token = ApiToken.objects.select_related("user", "user__unit").filter(prefix=prefix).first()
    if token is None or not hmac.compare_digest(token.digest, _digest(secret)):
        return None
    if not token.is_usable or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_STEP:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
