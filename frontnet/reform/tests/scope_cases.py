"""How to find a province outside a user's scope for the reform URLs, for
tests/test_scope_sweep.py."""

from frontnet.units.tests.scope_cases import unit_outside

OUT_OF_SCOPE = {
    name: unit_outside
    for name in [
        "reform_plan",
        "reform_questions",
        "reform_upload",
        "reform_commit",
        "reform_keep_page",
    ]
}
