"""The province administrator's target pages: who may see and change targets, what the form
refuses (each message naming its field), and the audit entry every change leaves."""

import datetime as dt

import pytest
from django.urls import reverse

from frontnet.accounts.models import Role, User
from frontnet.audit.models import AuditEntry
from frontnet.monitoring.models import Target
from frontnet.units.services import unit_create

pytestmark = pytest.mark.django_db

SEEDED = [  # by deadline
    "100% Mặt trận cấp huyện có Trang cộng đồng",
    "Hoàn thiện dữ liệu cán bộ Mặt trận trên mạng xã hội",
    "50% Mặt trận cấp xã có Trang cộng đồng",
]


def valid(levels, **changes):
    data = {
        "name": "Mặt trận cấp xã báo cáo trang cộng đồng",
        "measure": "page_reported",
        "level": levels["commune"].pk,
        "threshold": "80",
        "unit_threshold": "",
        "start": "2022-04-01",
        "deadline": "2022-06-30",
        "source": "Công văn số 12/MTTQ-BTT",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_province_admin_reaches_the_targets_from_the_dashboard_and_sees_their_status(
    client_for, tree
):
    client = client_for("tinh")
    dashboard = client.get(reverse("unit_dashboard", kwargs={"pk": tree["province"].pk}))
    assert reverse("target_list", kwargs={"pk": tree["province"].pk}) in dashboard.content.decode()
    page = client.get(reverse("target_list", kwargs={"pk": tree["province"].pk}))
    assert page.status_code == 200
    rows = page.context["rows"]
    assert [t.name for t, _result, _editable in rows] == SEEDED
    # No page was ever reported and every deadline is in 2022: all three are missed.
    assert [result.label for _t, result, _e in rows] == ["Không đạt"] * 3
    assert all(editable for _t, _r, editable in rows)
    assert "Thêm chỉ tiêu" in page.content.decode()


def test_district_dashboard_has_no_target_link_and_the_list_is_out_of_scope(client_for, tree):
    client = client_for("huyen")
    dashboard = client.get(reverse("unit_dashboard", kwargs={"pk": tree["district_a"].pk}))
    assert "/targets/" not in dashboard.content.decode()
    for username in ("huyen", "xa", "xem", "chuyenvien1"):
        response = client_for(username).get(
            reverse("target_list", kwargs={"pk": tree["province"].pk})
        )
        assert response.status_code == 404, username


def test_adding_a_target_saves_it_for_the_province_with_an_audit_entry(
    client_for, tree, levels, users
):
    response = client_for("tinh").post(
        reverse("target_add", kwargs={"pk": tree["province"].pk}), valid(levels)
    )
    assert response.status_code == 302
    target = Target.objects.get(name="Mặt trận cấp xã báo cáo trang cộng đồng")
    assert target.root == tree["province"] and target.level == levels["commune"]
    assert target.threshold == 80 and target.unit_threshold == 100 and target.active
    assert target.deadline == dt.date(2022, 6, 30)
    entry = AuditEntry.objects.get(model="monitoring.target", object_id=str(target.pk))
    assert (entry.action, entry.channel, entry.actor, entry.unit) == (
        "create",
        "web",
        users["tinh"],
        tree["province"],
    )
    assert entry.changes["threshold"] == [None, 80]
    assert entry.changes["units"] == [None, []]


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"threshold": "120"}, "threshold", "Tỉ lệ đơn vị phải đạt (%): phải từ 0 đến 100."),
        ({"threshold": "-1"}, "threshold", "Tỉ lệ đơn vị phải đạt (%): phải từ 0 đến 100."),
        (
            {"unit_threshold": "101"},
            "unit_threshold",
            "Tỉ lệ cán bộ trong mỗi đơn vị (%): phải từ 0 đến 100.",
        ),
        ({"name": "  "}, "name", "Tên chỉ tiêu: chưa nhập."),
        ({"measure": ""}, "measure", "Nội dung đo: chưa chọn."),
        ({"deadline": ""}, "deadline", "Thời hạn: chưa nhập."),
        ({"deadline": "31/02/2022"}, "deadline", "Thời hạn: ngày không hợp lệ."),
        ({"deadline": "2022-03-31"}, "deadline", "Thời hạn: không được trước ngày bắt đầu."),
        ({"level": ""}, "level", "Cấp áp dụng: chọn một cấp hoặc ít nhất một đơn vị."),
    ],
)
def test_a_bad_target_is_refused_with_a_message_naming_the_field_and_nothing_is_saved(
    client_for, tree, levels, changes, field, message
):
    before = (Target.objects.count(), AuditEntry.objects.count())
    response = client_for("tinh").post(
        reverse("target_add", kwargs={"pk": tree["province"].pk}), valid(levels, **changes)
    )
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert message in response.content.decode()
    assert (Target.objects.count(), AuditEntry.objects.count()) == before


def test_a_target_counts_a_level_or_listed_units_not_both(client_for, tree, levels):
    client = client_for("tinh")
    url = reverse("target_add", kwargs={"pk": tree["province"].pk})
    both = valid(levels, units=[tree["commune_a1"].pk])
    response = client.post(url, both)
    assert response.context["form"].errors["units"] == [
        "Các đơn vị: chọn một cấp hoặc danh sách đơn vị, không chọn cả hai."
    ]
    listed = valid(levels, level="", units=[tree["commune_a1"].pk, tree["commune_b1"].pk])
    assert client.post(url, listed).status_code == 302
    target = Target.objects.get(name=listed["name"])
    assert target.level is None
    assert set(target.units.all()) == {tree["commune_a1"], tree["commune_b1"]}


def test_units_of_another_province_cannot_be_listed(client_for, tree, levels):
    other = unit_create(
        parent=None, name="Tỉnh Khác", division_type="tỉnh", level=levels["province"], by=None
    )
    far = unit_create(
        parent=other, name="Huyện Xa", division_type="huyện", level=levels["district"], by=None
    )
    response = client_for("tinh").post(
        reverse("target_add", kwargs={"pk": tree["province"].pk}),
        valid(levels, level="", units=[far.pk]),
    )
    assert response.context["form"].errors["units"] == ["Hoặc các đơn vị: lựa chọn không hợp lệ."]
    assert not Target.objects.filter(units=far).exists()


def test_editing_a_target_records_before_and_after(client_for, tree, levels, users):
    target = Target.objects.get(name=SEEDED[2])
    data = valid(
        levels,
        name=target.name,
        threshold="60",
        start="2022-01-01",
        deadline="2022-04-30",
        source=target.source,
    )
    response = client_for("tinh").post(reverse("target_edit", kwargs={"pk": target.pk}), data)
    assert response.status_code == 302
    target.refresh_from_db()
    assert (target.threshold, target.deadline) == (60, dt.date(2022, 4, 30))
    entry = AuditEntry.objects.get(model="monitoring.target", object_id=str(target.pk))
    assert entry.action == "update" and entry.actor == users["tinh"] and entry.channel == "web"
    assert entry.changes == {
        "threshold": [50, 60],
        "deadline": ["2022-03-31", "2022-04-30"],
    }
    assert entry.unit == tree["province"]  # a target of every province: logged where edited


def test_the_edit_form_shows_the_stored_values(client_for, tree):
    target = Target.objects.get(name=SEEDED[1])
    form = client_for("tinh").get(reverse("target_edit", kwargs={"pk": target.pk})).context["form"]
    assert form.initial["threshold"] == 100 and form.initial["deadline"] == dt.date(2022, 2, 28)
    assert form.initial["measure"] == "data_complete"


def test_deactivating_a_target_takes_it_off_the_dashboard_and_is_audited(client_for, tree):
    client = client_for("tinh")
    target = Target.objects.get(name=SEEDED[0])
    assert client.get(reverse("target_deactivate", kwargs={"pk": target.pk})).status_code == 405
    response = client.post(reverse("target_deactivate", kwargs={"pk": target.pk}))
    assert response.status_code == 302
    target.refresh_from_db()
    assert not target.active and Target.objects.filter(pk=target.pk).exists()
    entry = AuditEntry.objects.get(model="monitoring.target", object_id=str(target.pk))
    assert entry.changes == {"active": [True, False]}
    assert entry.note == "Ngừng áp dụng chỉ tiêu"
    dashboard = client.get(reverse("unit_dashboard", kwargs={"pk": tree["province"].pk}))
    assert target.name not in [t.name for t, _r in dashboard.context["rollup"].targets]
    listing = client.get(reverse("target_list", kwargs={"pk": tree["province"].pk}))
    assert "Áp dụng lại" in listing.content.decode()
    client.post(reverse("target_reactivate", kwargs={"pk": target.pk}))
    target.refresh_from_db()
    assert target.active


def test_a_province_viewer_sees_the_list_but_changes_nothing(client, tree, levels):
    viewer = User.objects.create_user(username="tinh-xem", role=Role.VIEWER, unit=tree["province"])
    client.force_login(viewer)
    target = Target.objects.get(name=SEEDED[0])
    page = client.get(reverse("target_list", kwargs={"pk": tree["province"].pk}))
    assert page.status_code == 200 and "Thêm chỉ tiêu" not in page.content.decode()
    assert not any(editable for _t, _r, editable in page.context["rows"])
    add = reverse("target_add", kwargs={"pk": tree["province"].pk})
    assert client.post(add, valid(levels)).status_code == 403
    assert client.get(reverse("target_edit", kwargs={"pk": target.pk})).status_code == 403
    assert client.post(reverse("target_deactivate", kwargs={"pk": target.pk})).status_code == 403
    target.refresh_from_db()
    assert target.active and not AuditEntry.objects.filter(model="monitoring.target").exists()


def test_with_several_provinces_only_a_superuser_edits_the_targets_of_every_province(
    client_for, tree, levels, users
):
    unit_create(
        parent=None, name="Tỉnh Khác", division_type="tỉnh", level=levels["province"], by=None
    )
    shared = Target.objects.get(name=SEEDED[0])
    client = client_for("tinh")
    assert client.get(reverse("target_edit", kwargs={"pk": shared.pk})).status_code == 403
    assert client.post(reverse("target_deactivate", kwargs={"pk": shared.pk})).status_code == 403
    page = client.get(reverse("target_list", kwargs={"pk": tree["province"].pk}))
    assert "chỉ quản trị hệ thống được sửa" in page.content.decode()
    # The province's own targets stay its administrator's.
    client.post(reverse("target_add", kwargs={"pk": tree["province"].pk}), valid(levels))
    own = Target.objects.get(root=tree["province"])
    assert client.get(reverse("target_edit", kwargs={"pk": own.pk})).status_code == 200
    boss = User.objects.create_superuser(username="root", password="x" * 12)
    client.force_login(boss)
    assert client.post(reverse("target_deactivate", kwargs={"pk": shared.pk})).status_code == 302


def test_the_target_list_asks_the_database_the_same_whatever_the_number_of_targets(
    client_for, tree, levels
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for("tinh")
    url = reverse("target_list", kwargs={"pk": tree["province"].pk})

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    Target.objects.update(active=False)  # judging an active target is the dashboard's cost
    queries()  # the first request of a session also reads what it caches
    before = queries()
    for n in range(5):
        Target.objects.create(
            name=f"Chỉ tiêu {n}",
            measure="page_reported",
            level=levels["commune"],
            root=tree["province"],
            threshold=50,
            start=dt.date(2022, 1, 1),
            deadline=dt.date(2022, 3, 31),
            active=False,
        )
    assert queries() == before
