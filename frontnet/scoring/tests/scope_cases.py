"""How to find a unit outside a user's scope for the scoring URLs, for
tests/test_scope_sweep.py."""

from frontnet.units.tests.scope_cases import unit_outside

OUT_OF_SCOPE = {
    name: unit_outside
    for name in [
        "unit_scores",
        "unit_scores_xlsx",
        "unit_scores_docx",
        "scores_compute",
        "scores_publish",
        "scores_unpublish",
    ]
}
