"""How to find a unit outside a user's scope for the monitoring URLs, for
tests/test_scope_sweep.py."""

import datetime as dt

from frontnet.monitoring.models import Target
from frontnet.units.models import Unit
from frontnet.units.tests.scope_cases import unit_outside


def target_outside(tree, user):
    """A target of a unit the user does not see (another province for the province
    administrator)."""
    root = Unit.objects.get(pk=unit_outside(tree, user))
    return Target.objects.create(
        name="Chỉ tiêu ngoài phạm vi",
        measure="page_reported",
        root=root,
        threshold=50,
        start=dt.date(2022, 1, 1),
        deadline=dt.date(2022, 3, 31),
    ).pk


OUT_OF_SCOPE = {
    "unit_dashboard": unit_outside,
    "unit_dashboard_xlsx": unit_outside,
    "target_list": unit_outside,
    "target_add": unit_outside,
    "target_edit": target_outside,
    "target_deactivate": target_outside,
    "target_reactivate": target_outside,
    "api_unit_rollup": unit_outside,
    "api_unit_judgements": unit_outside,
    "api_target_list": unit_outside,
    "api_target_detail": target_outside,
    "api_target_deactivate": target_outside,
    "api_target_reactivate": target_outside,
}
