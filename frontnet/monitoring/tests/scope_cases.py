"""How to find a unit outside a user's scope for the monitoring URLs, for
tests/test_scope_sweep.py."""

from frontnet.units.tests.scope_cases import unit_outside

OUT_OF_SCOPE = {
    "unit_dashboard": unit_outside,
    "unit_dashboard_xlsx": unit_outside,
}
