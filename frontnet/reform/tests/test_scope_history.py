"""The units a user's unit replaced are in their scope (read only) at no query of their own:
one query reads the unit and its predecessors, and it serves as the user's unit."""

import pytest

from frontnet.accounts.models import Role, User
from frontnet.units.access import in_scope, scope_q, scope_roots, user_can_edit_unit

from .test_transition import world  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


def test_history_roots_cost_one_query_per_request_and_serve_as_the_unit(
    world,  # noqa: F811
    django_assert_num_queries,
):
    xa = User.objects.create_user(username="xa1", role=Role.UNIT_STAFF, unit=world["moi1"])
    user = User.objects.get(pk=xa.pk)  # as a request loads it: nothing cached
    with django_assert_num_queries(1):
        roots = scope_roots(user=user)
        assert {r.pk for r in roots} == {world["moi1"].pk, world["an1"].pk, world["an2"].pk}
        assert in_scope(user=user, unit=world["thon1"])  # a legacy committee: history
        assert user_can_edit_unit(user=user, unit=world["moi1"])
        assert not user_can_edit_unit(user=user, unit=world["an1"])  # read only
        assert user.unit.name == "Xã Mới Một"
        scope_q(user=user)
    # Moved to another unit (the same object, refreshed): read again.
    User.objects.filter(pk=user.pk).update(unit=world["xbinh"])
    user.refresh_from_db()
    assert {r.pk for r in scope_roots(user=user)} == {world["xbinh"].pk, world["binh1"].pk}
