"""The 2025 transition on small hand-built trees (the demo province is far too slow here).

Legacy:  Tỉnh Thử (99) > Huyện An (991) > Xã An Một (99101) > Thôn 1, Thôn 2
                                        > Xã An Hai (99102)
                       > Huyện Bình (992) > Xã Bình Một (99201)
2025:    Tỉnh Thử (99) > Xã Mới Một (99901), Xã Mới Hai (99902), Xã Bình (99903)
Lineage: An Một -> Mới Một and Mới Hai (split); An Hai -> Mới Một; Bình Một -> Bình.
"""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from frontnet.accounts.models import AreaAssignment, Role, User
from frontnet.audit.models import AuditEntry, Channel
from frontnet.cadres.models import (
    Cadre,
    CadreCategory,
    ChannelFollow,
    OfficialChannel,
    Platform,
    SocialAccount,
)
from frontnet.monitoring.selectors import rollup
from frontnet.pages.models import CommunityPage, PageEvent
from frontnet.reform.models import RecordMove
from frontnet.reform.plan import build_plan
from frontnet.reform.services import Undecided, decisions_read, reform_commit
from frontnet.units.models import Scheme, Unit, UnitLineage
from frontnet.units.services import LEGACY_LAST_DAY, REFORM_DAY, unit_create

pytestmark = pytest.mark.django_db

DAY_2022 = dt.date(2022, 3, 31)


def _at(day):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(9)))


@pytest.fixture
def world(levels):
    def make(parent, name, kind, level, code="", scheme=Scheme.LEGACY, valid_from=None):
        return unit_create(
            parent=parent,
            name=name,
            division_type=kind,
            level=levels[level],
            by=None,
            code=code,
            scheme=scheme,
            valid_from=valid_from,
        )

    w = {}
    w["old"] = make(None, "Tỉnh Thử", "tỉnh", "province", "99")
    w["an"] = make(w["old"], "Huyện An", "huyện", "district", "991")
    w["binh"] = make(w["old"], "Huyện Bình", "huyện", "district", "992")
    w["an1"] = make(w["an"], "Xã An Một", "xã", "commune", "99101")
    w["an2"] = make(w["an"], "Xã An Hai", "xã", "commune", "99102")
    w["binh1"] = make(w["binh"], "Xã Bình Một", "xã", "commune", "99201")
    w["thon1"] = make(w["an1"], "Thôn 1", "thôn", "residential", scheme=Scheme.LOCAL)
    w["thon2"] = make(w["an1"], "Thôn 2", "thôn", "residential", scheme=Scheme.LOCAL)
    w["thon_an2"] = make(w["an2"], "Thôn 1", "thôn", "residential", scheme=Scheme.LOCAL)
    new = {"scheme": Scheme.REFORM_2025, "valid_from": REFORM_DAY}
    w["new"] = make(None, "Tỉnh Thử", "tỉnh", "province", "99", **new)
    w["moi1"] = make(w["new"], "Xã Mới Một", "xã", "commune", "99901", **new)
    w["moi2"] = make(w["new"], "Xã Mới Hai", "xã", "commune", "99902", **new)
    w["xbinh"] = make(w["new"], "Xã Bình", "xã", "commune", "99903", **new)
    Unit.objects.filter(scheme=Scheme.LEGACY).update(valid_to=LEGACY_LAST_DAY)
    for old, new_ in [
        ("old", "new"),
        ("an1", "moi1"),
        ("an1", "moi2"),
        ("an2", "moi1"),
        ("binh1", "xbinh"),
    ]:
        UnitLineage.objects.create(predecessor=w[old], successor=w[new_], effective=REFORM_DAY)
    for key in w:
        w[key].refresh_from_db()
    # People, their accounts and follows, all registered in January 2022.
    category = CadreCategory.objects.first()
    facebook = Platform.objects.get(key="facebook_profile")
    page_platform = Platform.objects.get(key="facebook_page")
    w["channel"] = OfficialChannel.objects.create(
        province=w["old"],
        platform=Platform.objects.get(key="facebook_page"),
        name="Fanpage tỉnh",
        link_raw="https://www.facebook.com/tinhthu",
        canonical="https://www.facebook.com/tinhthu",
    )
    cadres = {}
    for unit_key, names in {
        "thon1": ["Lê Văn Một", "Lê Thị Hai"],
        "thon2": ["Trần Văn Ba"],
        "an1": ["Phạm Văn Bốn"],
        "an2": ["Võ Thị Năm"],
        "an": ["Hồ Văn Sáu", "Đỗ Thị Bảy"],
        "binh1": ["Ngô Văn Tám"],
    }.items():
        for name in names:
            c = Cadre.objects.create(
                unit=w[unit_key],
                full_name=name,
                search_name=name.lower(),
                category=category,
                active_from=dt.date(2021, 1, 1),
            )
            Cadre.objects.filter(pk=c.pk).update(created_at=_at(dt.date(2022, 1, 10)))
            a = SocialAccount.objects.create(
                unit=w[unit_key],
                cadre=c,
                platform=facebook,
                link_raw=f"https://www.facebook.com/c{c.pk}",
                canonical=f"https://www.facebook.com/c{c.pk}",
            )
            SocialAccount.objects.filter(pk=a.pk).update(created_at=_at(dt.date(2022, 1, 15)))
            ChannelFollow.objects.create(
                cadre=c, channel=w["channel"], status="yes", confirmed_on=dt.date(2022, 2, 1)
            )
            cadres[name] = c
    # One person who left in 2023: stays where they were.
    left = Cadre.objects.create(
        unit=w["an1"],
        full_name="Bùi Văn Chín",
        category=category,
        active_from=dt.date(2021, 1, 1),
        active_to=dt.date(2023, 5, 1),
    )
    cadres["left"] = left
    w["cadres"] = cadres
    # Pages: An Một's (split commune), An Hai's (lands with it on Mới Một), Huyện An's.
    pages = {}
    for key, name in [
        ("an1", "Mặt trận xã An Một huyện An tỉnh Thử"),
        ("an2", "Mặt trận xã An Hai huyện An tỉnh Thử"),
        ("an", "Mặt trận huyện An tỉnh Thử"),
    ]:
        page = CommunityPage(
            unit=w[key],
            platform=page_platform,
            name=name,
            link_raw=f"https://www.facebook.com/mt{key}",
            status="verified",
        )
        page.canonical = page.link_raw
        page.save()
        CommunityPage.objects.filter(pk=page.pk).update(created_at=_at(dt.date(2022, 1, 5)))
        PageEvent.objects.create(page=page, action="register", at=_at(dt.date(2022, 1, 5)))
        PageEvent.objects.create(page=page, action="report", at=_at(dt.date(2022, 1, 8)))
        PageEvent.objects.create(page=page, action="verify", at=_at(dt.date(2022, 1, 12)))
        pages[key] = page
    w["pages"] = pages
    return w


def person(username: str, role: str, unit) -> User:
    return User.objects.create_user(username=username, password="x", role=role, unit=unit)


def split_decisions(w) -> dict[str, str]:
    """Thôn 1 under Mới Một, Thôn 2 under Mới Hai; An Một's own cadres and page to Mới Hai;
    Huyện An's cadres to the province office, its page ended."""
    return {
        f"residential:{w['thon1'].pk}": f"unit:{w['moi1'].pk}",
        f"residential:{w['thon2'].pk}": f"unit:{w['moi2'].pk}",
        f"commune:{w['an1'].pk}": f"unit:{w['moi2'].pk}",
        f"page:{w['pages']['an1'].pk}": f"unit:{w['moi2'].pk}",
        f"district:{w['an'].pk}": "province",
        f"page:{w['pages']['an'].pk}": "end",
    }


def _figures(unit, day):
    data = rollup(unit, day, with_targets=False)
    return (
        vars(data.total) | {"pages": {k: vars(v) for k, v in data.total.pages.items()}},
        [
            (r.unit.pk, r.figures.cadres, r.figures.with_account, r.figures.follows)
            for r in data.rows
        ],
    )


def test_split_commune_committees_go_to_two_new_communes(world):
    before = _figures(world["old"], DAY_2022)
    plan = build_plan(world["new"])
    assert plan.counts() == {
        "cadres": 8,
        "pages": 3,
        "users": 0,
        "residential": 3,
        "undecided": len(plan.questions),
    }
    keys = set(plan.questions)
    # Nothing chosen silently: the split commune's committees, its own cadres, its page, the
    # district's cadres and page, and which page continues on Mới Một.
    assert {
        f"residential:{world['thon1'].pk}",
        f"residential:{world['thon2'].pk}",
        f"commune:{world['an1'].pk}",
        f"page:{world['pages']['an1'].pk}",
        f"district:{world['an'].pk}",
        f"page:{world['pages']['an'].pk}",
        f"keep:{world['moi1'].pk}",
    } == keys
    with pytest.raises(Undecided):
        reform_commit(plan=plan, by=None)
    plan = build_plan(
        world["new"],
        decisions=split_decisions(world),
    )
    assert f"keep:{world['moi1'].pk}" not in plan.questions  # only An Hai's page lands there
    assert plan.undecided() == []
    result = reform_commit(plan=plan, by=None)
    assert result.counts == {"cadres": 8, "pages": 3, "users": 0, "residential": 3, "undecided": 0}

    # Thôn 1 continues under Mới Một, Thôn 2 under Mới Hai, with their cadres.
    thon1 = Unit.objects.get(predecessions__predecessor=world["thon1"])
    thon2 = Unit.objects.get(predecessions__predecessor=world["thon2"])
    assert thon1.parent_id == world["moi1"].pk and thon1.valid_from == REFORM_DAY
    assert thon2.parent_id == world["moi2"].pk
    # An Hai's "Thôn 1" also lands on Mới Một: the name says which one it was.
    thon_an2 = Unit.objects.get(predecessions__predecessor=world["thon_an2"])
    assert thon_an2.name == "Thôn 1 (xã An Hai)"
    names = lambda unit: sorted(  # noqa: E731
        Cadre.objects.filter(unit=unit, active_to__isnull=True).values_list("full_name", flat=True)
    )
    assert names(thon1) == ["Lê Thị Hai", "Lê Văn Một"]
    assert names(thon2) == ["Trần Văn Ba"]
    assert names(world["moi2"]) == ["Phạm Văn Bốn"]  # the split commune's own cadre
    assert names(world["moi1"]) == ["Võ Thị Năm"]
    assert names(world["new"]) == ["Hồ Văn Sáu", "Đỗ Thị Bảy"]  # the district's, to the office
    old = world["cadres"]["Lê Văn Một"]
    old.refresh_from_db()
    assert old.active_to == LEGACY_LAST_DAY and old.unit_id == world["thon1"].pk
    new = Cadre.objects.get(pk=RecordMove.objects.get(kind="cadre", old_id=old.pk).new_id)
    assert new.active_from == REFORM_DAY and new.created_at == old.created_at
    assert new.accounts.get().created_at == old.accounts.get().created_at
    # The one who left in 2023 stays on the legacy commune, untouched.
    left = world["cadres"]["left"]
    left.refresh_from_db()
    assert left.unit_id == world["an1"].pk and left.active_to == dt.date(2023, 5, 1)

    # Pages: An Một's continues on Mới Hai, An Hai's on Mới Một (renamed expected: no
    # district), the district's ends; the old ones are kept, ended on 30/6/2025.
    carried = CommunityPage.objects.filter(active=True).order_by("unit__code")
    assert [(p.unit.name, p.expected_name) for p in carried] == [
        ("Xã Mới Một", "Mặt trận xã Mới Một tỉnh Thử"),
        ("Xã Mới Hai", "Mặt trận xã Mới Hai tỉnh Thử"),
    ]
    assert {p.name_verdict for p in carried} == {"mismatch"}  # listed for renaming
    assert CommunityPage.objects.filter(ended_on=LEGACY_LAST_DAY).count() == 3
    moved = carried[0]
    assert list(moved.events.values_list("action", "at")) == [
        ("register", _at(dt.date(2022, 1, 5))),
        ("report", _at(dt.date(2022, 1, 8))),
        ("verify", _at(dt.date(2022, 1, 12))),
        ("move", moved.events.last().at),
    ]

    # As of 2022 the legacy province reads exactly as before; today the new one counts all.
    assert _figures(world["old"], DAY_2022) == before
    today = timezone.localdate()
    now_total, _rows = _figures(world["new"], today)
    assert now_total["cadres"] == 8 and now_total["with_account"] == 8
    new_channel = OfficialChannel.objects.get(province=world["new"])
    assert now_total["follows"] == {new_channel.pk: 8}
    assert now_total["pages"]["commune"]["verified"] == 2
    # Every active cadre and page is on a unit valid today.
    active = Cadre.objects.filter(active_to__isnull=True)
    assert all(c.unit.is_valid_on(today) for c in active)
    assert all(p.unit.is_valid_on(today) for p in CommunityPage.objects.filter(active=True))
    assert AuditEntry.objects.filter(channel=Channel.REFORM).exists()

    # A second run changes nothing.
    entries, moves = AuditEntry.objects.count(), RecordMove.objects.count()
    again = reform_commit(plan=build_plan(world["new"]), by=None)
    assert again.counts == {"cadres": 0, "pages": 0, "users": 0, "residential": 0, "undecided": 0}
    assert (AuditEntry.objects.count(), RecordMove.objects.count()) == (entries, moves)


def test_district_users_are_moved_and_deactivated(world):
    staff = person("huyen", Role.UNIT_STAFF, world["an"])
    office = person("vanthu", Role.UNIT_STAFF, world["an"])
    gone = person("xem", Role.VIEWER, world["an"])
    xa = person("xa", Role.UNIT_STAFF, world["binh1"])
    specialist = person("cv", Role.AREA_SPECIALIST, world["old"])
    AreaAssignment.objects.create(user=specialist, unit=world["an"])
    admin = person("tinh", Role.PROVINCE_ADMIN, world["old"])
    plan = build_plan(world["new"])
    question = plan.questions[f"user:{staff.pk}"]
    assert [v for v, _label in question.options] == [
        "province",
        f"unit:{world['moi2'].pk}",
        f"unit:{world['moi1'].pk}",
        "deactivate",
    ]
    out = io.StringIO()
    with pytest.raises(CommandError) as refused:
        call_command("reform", "--province", "99", "--commit", stdout=out, stderr=io.StringIO())
    assert refused.value.returncode == 2
    assert User.objects.get(pk=staff.pk).unit_id == world["an"].pk  # nothing written
    result = reform_commit(
        plan=build_plan(
            world["new"],
            decisions={
                f"user:{staff.pk}": f"unit:{world['moi1'].pk}",
                f"user:{office.pk}": "province",
                f"user:{gone.pk}": "deactivate",
            },
        ),
        by=None,
        use_defaults=True,
    )
    assert result.counts["users"] == 6
    staff.refresh_from_db(), office.refresh_from_db(), gone.refresh_from_db(), xa.refresh_from_db()
    assert (staff.unit_id, staff.role, staff.is_active) == (world["moi1"].pk, Role.UNIT_STAFF, True)
    # In the province office a district's staff follow; they do not run the province.
    assert (office.unit_id, office.role) == (world["new"].pk, Role.VIEWER)
    assert gone.is_active is False and gone.unit_id == world["an"].pk
    assert xa.unit_id == world["xbinh"].pk
    # The specialist of Huyện An now follows the new communes of its communes.
    # (the open ones: the old one, made today in this test, ends no earlier than it began)
    current = AreaAssignment.objects.filter(user=specialist, valid_to__isnull=True)
    assert set(current.values_list("unit", flat=True)) == {
        world["moi1"].pk,
        world["moi2"].pk,
    }
    # The administrator, now on the new province, still reads the legacy one (history)
    # but may no longer change it.
    from frontnet.units.access import in_scope, user_can_edit_unit

    admin.refresh_from_db()
    assert admin.unit_id == world["new"].pk
    assert in_scope(user=admin, unit=world["an1"])
    assert not user_can_edit_unit(user=admin, unit=world["an1"])
    assert user_can_edit_unit(user=admin, unit=world["moi1"])
    # The moved users' own history stays theirs: audit entries name them, not a copy.
    assert AuditEntry.objects.filter(model="accounts.user", object_id=str(staff.pk)).exists()


def test_decisions_workbook_is_validated_with_located_errors(world, tmp_path):
    plan = build_plan(world["new"])
    key = f"residential:{world['thon1'].pk}"
    csv = (
        "Mã câu hỏi,Quyết định\n"
        + f"{key},99902\n"
        + "khong-co:1,tỉnh\n"
        + (f"district:{world['an'].pk},sai\n")
    )
    read = decisions_read(plan=plan, data=csv.encode(), filename="qd.csv")
    assert [(e.row, e.column) for e in read.errors] == [(3, "Mã câu hỏi"), (4, "Quyết định")]
    assert read.decisions == {}
    good = "Mã câu hỏi,Quyết định\n" + f"{key},99902\n" + f"district:{world['an'].pk},tỉnh\n"
    read = decisions_read(plan=plan, data=good.encode(), filename="qd.csv")
    assert read.errors == []
    assert read.decisions == {
        key: f"unit:{world['moi2'].pk}",
        f"district:{world['an'].pk}": "province",
    }
    path = tmp_path / "qd.csv"
    path.write_text(good)
    out = io.StringIO()
    call_command("reform", "--province", "99", "--decisions", str(path), stdout=out)
    assert out.getvalue().splitlines()[0] == "cadres=8 pages=3 users=0 residential=3 undecided=5"


def test_commands_name_the_unit_valid_on_the_day(world):
    from frontnet.units.commands import command_unit, command_user

    user = command_user(None)
    assert command_unit(user, "99", day=DAY_2022).pk == world["old"].pk
    assert command_unit(user, "99").pk == world["new"].pk


def test_merged_province_links_every_legacy_province(levels):
    """Hà Nam and Ninh Bình (legacy) became Ninh Bình: loading links both, the plan moves
    both, and each one's channels are offered to keep, merge or end."""
    from frontnet.units.services import LoadResult, _apply_reform

    def make(parent, name, kind, level, code, scheme):
        return unit_create(
            parent=parent,
            name=name,
            division_type=kind,
            level=levels[level],
            by=None,
            code=code,
            scheme=scheme,
            valid_from=REFORM_DAY if scheme == Scheme.REFORM_2025 else None,
        )

    ha_nam = make(None, "Tỉnh Hà Nam", "tỉnh", "province", "35", Scheme.LEGACY)
    phu_ly = make(ha_nam, "Thành phố Phủ Lý", "thành phố", "district", "347", Scheme.LEGACY)
    chau_cau = make(phu_ly, "Phường Châu Cầu", "phường", "commune", "13294", Scheme.LEGACY)
    ninh_binh = make(None, "Tỉnh Ninh Bình", "tỉnh", "province", "37", Scheme.LEGACY)
    hoa_lu_d = make(ninh_binh, "Thành phố Hoa Lư", "thành phố", "district", "374", Scheme.LEGACY)
    dong_thanh = make(hoa_lu_d, "Phường Đông Thành", "phường", "commune", "14320", Scheme.LEGACY)
    new = make(None, "Tỉnh Ninh Bình", "tỉnh", "province", "37", Scheme.REFORM_2025)
    new_phu_ly = make(new, "Phường Phủ Lý", "phường", "commune", "13285", Scheme.REFORM_2025)
    new_hoa_lu = make(new, "Phường Hoa Lư", "phường", "commune", "14329", Scheme.REFORM_2025)
    result = LoadResult()
    _apply_reform(37, result, by=None)
    pairs = set(UnitLineage.objects.values_list("predecessor", "successor"))
    assert pairs == {
        (ha_nam.pk, new.pk),
        (ninh_binh.pk, new.pk),
        (chau_cau.pk, new_phu_ly.pk),
        (dong_thanh.pk, new_hoa_lu.pk),
    }
    assert result.closed == 6
    page = Platform.objects.get(key="facebook_page")
    channels = {}
    for root, link in [(ha_nam, "hanam"), (ninh_binh, "ninhbinh")]:
        channels[root.pk] = OfficialChannel.objects.create(
            province=root, platform=page, name=f"Fanpage {link}", link_raw=link, canonical=link
        )
    category = CadreCategory.objects.first()
    for unit, name in [(chau_cau, "Lê Văn Hà"), (dong_thanh, "Trần Thị Ninh")]:
        cadre = Cadre.objects.create(unit=unit, full_name=name, category=category)
        ChannelFollow.objects.create(
            cadre=cadre, channel=channels[unit.ancestor_ids()[0]], status="yes"
        )
    plan = build_plan(new)
    assert [r.pk for r in plan.legacy_roots] == [ha_nam.pk, ninh_binh.pk]
    hn, nb = channels[ha_nam.pk], channels[ninh_binh.pk]
    assert [v for v, _ in plan.questions[f"channel:{hn.pk}"].options] == [
        "keep",
        "end",
        f"merge:{nb.pk}",
    ]
    assert plan.counts()["cadres"] == 2 and plan.counts()["undecided"] == 2
    reform_commit(
        plan=build_plan(
            new, decisions={f"channel:{hn.pk}": f"merge:{nb.pk}", f"channel:{nb.pk}": "keep"}
        ),
        by=None,
    )
    kept = OfficialChannel.objects.get(province=new)
    assert kept.canonical == "ninhbinh"
    moved = Cadre.objects.filter(unit__in=[new_phu_ly, new_hoa_lu], active_to__isnull=True)
    assert sorted(c.unit_id for c in moved) == sorted([new_phu_ly.pk, new_hoa_lu.pk])
    assert set(ChannelFollow.objects.filter(cadre__in=moved).values_list("channel", flat=True)) == {
        kept.pk
    }


def closed_committee(world, levels) -> Unit:
    """Thôn 3 of An Hai, closed in 2024: not carried into the 2025 tree."""
    thon3 = unit_create(
        parent=world["an2"],
        name="Thôn 3",
        division_type="thôn",
        level=levels["residential"],
        by=None,
        scheme=Scheme.LOCAL,
    )
    Unit.objects.filter(pk=thon3.pk).update(valid_to=dt.date(2024, 12, 31))
    return thon3


def test_a_cadre_on_a_committee_ended_before_the_reform_is_asked_never_skipped(world, levels):
    """Thôn 3 of An Hai closed in 2024 while two of its cadres stayed in office: the plan
    names each one, the commit refuses until each is decided; one goes to Mới Một, the
    other ends on 30/6/2025."""
    thon3 = closed_committee(world, levels)
    category = CadreCategory.objects.first()
    stays = Cadre.objects.create(unit=thon3, full_name="Mai Văn Mười", category=category)
    leaves = Cadre.objects.create(unit=thon3, full_name="Lý Thị Mười Một", category=category)
    plan = build_plan(world["new"])
    asked = plan.questions[f"cadre:{stays.pk}"]
    assert "Mai Văn Mười" in asked.label and "Thôn 3" in asked.label
    assert asked.default == f"unit:{world['moi1'].pk}"  # An Hai's successor
    assert [v for v, _label in asked.options] == ["province", f"unit:{world['moi1'].pk}", "end"]
    assert f"cadre:{leaves.pk}" in plan.questions
    decided = split_decisions(world)
    with pytest.raises(Undecided) as refused:
        reform_commit(plan=build_plan(world["new"], decisions=decided), by=None)
    assert {q.key for q in refused.value.questions} == {
        f"cadre:{stays.pk}",
        f"cadre:{leaves.pk}",
    }
    assert not RecordMove.objects.exists()  # nothing written
    decided |= {f"cadre:{stays.pk}": f"unit:{world['moi1'].pk}", f"cadre:{leaves.pk}": "end"}
    result = reform_commit(plan=build_plan(world["new"], decisions=decided), by=None)
    assert result.counts["cadres"] == 10
    stays.refresh_from_db(), leaves.refresh_from_db()
    assert stays.active_to == LEGACY_LAST_DAY and leaves.active_to == LEGACY_LAST_DAY
    carried = Cadre.objects.get(pk=RecordMove.objects.get(kind="cadre", old_id=stays.pk).new_id)
    assert (carried.unit_id, carried.active_from) == (world["moi1"].pk, REFORM_DAY)
    assert RecordMove.objects.get(kind="cadre", old_id=leaves.pk).new_id is None
    assert "không chuyển" in leaves.end_reason
    assert AuditEntry.objects.filter(
        model="cadres.cadre", object_id=str(leaves.pk), action="end", channel=Channel.REFORM
    ).exists()
    # Nobody in office is left on a closed unit.
    today = timezone.localdate()
    assert all(c.unit.is_valid_on(today) for c in Cadre.objects.filter(active_to__isnull=True))


def test_a_user_on_a_committee_ended_before_the_reform_is_asked_never_skipped(world, levels):
    """Thôn 3 of An Hai closed in 2024 while two accounts stayed open on it: the plan asks
    about each (default: stop the account), the commit refuses until each is decided; one
    goes to Mới Một with its role, the other to the province office, read only."""
    thon3 = closed_committee(world, levels)
    moves = person("thon3a", Role.UNIT_STAFF, thon3)
    watches = person("thon3b", Role.UNIT_STAFF, thon3)
    kept = person("thon1", Role.UNIT_STAFF, world["thon_an2"])  # a carried committee: no question
    plan = build_plan(world["new"])
    asked = plan.questions[f"user:{moves.pk}"]
    assert "thon3a" in asked.label and "Thôn 3" in asked.label and "Xã An Hai" in asked.label
    assert [v for v, _label in asked.options] == [
        "province",
        f"unit:{world['moi1'].pk}",
        "deactivate",
    ]
    assert asked.default == "deactivate"
    assert f"user:{kept.pk}" not in plan.questions
    decided = split_decisions(world)
    with pytest.raises(Undecided) as refused:
        reform_commit(plan=build_plan(world["new"], decisions=decided), by=None)
    assert {q.key for q in refused.value.questions} == {
        f"user:{moves.pk}",
        f"user:{watches.pk}",
    }
    assert User.objects.get(pk=moves.pk).unit_id == thon3.pk  # nothing written
    decided |= {f"user:{moves.pk}": f"unit:{world['moi1'].pk}", f"user:{watches.pk}": "province"}
    reform_commit(plan=build_plan(world["new"], decisions=decided), by=None)
    moves.refresh_from_db(), watches.refresh_from_db(), kept.refresh_from_db()
    assert (moves.unit_id, moves.role, moves.is_active) == (world["moi1"].pk, Role.UNIT_STAFF, True)
    assert (watches.unit_id, watches.role) == (world["new"].pk, Role.VIEWER)
    carried = Unit.objects.get(
        pk=RecordMove.objects.get(kind="unit", old_id=world["thon_an2"].pk).new_id
    )
    assert kept.unit_id == carried.pk
    entry = AuditEntry.objects.get(model="accounts.user", object_id=str(moves.pk), action="update")
    assert entry.changes["unit_id"] == [thon3.pk, world["moi1"].pk]
    # Nobody active is left on a closed unit.
    today = timezone.localdate()
    assert all(u.unit.is_valid_on(today) for u in User.objects.filter(is_active=True))


def test_an_ended_assignment_logs_only_its_end_day(world):
    """The specialist's assignment to Huyện An ends on 30/6/2025 (dated before the reform):
    its audit entry records that day, not every field as new."""
    specialist = person("cv", Role.AREA_SPECIALIST, world["old"])
    old = AreaAssignment.objects.create(
        user=specialist, unit=world["an"], valid_from=dt.date(2022, 3, 1)
    )
    reform_commit(
        plan=build_plan(world["new"], decisions=split_decisions(world)), by=None, use_defaults=True
    )
    entry = AuditEntry.objects.get(
        model="accounts.areaassignment", object_id=str(old.pk), action="end"
    )
    assert entry.changes == {"valid_to": [None, "2025-06-30"]}


def test_merged_provinces_targets_and_criteria_keep_merge_or_end(levels):
    """Two legacy provinces merge: Hà Nam's target merges into Ninh Bình's of the same
    measure (its listed communes join), its second target ends; Hà Nam's criterion merges
    into Ninh Bình's (its levels join)."""
    from decimal import Decimal

    from frontnet.monitoring.models import Target
    from frontnet.scoring.models import Criterion
    from frontnet.units.services import LoadResult, _apply_reform

    def make(parent, name, level, code, scheme):
        return unit_create(
            parent=parent,
            name=name,
            division_type={"province": "tỉnh", "district": "thành phố"}.get(level, "phường"),
            level=levels[level],
            by=None,
            code=code,
            scheme=scheme,
            valid_from=REFORM_DAY if scheme == Scheme.REFORM_2025 else None,
        )

    ha_nam = make(None, "Tỉnh Hà Nam", "province", "35", Scheme.LEGACY)
    phu_ly = make(ha_nam, "Thành phố Phủ Lý", "district", "347", Scheme.LEGACY)
    chau_cau = make(phu_ly, "Phường Châu Cầu", "commune", "13294", Scheme.LEGACY)
    ninh_binh = make(None, "Tỉnh Ninh Bình", "province", "37", Scheme.LEGACY)
    hoa_lu_d = make(ninh_binh, "Thành phố Hoa Lư", "district", "374", Scheme.LEGACY)
    dong_thanh = make(hoa_lu_d, "Phường Đông Thành", "commune", "14320", Scheme.LEGACY)
    new = make(None, "Tỉnh Ninh Bình", "province", "37", Scheme.REFORM_2025)
    new_phu_ly = make(new, "Phường Phủ Lý", "commune", "13285", Scheme.REFORM_2025)
    new_hoa_lu = make(new, "Phường Hoa Lư", "commune", "14329", Scheme.REFORM_2025)
    _apply_reform(37, LoadResult(), by=None)

    def target(root, name, measure, unit):
        t = Target.objects.create(
            name=name,
            measure=measure,
            root=root,
            threshold=50,
            start=dt.date(2022, 1, 1),
            deadline=dt.date(2026, 12, 31),
        )
        t.units.set([unit])
        return t

    hn_pages = target(ha_nam, "Trang Hà Nam", "page_reported", chau_cau)
    hn_other = target(ha_nam, "Tài khoản Hà Nam", "cadre_account", chau_cau)
    nb_pages = target(ninh_binh, "Trang Ninh Bình", "page_reported", dong_thanh)

    def criterion(province, code, level):
        c = Criterion.objects.create(
            code=code,
            name=f"Tiêu chí {code}",
            measure="page_reported",
            rule="linear",
            weight=Decimal(10),
            province=province,
        )
        c.levels.set([levels[level]])
        return c

    hn_crit = criterion(ha_nam, "hn-trang", "province")
    nb_crit = criterion(ninh_binh, "nb-trang", "commune")
    plan = build_plan(new)
    options = [v for v, _label in plan.questions[f"target:{hn_pages.pk}"].options]
    assert options == ["keep", "end", f"merge:{nb_pages.pk}"]  # same measure only
    assert [v for v, _ in plan.questions[f"target:{hn_other.pk}"].options] == ["keep", "end"]
    assert [v for v, _ in plan.questions[f"criterion:{hn_crit.pk}"].options] == [
        "keep",
        "end",
        f"merge:{nb_crit.pk}",
    ]
    reform_commit(
        plan=build_plan(
            new,
            decisions={
                f"target:{hn_pages.pk}": f"merge:{nb_pages.pk}",
                f"target:{hn_other.pk}": "end",
                f"target:{nb_pages.pk}": "keep",
                f"criterion:{hn_crit.pk}": f"merge:{nb_crit.pk}",
                f"criterion:{nb_crit.pk}": "keep",
            },
        ),
        by=None,
        use_defaults=True,
    )
    kept = Target.objects.get(root=new)
    assert kept.name == "Trang Ninh Bình"
    assert set(kept.units.values_list("pk", flat=True)) == {new_phu_ly.pk, new_hoa_lu.pk}
    moves = dict(RecordMove.objects.filter(kind="target").values_list("old_id", "new_id"))
    assert moves == {hn_pages.pk: kept.pk, hn_other.pk: None, nb_pages.pk: kept.pk}
    crit = Criterion.objects.get(province=new)
    assert crit.name == "Tiêu chí nb-trang"
    assert set(crit.levels.values_list("key", flat=True)) == {"province", "commune"}
    assert RecordMove.objects.get(kind="criterion", old_id=hn_crit.pk).new_id == crit.pk
    # The legacy rules stay as they were (history).
    assert Target.objects.filter(root__in=[ha_nam, ninh_binh]).count() == 3
