"""How to find a unit outside a user's scope, for tests/test_scope_sweep.py."""

from frontnet.units.access import units_visible_to


def unit_outside(tree, user):
    visible = set(units_visible_to(user=user).values_list("pk", flat=True))
    return next(u.pk for u in tree.values() if u.pk not in visible)


OUT_OF_SCOPE = {
    name: unit_outside
    for name in [
        "unit_detail",
        "unit_children",
        "unit_add_child",
        "unit_edit",
        "residential_import",
        "api_unit_detail",
        "api_unit_children",
    ]
}
