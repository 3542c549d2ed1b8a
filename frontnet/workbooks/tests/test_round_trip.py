import pytest

from frontnet.audit.models import AuditEntry
from frontnet.cadres.models import Cadre, ChannelFollow, SocialAccount
from frontnet.workbooks.applying import apply_plan
from frontnet.workbooks.columns import CADRE_SHEET, PAGE_SHEET
from frontnet.workbooks.export import template_build
from frontnet.workbooks.importing import plan_import

from .conftest import read_rows, write_book

pytestmark = pytest.mark.django_db


def db_state():
    return (
        sorted(
            Cadre.objects.values_list(
                "pk", "unit_id", "full_name", "phone", "category_id", "gender", "birth_year"
            )
        ),
        sorted(SocialAccount.objects.values_list("cadre_id", "canonical")),
        sorted(ChannelFollow.objects.values_list("cadre_id", "channel_id", "status")),
    )


def test_template_holds_the_subtree_with_hidden_ids(tree, cadres, channels):
    data = template_build(unit=tree["district_a"])
    rows = read_rows(data, CADRE_SHEET)
    header = rows[0]
    assert header[:3] == ["Mã hệ thống (không sửa)", "Đơn vị", "Họ và tên"]
    assert header[-2:] == ["Theo dõi: Fanpage Mặt trận tỉnh", "Theo dõi: Zalo Mặt trận tỉnh"]
    names = [r[2] for r in rows[1:] if r[2]]
    assert sorted(names) == ["Lê Thị Mai", "Nguyễn Thị Lan", "Trần Thị Hòa"]  # not Phạm Văn Bình
    lan = next(r for r in rows if r[2] == "Nguyễn Thị Lan")
    assert int(lan[0]) == cadres["lan"].pk
    assert lan[7] == "0912 345 678"
    assert lan[9] == "https://www.facebook.com/nguyenthilan"
    assert lan[-2:] == ["Có", ""]
    assert read_rows(data, PAGE_SHEET)[0][3] == "Tên trang"


def test_export_then_import_unchanged_changes_nothing(tree, cadres, users):
    data = template_build(unit=tree["district_a"])
    before = db_state()
    plan = plan_import(data=data, filename="bieu-mau.xlsx", unit=tree["district_a"])
    assert plan.counts == {"created": 0, "updated": 0, "unchanged": 3, "rejected": 0}
    apply_plan(plan, by=users["huyen"])
    assert db_state() == before


def test_edited_rows_update_exactly_those(tree, cadres, users, channels):
    data = template_build(unit=tree["district_a"])
    rows = read_rows(data, CADRE_SHEET)
    for row in rows:
        if row[2] == "Trần Thị Hòa":
            row[7] = "0977 000 111"  # new phone
            row[-1] = "x"  # now follows the Zalo channel
        if row[2] == "Lê Thị Mai":
            row[9] = "m.facebook.com/le.thi.mai/?mibextid=ZbWKwL"
    rows.append(
        [
            "",
            "Xã An Hai",
            "Hoàng Văn Nam",
            "Nam",
            1980,
            "Phó Chủ tịch",
            "Cán bộ chuyên trách",
            912000111,
        ]
    )
    edited = write_book({CADRE_SHEET: rows})
    audit_before = AuditEntry.objects.count()

    plan = plan_import(data=edited, filename="da-sua.xlsx", unit=tree["district_a"])
    assert plan.counts == {"created": 1, "updated": 2, "unchanged": 1, "rejected": 0}
    apply_plan(plan, by=users["huyen"])

    hoa = Cadre.objects.get(pk=cadres["hoa"].pk)
    assert hoa.phone == "+84977000111"
    assert ChannelFollow.objects.get(cadre=hoa, channel=channels[1]).status == "yes"
    mai_fb = SocialAccount.objects.get(cadre=cadres["mai"])
    assert mai_fb.canonical == "https://www.facebook.com/le.thi.mai"
    assert mai_fb.link_raw == "m.facebook.com/le.thi.mai/?mibextid=ZbWKwL"
    nam = Cadre.objects.get(full_name="Hoàng Văn Nam")
    assert (nam.unit, nam.phone, nam.birth_year, nam.gender) == (
        tree["commune_a2"],
        "+84912000111",
        1980,
        "male",
    )
    assert Cadre.objects.get(pk=cadres["lan"].pk).updated_at == cadres["lan"].updated_at
    entries = AuditEntry.objects.filter(channel="import", actor=users["huyen"])
    assert AuditEntry.objects.count() - audit_before == entries.count() == 3  # one per changed row
    hoa_entry = entries.get(object_id=str(hoa.pk))
    assert hoa_entry.action == "update"
    assert hoa_entry.changes["phone"] == ["+84987654321", "+84977000111"]
    assert hoa_entry.changes["follow:Zalo Mặt trận tỉnh"] == [None, "yes"]
    assert entries.get(object_id=str(cadres["mai"].pk)).changes["account:facebook_profile"] == [
        None,
        "https://www.facebook.com/le.thi.mai",
    ]
    assert entries.get(object_id=str(nam.pk)).action == "create"

    # The same file again: nothing to do.
    again = plan_import(data=edited, filename="da-sua.xlsx", unit=tree["district_a"])
    assert again.counts == {"created": 0, "updated": 0, "unchanged": 4, "rejected": 0}


def test_pages_sheet_registers_and_updates_pages(tree, cadres, users):
    from frontnet.pages.models import CommunityPage

    rows = [
        [
            "Đơn vị",
            "Nền tảng",
            "Tên trang",
            "Liên kết",
            "Người quản lý (họ tên cán bộ)",
            "Ngày lập trang (dd/mm/yyyy)",
        ],
        [
            "Huyện An",
            "Fanpage Facebook",
            "MTTQ huyện An",
            "fb.com/mattranhuyenan",
            "Nguyễn Thị Lan",
            "15/01/2022",
        ],
        [
            "Xã An Một",
            "Fanpage Facebook",
            "Mặt trận xã An Một huyện An tỉnh Thử",
            "https://facebook.com/mtanmot",
            "",
            "",
        ],
        ["Xã An Một", "Fanpage Facebook", "Trang lỗi", "không phải liên kết", "", ""],
    ]
    plan = plan_import(
        data=write_book({PAGE_SHEET: rows}), filename="trang.xlsx", unit=tree["district_a"]
    )
    assert plan.counts == {"created": 2, "updated": 0, "unchanged": 0, "rejected": 1}
    assert plan.rejections[0].column == "Liên kết"
    apply_plan(plan, by=users["huyen"])
    district_page = CommunityPage.objects.get(unit=tree["district_a"])
    assert district_page.manager == cadres["lan"]
    assert district_page.name_verdict == "mismatch"
    assert CommunityPage.objects.get(unit=tree["commune_a1"]).name_verdict == "match"

    rows[1][2] = "Mặt trận huyện An tỉnh Thử"
    again = plan_import(
        data=write_book({PAGE_SHEET: rows[:3]}), filename="trang.xlsx", unit=tree["district_a"]
    )
    assert again.counts == {"created": 0, "updated": 1, "unchanged": 1, "rejected": 0}
    apply_plan(again, by=users["huyen"])
    district_page.refresh_from_db()
    assert district_page.name_verdict == "match"


def test_a_cadre_moved_by_an_import_leaves_its_old_unit_on_the_dashboard(tree, cadres, users):
    from django.utils import timezone

    from frontnet.monitoring.selectors import rollup

    def cadres_by_child():
        data = rollup(tree["district_a"], timezone.localdate(), with_targets=False)
        return {r.unit.pk: r.figures.cadres for r in data.rows}

    before = cadres_by_child()  # also stores each unit's own figures for today
    assert (before[tree["commune_a1"].pk], before[tree["commune_a2"].pk]) == (1, 1)
    rows = read_rows(template_build(unit=tree["district_a"]), CADRE_SHEET)
    [hoa] = [row for row in rows if row[2] == "Trần Thị Hòa"]
    hoa[1] = "Xã An Hai"
    plan = plan_import(
        data=write_book({CADRE_SHEET: rows}), filename="chuyen.xlsx", unit=tree["district_a"]
    )
    assert plan.counts["updated"] == 1
    apply_plan(plan, by=users["huyen"])
    after = cadres_by_child()
    assert (after[tree["commune_a1"].pk], after[tree["commune_a2"].pk]) == (0, 2)
