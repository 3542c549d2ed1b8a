"""The province administrator's criteria pages: who may see and change criteria and the year
rule, what the form refuses (each message naming its field), the audit entries, and that a
published month never moves when a criterion changes."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from frontnet.accounts.models import Role, User
from frontnet.audit.models import AuditEntry
from frontnet.scoring.criterion_selectors import year_method_for
from frontnet.scoring.models import Criterion, YearRule
from frontnet.scoring.services import period_publish, scores_compute
from frontnet.units.services import unit_create

pytestmark = pytest.mark.django_db


def url(name, obj):
    return reverse(name, kwargs={"pk": obj.pk})


def valid(level_rows, **changes):
    data = {
        "code": "trang-dung-ten",
        "name": "Trang cộng đồng đặt tên đúng quy định",
        "measure": "page_verified_named",
        "rule": "deadline",
        "weight": "10",
        "floor": "0",
        "target": "100",
        "deadline": "2022-06-30",
        "penalty": "0",
        "levels": [level_rows["district"].pk, level_rows["commune"].pk],
        "order": "8",
        "source": "",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_scoring_page_links_to_the_criteria_which_add_up_per_level(client_for, tree, levels):
    client = client_for("tinh")
    scores_page = client.get(url("unit_scores", tree["province"]))
    assert url("criteria_list", tree["province"]) in scores_page.content.decode()
    page = client.get(url("criteria_list", tree["province"]))
    assert page.status_code == 200
    assert len(page.context["rows"]) == 7 and all(
        editable for *_c, editable in page.context["rows"]
    )
    # The seeded criteria: 100 points for a district and 100 for a commune.
    assert [(lv.key, total) for lv, total in page.context["totals"]] == [
        ("district", Decimal(100)),
        ("commune", Decimal(100)),
    ]
    assert page.context["year_form"].initial == {"method": "mean"}


def test_below_the_province_the_criteria_pages_are_out_of_scope(client_for, tree):
    for username in ("huyen", "xa", "xem", "chuyenvien1"):
        client = client_for(username)
        assert client.get(url("criteria_list", tree["province"])).status_code == 404
        page = client.get(url("unit_scores", tree["district_a"]))
        assert "/criteria/" not in page.content.decode()


def test_adding_a_criterion_saves_it_for_the_province_with_an_audit_entry(
    client_for, tree, levels, users
):
    response = client_for("tinh").post(url("criterion_add", tree["province"]), valid(levels))
    assert response.status_code == 302
    c = Criterion.objects.get(code="trang-dung-ten")
    assert c.province == tree["province"] and c.active
    assert (c.rule, c.weight, c.deadline) == ("deadline", Decimal(10), dt.date(2022, 6, 30))
    assert set(c.levels.all()) == {levels["district"], levels["commune"]}
    entry = AuditEntry.objects.get(model="scoring.criterion", object_id=str(c.pk))
    assert (entry.action, entry.channel, entry.actor, entry.unit) == (
        "create",
        "web",
        users["tinh"],
        tree["province"],
    )
    assert entry.changes["weight"] == [None, "10.00"]
    assert entry.changes["levels"] == [None, sorted([levels["district"].pk, levels["commune"].pk])]


def test_a_decimal_comma_is_read_as_vietnamese_types_it(client_for, tree, levels):
    client_for("tinh").post(
        url("criterion_add", tree["province"]),
        valid(levels, weight="2,5", rule="late", penalty="0,5"),
    )
    c = Criterion.objects.get(code="trang-dung-ten")
    assert (c.weight, c.penalty) == (Decimal("2.5"), Decimal("0.5"))


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"weight": "0"}, "weight", "Trọng số (điểm tối đa): phải lớn hơn 0."),
        ({"weight": "mười"}, "weight", "Trọng số (điểm tối đa): giá trị không hợp lệ."),
        (
            {"rule": "linear", "floor": "60", "target": "50"},
            "floor",
            "Mức sàn (%): phải thấp hơn mức mục tiêu.",
        ),
        (
            {"rule": "linear", "floor": "50", "target": "50"},
            "floor",
            "Mức sàn (%): phải thấp hơn mức mục tiêu.",
        ),
        ({"target": "120"}, "target", "Mức mục tiêu (%): phải từ 0 đến 100."),
        ({"penalty": "-1"}, "penalty", "Điểm trừ mỗi tháng chậm: không được nhỏ hơn 0."),
        ({"deadline": ""}, "deadline", "Thời hạn: cách tính này cần thời hạn."),
        ({"rule": "late", "deadline": ""}, "deadline", "Thời hạn: cách tính này cần thời hạn."),
        ({"levels": []}, "levels", "Áp dụng cho các cấp: chọn ít nhất một cấp."),
        ({"rule": ""}, "rule", "Cách tính điểm: chưa chọn."),
        ({"name": ""}, "name", "Tên tiêu chí: chưa nhập."),
        ({"code": "accounts"}, "code", "Mã tiêu chí: đã có tiêu chí dùng mã này."),
        ({"code": "mã có dấu"}, "code", "Mã tiêu chí: giá trị không hợp lệ."),
    ],
)
def test_a_bad_criterion_is_refused_with_a_message_naming_the_field_and_nothing_is_saved(
    client_for, tree, levels, changes, field, message
):
    before = (Criterion.objects.count(), AuditEntry.objects.count())
    response = client_for("tinh").post(
        url("criterion_add", tree["province"]), valid(levels, **changes)
    )
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert message in response.content.decode()
    assert (Criterion.objects.count(), AuditEntry.objects.count()) == before


def test_a_linear_criterion_needs_no_deadline(client_for, tree, levels):
    data = valid(levels, rule="linear", measure="has_account", floor="50", deadline="")
    assert client_for("tinh").post(url("criterion_add", tree["province"]), data).status_code == 302
    assert Criterion.objects.get(code="trang-dung-ten").deadline is None


def test_editing_a_criterion_records_before_and_after_and_keeps_its_code(
    client_for, tree, levels, users
):
    c = Criterion.objects.get(code="accounts")
    form = client_for("tinh").get(url("criterion_edit", c)).context["form"]
    assert "code" not in form.fields and form.initial["floor"] == Decimal(50)
    data = valid(
        levels,
        code="doi-ma",
        name=c.name,
        measure=c.measure,
        rule="linear",
        weight="30",
        floor="40",
        deadline="",
        order="1",
        source=c.source,
    )
    response = client_for("tinh").post(url("criterion_edit", c), data)
    assert response.status_code == 302
    c.refresh_from_db()
    assert (c.code, c.weight, c.floor) == ("accounts", Decimal(30), Decimal(40))
    entry = AuditEntry.objects.get(model="scoring.criterion", object_id=str(c.pk))
    assert entry.action == "update" and entry.actor == users["tinh"] and entry.channel == "web"
    assert entry.changes == {"weight": ["25.00", "30.00"], "floor": ["50.00", "40.00"]}


def test_deactivating_a_criterion_is_audited_and_it_stops_scoring(client_for, tree):
    from frontnet.scoring.criterion_selectors import criteria_for

    client = client_for("tinh")
    c = Criterion.objects.get(code="follows")
    assert client.get(url("criterion_deactivate", c)).status_code == 405
    assert client.post(url("criterion_deactivate", c)).status_code == 302
    c.refresh_from_db()
    assert not c.active and c not in criteria_for(tree["province"])
    entry = AuditEntry.objects.get(model="scoring.criterion", object_id=str(c.pk))
    assert entry.changes == {"active": [True, False]} and entry.note == "Ngừng áp dụng tiêu chí"
    page = client.get(url("criteria_list", tree["province"]))
    assert [(lv.key, total) for lv, total in page.context["totals"]] == [
        ("district", Decimal(75)),
        ("commune", Decimal(75)),
    ]
    client.post(url("criterion_reactivate", c))
    c.refresh_from_db()
    assert c.active


def test_the_province_sets_its_own_year_rule_and_the_shared_one_stays(
    client_for, tree, users, levels
):
    client = client_for("tinh")
    response = client.post(url("year_rule_edit", tree["province"]), {"method": "sum"})
    assert response.status_code == 302
    assert year_method_for(tree["province"]) == "sum"
    assert YearRule.objects.get(province__isnull=True).method == "mean"
    entry = AuditEntry.objects.get(model="scoring.yearrule")
    assert entry.changes == {"method": ["mean", "sum"]} and entry.unit == tree["province"]
    assert entry.actor == users["tinh"] and entry.channel == "web"
    client.post(url("year_rule_edit", tree["province"]), {"method": "nonsense"})
    assert year_method_for(tree["province"]) == "sum"
    assert AuditEntry.objects.filter(model="scoring.yearrule").count() == 1


def test_a_province_viewer_sees_the_criteria_but_changes_nothing(client, tree, levels):
    viewer = User.objects.create_user(username="tinh-xem", role=Role.VIEWER, unit=tree["province"])
    client.force_login(viewer)
    c = Criterion.objects.get(code="accounts")
    page = client.get(url("criteria_list", tree["province"]))
    assert page.status_code == 200 and page.context["year_form"] is None
    assert "Thêm tiêu chí" not in page.content.decode()
    assert client.post(url("criterion_add", tree["province"]), valid(levels)).status_code == 403
    assert client.get(url("criterion_edit", c)).status_code == 403
    assert client.post(url("criterion_deactivate", c)).status_code == 403
    response = client.post(url("year_rule_edit", tree["province"]), {"method": "sum"})
    assert response.status_code == 403
    assert not AuditEntry.objects.filter(model__startswith="scoring.").exists()


def test_with_several_provinces_the_shared_criteria_are_not_a_province_admins(
    client_for, tree, levels
):
    unit_create(
        parent=None, name="Tỉnh Khác", division_type="tỉnh", level=levels["province"], by=None
    )
    client = client_for("tinh")
    shared = Criterion.objects.get(code="accounts")
    assert client.get(url("criterion_edit", shared)).status_code == 403
    page = client.get(url("criteria_list", tree["province"]))
    assert "chỉ quản trị hệ thống được sửa" in page.content.decode()
    # Its own criteria and its own year rule stay its administrator's.
    client.post(url("criterion_add", tree["province"]), valid(levels))
    own = Criterion.objects.get(code="trang-dung-ten")
    assert client.get(url("criterion_edit", own)).status_code == 200
    client.post(url("year_rule_edit", tree["province"]), {"method": "last"})
    assert year_method_for(tree["province"]) == "last"


def test_a_published_month_does_not_move_when_a_criterion_changes(
    client_for, story, tree, users, criteria
):
    january = scores_compute(
        province=tree["province"], kind="month", start=dt.date(2022, 1, 1), by=users["tinh"]
    )
    period_publish(period=january, by=users["tinh"])
    frozen = {
        s.unit_name: (
            s.points,
            s.max_points,
            s.rank_in_level,
            [(line.name, line.points, line.rule_text) for line in s.lines.all()],
        )
        for s in january.scores.prefetch_related("lines")
    }
    # xã An Một in January: 3 of 4 cadres with an account → 40 × ½ = 20; page on time → 20.
    assert frozen["Xã An Một"][0] == Decimal(40)
    client = client_for("tinh")
    accounts = criteria["accounts"]
    data = {
        "name": "Tài khoản mạng xã hội (sửa)",
        "measure": "has_account",
        "rule": "linear",
        "weight": "80",
        "floor": "50",
        "target": "100",
        "levels": [lv.pk for lv in accounts.levels.all()],
        "order": "1",
    }
    assert client.post(url("criterion_edit", accounts), data).status_code == 302
    assert client.post(url("criterion_deactivate", criteria["on_time"])).status_code == 302
    january.refresh_from_db()
    assert january.published
    assert {
        s.unit_name: (
            s.points,
            s.max_points,
            s.rank_in_level,
            [(line.name, line.points, line.rule_text) for line in s.lines.all()],
        )
        for s in january.scores.prefetch_related("lines")
    } == frozen
    with pytest.raises(ValidationError):
        scores_compute(
            province=tree["province"], kind="month", start=dt.date(2022, 1, 1), by=users["tinh"]
        )
    # February is scored with the criterion as it is now: 80 × ½ = 40, no page criterion.
    february = scores_compute(
        province=tree["province"], kind="month", start=dt.date(2022, 2, 1), by=users["tinh"]
    )
    a1 = february.scores.get(unit_name="Xã An Một")
    assert (a1.points, a1.max_points) == (Decimal(40), Decimal(80))
    assert [line.name for line in a1.lines.all()] == ["Tài khoản mạng xã hội (sửa)"]


def test_the_criteria_list_asks_the_database_the_same_whatever_the_number_of_criteria(
    client_for, tree, levels
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for("tinh")

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url("criteria_list", tree["province"])).status_code == 200
        return len(captured)

    queries()  # the first request of a session also reads what it caches
    before = queries()
    for n in range(5):
        c = Criterion.objects.create(
            code=f"them-{n}",
            name=f"Tiêu chí {n}",
            measure="has_account",
            rule="linear",
            weight=Decimal(5),
            province=tree["province"] if n % 2 else None,
        )
        c.levels.set([levels["commune"]])
    assert queries() == before
