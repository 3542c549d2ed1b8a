import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from frontnet.accounts import selectors, services
from frontnet.accounts.models import AreaAssignment
from frontnet.notifications.kinds import register_kind
from frontnet.notifications.services import notify
from frontnet.units import access

pytestmark = pytest.mark.django_db

NOTE = register_kind("test_area_note", label="Việc", text="Việc %(n)s")


def test_who_followed_a_district_in_a_month(users, tree):
    AreaAssignment.objects.filter(user=users["chuyenvien1"]).update(
        valid_from=dt.date(2022, 1, 1), valid_to=dt.date(2022, 3, 10)
    )
    AreaAssignment.objects.create(
        user=users["chuyenvien2"], unit=tree["district_a"], valid_from=dt.date(2022, 3, 11)
    )
    march = selectors.specialists_following(
        unit=tree["commune_a1"], start=dt.date(2022, 3, 1), end=dt.date(2022, 3, 31)
    )
    assert [u.username for u in march] == ["chuyenvien1", "chuyenvien2"]
    february = selectors.specialists_following(unit=tree["district_a"], start=dt.date(2022, 2, 1))
    assert [u.username for u in february] == ["chuyenvien1"]
    # Scope is today's: chuyenvien1's ended assignment no longer lets them see huyện An.
    assert not access.in_scope(user=users["chuyenvien1"], unit=tree["district_a"])
    assert access.in_scope(user=users["chuyenvien2"], unit=tree["commune_a1"])


def test_only_the_province_admin_assigns_and_a_hand_over_moves_open_items(users, tree):
    with pytest.raises(PermissionDenied):
        services.assignment_create(
            by=users["huyen"], specialist=users["chuyenvien2"], unit=tree["commune_a1"]
        )
    row = AreaAssignment.objects.get(user=users["chuyenvien1"], unit=tree["district_a"])
    AreaAssignment.objects.filter(pk=row.pk).update(valid_from=dt.date(2022, 1, 1))
    row.refresh_from_db()
    notify(kind=NOTE, recipients=[users["chuyenvien1"]], unit=tree["commune_a1"], args={"n": 1})
    new = services.assignment_hand_over(by=users["tinh"], assignment=row, to=users["chuyenvien2"])
    row.refresh_from_db()
    today = timezone.localdate()
    assert row.valid_to == today - dt.timedelta(days=1) and new.valid_from == today
    assert users["chuyenvien2"].notifications.get().text == "Việc 1"
    assert access.in_scope(user=users["chuyenvien2"], unit=tree["commune_a1"])
    assert not access.in_scope(user=users["chuyenvien1"], unit=tree["commune_a1"])


def test_assignment_page_and_unit_panel(client_for, users, tree):
    client = client_for("tinh")
    url = reverse("unit_specialists", args=[tree["commune_b1"].pk])
    response = client.post(url, {"specialist": users["chuyenvien1"].pk})
    assert response.status_code == 302
    assert AreaAssignment.objects.filter(
        user=users["chuyenvien1"], unit=tree["commune_b1"], valid_to__isnull=True
    ).exists()
    panel = client.get(reverse("unit_detail", args=[tree["commune_b1"].pk])).content.decode()
    assert "Chuyên viên đang theo dõi:" in panel
    assert "chuyenvien1" in panel and "chuyenvien2" in panel  # direct, and through huyện Bình
    assert (
        client_for("huyen")
        .get(reverse("unit_specialists", args=[tree["commune_a1"].pk]))
        .status_code
        == 403
    )
