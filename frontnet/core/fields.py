"""Model fields the apps declare the same way."""

from operator import attrgetter

from django.conf import settings
from django.db import models


def user_who(**kwargs) -> models.ForeignKey:
    """The user who did something (created, reported, published…): kept as long as the
    record is (PROTECT: deactivating an account never deletes what it did), no reverse
    accessor."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", **kwargs
    )


def user_who_or_none(**kwargs) -> models.ForeignKey:
    """The user who did something, where the record outlives the account: emptied (SET_NULL)
    when the user is deleted, no reverse accessor."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", **kwargs
    )


def user_whose(related_name: str) -> models.ForeignKey:
    """The user a record belongs to (their token, notification, grant…): it goes with them."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name=related_name
    )


def unit_fk(on_delete, related_name: str = "+", **kwargs) -> models.ForeignKey:
    """A unit (or province) of the hierarchy, mostly the one a record belongs to (what scope
    and the audit log read); no reverse accessor unless `related_name` names one."""
    return models.ForeignKey("units.Unit", on_delete=on_delete, related_name=related_name, **kwargs)


def optional_fk(to, related_name: str = "+", **kwargs) -> models.ForeignKey:
    """A link a record may lack (blank in forms), emptied (SET_NULL) when its target is
    deleted; no reverse accessor unless `related_name` names one."""
    return models.ForeignKey(
        to, on_delete=models.SET_NULL, null=True, blank=True, related_name=related_name, **kwargs
    )


def unit_id_via(path: str) -> property:
    """`unit_id` of a record with no unit of its own, read through `path` ("province_id",
    "cadre.unit_id"): the audit log and scope tie the record to that unit."""
    return property(attrgetter(path))
