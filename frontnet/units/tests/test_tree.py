import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from frontnet.audit.models import AuditEntry
from frontnet.units.models import Unit
from frontnet.units.services import unit_create, unit_end, unit_update

pytestmark = pytest.mark.django_db


def test_subtree_is_one_prefix_query_covering_all_descendants(tree, django_assert_num_queries):
    with django_assert_num_queries(1):
        names = set(Unit.objects.subtree_of(tree["district_a"]).values_list("name", flat=True))
    assert names == {"Huyện An", "Xã An Một", "Xã An Hai", "Thôn 1"}


def test_path_and_depth_follow_the_parent(tree):
    village = tree["village"]
    assert village.depth == 3
    assert village.path.startswith(tree["commune_a1"].path)
    assert village.ancestor_ids() == [
        tree["province"].pk,
        tree["district_a"].pk,
        tree["commune_a1"].pk,
    ]


def test_front_name_puts_lower_case_type_before_name(tree):
    assert tree["district_a"].front_name == "huyện An"
    assert tree["commune_a1"].front_name == "xã An Một"
    assert tree["province"].front_name == "tỉnh Thử"


def test_level_must_be_below_parent_level(tree, levels):
    with pytest.raises(ValidationError):
        unit_create(
            parent=tree["commune_a1"],
            name="Huyện Lạ",
            division_type="huyện",
            level=levels["district"],
            by=None,
        )


def test_unit_code_is_unique_within_a_scheme(tree, levels):
    with pytest.raises(ValidationError):
        unit_create(
            parent=tree["district_a"],
            name="Xã Trùng Mã",
            division_type="xã",
            level=levels["commune"],
            by=None,
            code="99101",
        )


def test_ended_unit_is_kept_and_counts_only_while_valid(tree, users):
    unit_end(unit=tree["commune_a2"], on=dt.date(2025, 6, 30), by=users["tinh"])
    valid_2026 = set(
        Unit.objects.subtree_of(tree["district_a"])
        .valid_on(dt.date(2026, 1, 1))
        .values_list("name", flat=True)
    )
    valid_2024 = set(
        Unit.objects.subtree_of(tree["district_a"])
        .valid_on(dt.date(2024, 1, 1))
        .values_list("name", flat=True)
    )
    assert "Xã An Hai" not in valid_2026
    assert "Xã An Hai" in valid_2024
    assert Unit.objects.filter(name="Xã An Hai").exists()


def test_update_records_who_when_and_before_after(tree, users):
    unit_update(unit=tree["village"], by=users["xa"], name="Thôn Một")
    entry = AuditEntry.objects.filter(object_id=str(tree["village"].pk)).first()
    assert entry.action == "update"
    assert entry.actor == users["xa"]
    assert entry.channel == "web"
    assert entry.changes["name"] == ["Thôn 1", "Thôn Một"]
    assert entry.unit_id == tree["village"].pk


def test_update_with_no_change_writes_no_audit_entry(tree, users):
    before = AuditEntry.objects.count()
    unit_update(unit=tree["village"], by=users["xa"], name="  Thôn   1 ")
    assert AuditEntry.objects.count() == before


def test_names_are_stored_nfc_and_trimmed(tree, levels):
    nfd = "Thôn Hòa".replace("ò", "o\u0300")
    unit = unit_create(
        parent=tree["commune_a1"],
        name=f"  {nfd}  ",
        division_type="thôn",
        level=levels["residential"],
        by=None,
    )
    assert unit.name == "Thôn Hòa"
    assert unit.search_name == "thon hoa"


def test_a_unit_cannot_rename_recode_or_end_itself(tree, users):
    """Commune staff ending or re-coding their own commune made it drop out of the
    district's monitoring; a unit's identity is changed only from above."""
    import datetime as dt

    from django.core.exceptions import PermissionDenied

    commune = tree["commune_a1"]
    for change in ({"name": "Xã Khác"}, {"code": "1"}, {"valid_to": dt.date(2025, 1, 1)}):
        with pytest.raises(PermissionDenied):
            unit_update(unit=commune, by=users["xa"], **change)
    with pytest.raises(PermissionDenied):
        unit_end(unit=commune, on=dt.date(2025, 6, 30), by=users["xa"])
    commune.refresh_from_db()
    assert (commune.name, commune.code, commune.valid_to) == ("Xã An Một", "99101", None)
    # The district above may, and so may the commune for its own residential committee.
    unit_update(unit=commune, by=users["huyen"], name="Xã An Một Mới")
    unit_update(unit=tree["village"], by=users["xa"], name="Thôn Một")


def test_unit_edit_page_answers_403_to_the_units_own_staff(client_for, tree):
    from django.urls import reverse

    url = reverse("unit_edit", kwargs={"pk": tree["commune_a1"].pk})
    client = client_for("xa")
    assert client.get(url).status_code == 403
    assert client.post(url, {"name": "Xã Khác", "division_type": "xã"}).status_code == 403
    detail = client.get(reverse("unit_detail", kwargs={"pk": tree["commune_a1"].pk}))
    assert f'href="{url}"' not in detail.content.decode()
    district = client_for("huyen").get(reverse("unit_detail", kwargs={"pk": tree["commune_a1"].pk}))
    assert f'href="{url}"' in district.content.decode()
