"""How to find an account or an assignment outside a user's scope, for the scope sweep."""

from frontnet.accounts.models import AreaAssignment, Role, User
from frontnet.units.models import Unit
from frontnet.units.tests.scope_cases import unit_outside


def account_outside(tree, user):
    unit = Unit.objects.get(pk=unit_outside(tree, user))
    other, _ = User.objects.get_or_create(
        username=f"ngoai-{unit.pk}", defaults={"unit": unit, "role": Role.UNIT_STAFF}
    )
    return other.pk


def assignment_outside(tree, user):
    unit = Unit.objects.get(pk=unit_outside(tree, user))
    specialist, _ = User.objects.get_or_create(
        username=f"cv-ngoai-{unit.pk}", defaults={"unit": unit, "role": Role.AREA_SPECIALIST}
    )
    row, _ = AreaAssignment.objects.get_or_create(user=specialist, unit=unit, valid_to=None)
    return row.pk


OUT_OF_SCOPE = {
    "user_list": unit_outside,
    "user_add": unit_outside,
    "user_import": unit_outside,
    "user_links": unit_outside,
    "unit_specialists": unit_outside,
    "user_detail": account_outside,
    "user_edit": account_outside,
    "user_deactivate": account_outside,
    "user_reactivate": account_outside,
    "user_link": account_outside,
    "assignment_end": assignment_outside,
    "assignment_hand_over": assignment_outside,
}

OUT_OF_SCOPE |= {
    "api_user_list": unit_outside,
    **dict.fromkeys(
        ["api_user_detail", "api_user_deactivate", "api_user_reactivate"], account_outside
    ),
}
