"""Target services: what they refuse whatever the caller, and what they write to the log."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from frontnet.audit.models import AuditEntry
from frontnet.monitoring.models import Target
from frontnet.monitoring.services import target_create, target_set_active, target_update

pytestmark = pytest.mark.django_db

FIELDS = {
    "name": "Cán bộ cấp huyện có tài khoản",
    "measure": "has_account",
    "threshold": 100,
    "unit_threshold": 80,
    "start": dt.date(2022, 1, 1),
    "deadline": dt.date(2022, 2, 28),
}


def test_a_target_is_set_by_the_province_for_its_own_subtree(tree, levels, users):
    with pytest.raises(ValidationError):
        target_create(
            province=tree["district_a"], by=users["tinh"], level=levels["commune"], **FIELDS
        )
    target = target_create(
        province=tree["province"], by=users["tinh"], level=levels["district"], **FIELDS
    )
    assert target.root == tree["province"] and target.active


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"threshold": 101}, "threshold"),
        ({"deadline": dt.date(2021, 12, 31)}, "deadline"),
        ({"level": None}, "level"),
        ({"name": ""}, "name"),
    ],
)
def test_create_refuses_what_the_form_refuses(tree, levels, users, changes, field):
    fields = {**FIELDS, "level": levels["district"], **changes}
    with pytest.raises(ValidationError) as refused:
        target_create(province=tree["province"], by=users["tinh"], **fields)
    assert field in refused.value.message_dict
    assert not Target.objects.filter(name=FIELDS["name"]).exists()
    assert not AuditEntry.objects.filter(model="monitoring.target").exists()


def test_the_province_level_itself_is_not_a_target_level(tree, levels, users):
    with pytest.raises(ValidationError) as refused:
        target_create(
            province=tree["province"], by=users["tinh"], level=levels["province"], **FIELDS
        )
    assert refused.value.message_dict["level"] == ["Cấp áp dụng: chọn một cấp dưới tỉnh."]


def test_listed_units_are_in_the_log_and_an_update_without_change_writes_nothing(
    tree, levels, users
):
    target = target_create(
        province=tree["province"],
        by=users["tinh"],
        units=[tree["district_a"]],
        **FIELDS,
    )
    target_update(target=target, province=tree["province"], by=users["tinh"], **FIELDS)
    assert AuditEntry.objects.filter(model="monitoring.target").count() == 1
    target_update(
        target=target,
        province=tree["province"],
        by=users["tinh"],
        units=[tree["district_a"], tree["district_b"]],
    )
    entry = AuditEntry.objects.filter(model="monitoring.target").first()
    assert entry.changes == {
        "units": [[tree["district_a"].pk], sorted([tree["district_a"].pk, tree["district_b"].pk])]
    }


def test_an_update_that_breaks_a_rule_changes_nothing(tree, levels, users):
    target = target_create(
        province=tree["province"], by=users["tinh"], level=levels["district"], **FIELDS
    )
    with pytest.raises(ValidationError):
        target_update(
            target=target,
            province=tree["province"],
            by=users["tinh"],
            level=None,
            units=[],
        )
    target.refresh_from_db()
    assert target.level == levels["district"]
    assert AuditEntry.objects.filter(model="monitoring.target").count() == 1


def test_set_active_twice_logs_once(tree, levels, users):
    target = target_create(
        province=tree["province"], by=users["tinh"], level=levels["district"], **FIELDS
    )
    for _ in range(2):
        target_set_active(target=target, active=False, province=tree["province"], by=users["tinh"])
    assert AuditEntry.objects.filter(model="monitoring.target", action="update").count() == 1


def test_listed_units_must_lie_where_the_target_counts(tree, levels, users):
    target = target_create(
        province=tree["province"], by=users["tinh"], units=[tree["commune_a1"]], **FIELDS
    )
    Target.objects.filter(pk=target.pk).update(root=tree["district_a"])
    target.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        target_update(
            target=target, province=tree["province"], by=users["tinh"], units=[tree["commune_b1"]]
        )
    assert refused.value.message_dict["units"] == ["Các đơn vị: không thuộc Huyện An: Xã Bình Một."]
