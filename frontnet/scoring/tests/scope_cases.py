"""How to find a unit outside a user's scope for the scoring URLs, for
tests/test_scope_sweep.py."""

from decimal import Decimal

from frontnet.scoring.models import Criterion
from frontnet.units.access import province_of
from frontnet.units.models import Unit
from frontnet.units.tests.scope_cases import unit_outside


def criterion_outside(tree, user):
    """A criterion of a province the user does not see (another province for the province
    administrator; their own province for everyone below it, who sees no province)."""
    unit = Unit.objects.get(pk=unit_outside(tree, user))
    province = province_of(unit=unit)
    code = f"ngoai-{Criterion.objects.count() + 1}"
    return Criterion.objects.create(
        code=code,
        name="Tiêu chí ngoài phạm vi",
        measure="has_account",
        rule="linear",
        weight=Decimal(10),
        province=province,
    ).pk


OUT_OF_SCOPE = {
    **{
        name: unit_outside
        for name in [
            "unit_scores",
            "unit_scores_xlsx",
            "unit_scores_docx",
            "scores_compute",
            "scores_publish",
            "scores_unpublish",
            "criteria_list",
            "criterion_add",
            "year_rule_edit",
            "api_unit_periods",
            "api_unit_scores",
            "api_scores_report",
            "api_scores_compute",
            "api_scores_publish",
            "api_scores_unpublish",
            "api_criterion_list",
        ]
    },
    "criterion_edit": criterion_outside,
    "api_criterion_detail": criterion_outside,
    "api_criterion_deactivate": criterion_outside,
    "api_criterion_reactivate": criterion_outside,
    "criterion_deactivate": criterion_outside,
    "criterion_reactivate": criterion_outside,
}
