"""Tokens are their user's own: anybody else's token is out of scope, for everyone."""

from frontnet.accounts.models import User
from frontnet.api.services import token_create


def someone_elses_token(tree, user):
    other, _ = User.objects.get_or_create(username="nguoi-khac-token")
    token, _text = token_create(user=other, name="Của người khác")
    return token.pk


OUT_OF_SCOPE = {"token_revoke": someone_elses_token}
