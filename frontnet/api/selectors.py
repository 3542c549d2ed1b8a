from django.db.models import QuerySet

from frontnet.units.access import get_owned, owned_by

from .models import ApiToken


def tokens_of(*, user) -> QuerySet[ApiToken]:
    """A user's own tokens: nobody else's are ever listed, the administrator's included."""
    return owned_by(user=user, queryset=ApiToken.objects.all())


def token_get_for_user(*, user, pk) -> ApiToken:
    """One of the user's own tokens; anyone else's is 404."""
    return get_owned(user=user, queryset=ApiToken.objects.all(), pk=pk)
