"""What keeps a long import fast must not change what it does."""

import pytest

from frontnet.audit.models import Action, AuditEntry
from frontnet.cadres.models import Cadre, ChannelFollow, SocialAccount
from frontnet.cadres.normalize import normalize_link
from frontnet.workbooks import applying
from frontnet.workbooks.applying import apply_plan
from frontnet.workbooks.importing import NameIndex, plan_import

from .conftest import write_book

pytestmark = pytest.mark.django_db

HEADER = ["Họ và tên", "Đơn vị", "Loại cán bộ", "Số điện thoại", "Zalo", "Facebook"]
HEADER += ["Fanpage Mặt trận tỉnh"]


@pytest.mark.parametrize(
    "phone",
    ["0912345001", "0912 345 002", "+84 912 345 003", "0912.345.004", "(0238) 3844 123",
     "01662345678", "84912345005"],
)  # fmt: skip
def test_a_zalo_cell_repeating_the_phone_gives_the_link_zalo_alone_would(tree, channels, phone):
    rows = [HEADER, ["Người Một", "Xã An Một", "Cán bộ chuyên trách", phone, phone, "", ""]]
    plan = plan_import(
        data=write_book({"Cán bộ": rows}), filename="a.xlsx", unit=tree["district_a"]
    )
    assert plan.rejections == []
    assert plan.cadre_rows[0].zalo == normalize_link(phone, default_platform="zalo")


def test_a_zalo_cell_that_is_not_the_phone_is_still_refused(tree, channels):
    rows = [HEADER, ["Người Hai", "Xã An Một", "Cán bộ chuyên trách", "0912345001", "12", "", ""]]
    plan = plan_import(
        data=write_book({"Cán bộ": rows}), filename="a.xlsx", unit=tree["district_a"]
    )
    assert plan.counts["rejected"] == 1 and plan.rejections[0].column == "Zalo"


def test_rows_written_in_several_chunks_are_all_written_and_audited(
    tree, cadres, channels, users, monkeypatch
):
    monkeypatch.setattr(applying, "CHUNK", 2)
    rows = [HEADER]
    for i in range(5):
        phone = f"09123450{i:02d}"
        fb = f"facebook.com/nguoi.{i}" if i % 2 else ""
        rows.append([f"Người Số {i}", "Xã An Một", "Cán bộ chuyên trách", phone, phone, fb, "x"])
    # Two stored cadres changed in the same file: one a new category, one now follows.
    rows.append(["Trần Thị Hòa", "Xã An Một", "Cán bộ chuyên trách", "0987654321", "", "", ""])
    rows.append(["Lê Thị Mai", "Xã An Hai", "Cán bộ chuyên trách", "", "", "", "có"])
    plan = plan_import(
        data=write_book({"Cán bộ": rows}), filename="a.xlsx", unit=tree["district_a"]
    )
    assert plan.counts == {"created": 5, "updated": 2, "unchanged": 0, "rejected": 0}

    apply_plan(plan, by=users["huyen"])

    new = Cadre.objects.filter(full_name__startswith="Người Số")
    assert new.count() == 5
    assert SocialAccount.objects.filter(cadre__in=new).count() == 5 + 2  # 5 Zalo, 2 Facebook
    assert ChannelFollow.objects.filter(cadre__in=new, status="yes").count() == 5
    entries = AuditEntry.objects.filter(model="cadres.cadre")
    assert entries.filter(action=Action.CREATE).count() == 5
    assert entries.filter(action=Action.UPDATE).count() == 2
    created = entries.get(object_id=str(new.get(full_name="Người Số 1").pk))
    assert created.actor == users["huyen"] and created.channel == "import"
    assert created.changes["full_name"] == [None, "Người Số 1"]
    assert created.changes["account:zalo"] == [None, "https://zalo.me/+84912345001"]
    assert created.changes["account:facebook_profile"] == [None, "https://www.facebook.com/nguoi.1"]
    assert created.changes["follow:Fanpage Mặt trận tỉnh"] == [None, "yes"]
    assert "email" not in created.changes  # a new record's empty fields are left out
    hoa = entries.get(object_id=str(cadres["hoa"].pk))
    assert hoa.changes["category_id"] == [cadres["hoa"].category_id, cadres["lan"].category_id]
    mai = entries.get(object_id=str(cadres["mai"].pk))
    assert mai.changes["follow:Fanpage Mặt trận tỉnh"] == [None, "yes"]


def test_name_index_finds_a_name_written_another_way_and_keeps_the_first():
    index = NameIndex()
    index.add(7, "+84912345678", "Trần Thị Hòa", "first")
    index.add(7, "+84912345678", "TRẦN  THỊ HOÀ", "second")  # the same name, written otherwise
    index.add(7, "+84912345678", "Trần Thị Hoa", "other")  # Hoa is not Hòa
    assert index.get(7, "+84912345678", "trần thị hoà") == "first"
    assert index.get(7, "+84912345678", "Trần Thị Hoa") == "other"
    assert index.get(7, "+84912345678", "Trần Văn Hòa") is None
    assert index.get(8, "+84912345678", "Trần Thị Hòa") is None  # another unit
    assert index.get(7, "", "Trần Thị Hòa") is None  # no phone is another key
    index.add(7, "+84912345678", "Trần Thị Hòa.", "late")  # added after a lookup
    assert index.get(7, "+84912345678", "Trần Thị Hòa") == "first"


def test_a_stored_cadre_is_found_under_another_spelling_of_its_name(tree, cadres, channels):
    rows = [
        HEADER,
        ["trần thị hoà", "Xã An Một", "Ủy viên Ủy ban MTTQ", "0987 654 321", "", "", ""],
        ["Trần Thị Hòa", "Xã An Một", "Ủy viên Ủy ban MTTQ", "0987 000 000", "", "", ""],
        ["Trần Thị Hòa", "Xã An Hai", "Ủy viên Ủy ban MTTQ", "0987 654 321", "", "", ""],
        ["Trần Thị  Hòa", "Xã An Hai", "Ủy viên Ủy ban MTTQ", "0987 654 321", "", "", ""],
    ]
    plan = plan_import(
        data=write_book({"Cán bộ": rows}), filename="a.xlsx", unit=tree["district_a"]
    )
    first, other_phone, other_unit = plan.cadre_rows
    assert (first.action, first.cadre_id) == ("updated", cadres["hoa"].pk)  # the name's case
    assert (other_phone.action, other_unit.action) == ("created", "created")
    assert [(r.row, r.column) for r in plan.rejections] == [(5, "Họ và tên")]  # repeats row 4
    assert "dòng 4" in plan.rejections[0].reason


def test_ids_of_new_cadres_are_never_reused_nor_taken_later(tree, cadres, channels, users):
    def import_rows(*names):
        rows = [HEADER] + [[n, "Xã An Một", "Cán bộ hợp đồng", "", "", "", ""] for n in names]
        plan = plan_import(
            data=write_book({"Cán bộ": rows}), filename="a.xlsx", unit=tree["district_a"]
        )
        apply_plan(plan, by=users["huyen"])
        return [r.cadre_id for r in plan.cadre_rows]

    before = max(c.pk for c in cadres.values())
    first, second = import_rows("Người Một", "Người Hai")
    assert before < first < second
    assert Cadre.objects.get(pk=second).full_name == "Người Hai"
    Cadre.objects.filter(pk=second).delete()  # its audit entries still name its id
    (third,) = import_rows("Người Ba")
    assert third > second
    later = Cadre.objects.create(
        unit=tree["commune_a1"], full_name="Người Bốn", category=cadres["mai"].category
    )
    assert later.pk > third


def test_audit_rows_written_in_bulk_are_the_entries_audit_record_writes(cadres, users):
    from django.utils import timezone

    from frontnet.audit.services import audit_bulk_write, audit_record

    hoa, at = cadres["hoa"], timezone.now()
    changes = {"full_name": [None, "Trần Thị Hòa"], "follow:Fanpage": [None, "yes"]}
    one = audit_record(
        obj=hoa, by=users["huyen"], action="create", channel="import", at=at, note="n",
        changes=changes,
    )  # fmt: skip
    written = audit_bulk_write(
        model=type(hoa), by=users["huyen"], channel="import", at=at, note="n",
        rows=[("create", hoa.pk, str(hoa), hoa.unit_id, changes)],
    )  # fmt: skip
    assert written == 1
    fields = ["at", "actor", "actor_name", "channel", "action", "model", "object_id"]
    fields += ["object_repr", "unit", "changes", "note"]
    found = AuditEntry.objects.filter(model="cadres.cadre", object_id=str(hoa.pk))
    stored = found.order_by("pk").values(*fields)
    assert len(stored) == 2 and stored[0] == stored[1]
    assert stored[1]["changes"] == changes and stored[1]["at"] == at
    assert (one.actor_name, one.unit_id) == ("huyen", hoa.unit_id)
