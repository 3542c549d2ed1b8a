import pytest
from django.http import Http404

from frontnet.units.access import scope_roots, unit_get_for_user, units_visible_to

pytestmark = pytest.mark.django_db


def names(user):
    return set(units_visible_to(user=user).values_list("name", flat=True))


def test_province_admin_sees_the_whole_province(users, tree):
    assert names(users["tinh"]) == {u.name for u in tree.values()}


def test_district_staff_sees_only_their_district(users):
    assert names(users["huyen"]) == {"Huyện An", "Xã An Một", "Xã An Hai", "Thôn 1"}


def test_commune_staff_sees_only_their_commune(users):
    assert names(users["xa"]) == {"Xã An Một", "Thôn 1"}


def test_area_specialist_sees_assigned_areas_only(users):
    assert names(users["chuyenvien2"]) == {"Huyện Bình", "Xã Bình Một", "Thôn Đông"}


def test_specialist_with_two_areas_sees_both(users, tree):
    from frontnet.accounts.models import AreaAssignment

    AreaAssignment.objects.create(user=users["chuyenvien2"], unit=tree["commune_a2"])
    assert "Xã An Hai" in names(users["chuyenvien2"])
    assert "Xã An Một" not in names(users["chuyenvien2"])


def test_nested_assignments_collapse_to_the_outer_root(users, tree):
    from frontnet.accounts.models import AreaAssignment

    AreaAssignment.objects.create(user=users["chuyenvien1"], unit=tree["commune_a1"])
    assert scope_roots(user=users["chuyenvien1"]) == [tree["district_a"]]


def test_out_of_scope_unit_is_404_not_403(users, tree):
    with pytest.raises(Http404):
        unit_get_for_user(user=users["xa"], pk=tree["commune_a2"].pk)


def test_inactive_user_sees_nothing(users):
    users["huyen"].is_active = False
    assert names(users["huyen"]) == set()
