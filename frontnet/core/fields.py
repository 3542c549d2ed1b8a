"""Model fields the apps declare the same way."""

from django.conf import settings
from django.db import models


def user_who(**kwargs) -> models.ForeignKey:
    """The user who did something (created, reported, published…): kept as long as the
    record is (PROTECT: deactivating an account never deletes what it did), no reverse
    accessor."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", **kwargs
    )
