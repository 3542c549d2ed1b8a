"""Criterion and year-rule services: what they refuse whatever the caller, what they log, and
that the admin cannot go around them."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from frontnet.accounts.models import User
from frontnet.audit.models import AuditEntry
from frontnet.monitoring.models import Target
from frontnet.scoring.models import Criterion, Period, YearRule
from frontnet.scoring.services import (
    criterion_create,
    criterion_set_active,
    criterion_update,
    year_rule_set,
)

pytestmark = pytest.mark.django_db

FIELDS = {
    "code": "du-lieu",
    "name": "Dữ liệu đầy đủ",
    "measure": "data_complete",
    "rule": "linear",
    "weight": Decimal(20),
    "floor": Decimal(0),
    "target": Decimal(100),
}


def logged(model="scoring.criterion"):
    return AuditEntry.objects.filter(model=model)


def test_a_criterion_is_set_by_a_province_for_levels_below_it(tree, levels, users):
    with pytest.raises(ValidationError):
        criterion_create(
            province=tree["district_a"], by=users["tinh"], levels=[levels["commune"]], **FIELDS
        )
    with pytest.raises(ValidationError) as refused:
        criterion_create(
            province=tree["province"], by=users["tinh"], levels=[levels["province"]], **FIELDS
        )
    assert refused.value.message_dict["levels"] == [
        "Áp dụng cho các cấp: chỉ chọn các cấp dưới tỉnh."
    ]
    c = criterion_create(
        province=tree["province"], by=users["tinh"], levels=[levels["commune"]], **FIELDS
    )
    assert c.province == tree["province"] and list(c.levels.all()) == [levels["commune"]]
    assert logged().count() == 1


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"weight": Decimal(0)}, "weight"),
        ({"floor": Decimal(100)}, "floor"),
        ({"rule": "deadline"}, "deadline"),
        ({"rule": "late"}, "deadline"),
        ({"target": Decimal(101)}, "target"),
        ({"code": "accounts"}, "code"),
    ],
)
def test_create_refuses_what_scoring_cannot_use(tree, levels, users, changes, field):
    with pytest.raises(ValidationError) as refused:
        criterion_create(
            province=tree["province"],
            by=users["tinh"],
            levels=[levels["district"]],
            **{**FIELDS, **changes},
        )
    assert field in refused.value.message_dict
    assert not logged().exists()


def test_an_update_without_change_writes_nothing_and_a_bad_one_changes_nothing(tree, levels, users):
    c = criterion_create(
        province=tree["province"], by=users["tinh"], levels=[levels["district"]], **FIELDS
    )
    same = {**FIELDS, "weight": 20}  # "20" is the stored 20.00: no change
    criterion_update(criterion=c, province=tree["province"], by=users["tinh"], **same)
    assert logged().count() == 1
    with pytest.raises(ValidationError):
        criterion_update(criterion=c, province=tree["province"], by=users["tinh"], levels=[])
    c.refresh_from_db()
    assert list(c.levels.all()) == [levels["district"]] and logged().count() == 1
    criterion_update(
        criterion=c,
        province=tree["province"],
        by=users["tinh"],
        levels=[levels["district"], levels["commune"]],
    )
    entry = logged().first()
    assert entry.changes == {
        "levels": [[levels["district"].pk], sorted([levels["district"].pk, levels["commune"].pk])]
    }


def test_set_active_twice_logs_once(tree, levels, users):
    c = Criterion.objects.get(code="accounts")
    for _ in range(2):
        criterion_set_active(criterion=c, active=False, province=tree["province"], by=users["tinh"])
    assert logged().count() == 1 and logged().first().unit == tree["province"]


def test_year_rule_the_same_as_inherited_writes_nothing(tree, users):
    assert year_rule_set(province=tree["province"], method="mean", by=users["tinh"]) is None
    assert not YearRule.objects.filter(province=tree["province"]).exists()
    rule = year_rule_set(province=tree["province"], method="last", by=users["tinh"])
    assert rule.province == tree["province"] and rule.method == "last"
    year_rule_set(province=tree["province"], method="sum", by=users["tinh"])
    assert [e.changes for e in logged("scoring.yearrule").order_by("id")] == [
        {"method": ["mean", "last"]},
        {"method": ["last", "sum"]},
    ]
    with pytest.raises(ValidationError):
        year_rule_set(province=tree["province"], method="median", by=users["tinh"])


def test_the_admin_shows_targets_criteria_the_year_rule_and_periods_read_only(client, tree):
    boss = User.objects.create_superuser(username="root", password="x" * 12)
    client.force_login(boss)
    c = Criterion.objects.get(code="accounts")
    target = Target.objects.first()
    rule = YearRule.objects.get(province__isnull=True)
    period = Period.objects.create(
        province=tree["province"], kind="month", start=dt.date(2022, 1, 1)
    )
    for model, obj in (
        ("scoring/criterion", c),
        ("monitoring/target", target),
        ("scoring/yearrule", rule),
        ("scoring/period", period),
    ):
        assert client.get(f"/admin/{model}/").status_code == 200
        assert client.get(f"/admin/{model}/add/").status_code == 403
        assert client.get(f"/admin/{model}/{obj.pk}/change/").status_code == 200  # view only
        assert client.post(f"/admin/{model}/{obj.pk}/change/", {}).status_code == 403
        assert client.post(f"/admin/{model}/{obj.pk}/delete/", {"post": "yes"}).status_code == 403
    c.refresh_from_db()
    assert c.weight == Decimal(25) and Target.objects.filter(pk=target.pk).exists()
    # Publishing goes only through the audited service: the admin cannot set it.
    period.refresh_from_db()
    assert not period.published
    assert not AuditEntry.objects.filter(
        model__in=["scoring.criterion", "monitoring.target"]
    ).exists()
