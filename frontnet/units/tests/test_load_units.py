import pytest
import vietnam_provinces as current
from django.core.management import call_command
from vietnam_provinces import legacy

from frontnet.units.models import Scheme, Unit, UnitLineage
from frontnet.units.services import LEGACY_LAST_DAY, UnknownProvince, units_load_official

pytestmark = pytest.mark.django_db


def counts(scheme):
    units = Unit.objects.filter(scheme=scheme)
    return {
        key: units.filter(level__key=key).count() for key in ("province", "district", "commune")
    }


def test_nghe_an_legacy_gives_20_districts_and_412_communes():
    call_command("load_units", "--province", "40", "--shape", "legacy")
    assert counts(Scheme.LEGACY) == {"province": 1, "district": 20, "commune": 412}


def test_nghe_an_2025_gives_130_communes_directly_under_the_province():
    call_command("load_units", "--province", "Nghệ An", "--shape", "2025")
    assert counts(Scheme.REFORM_2025) == {"province": 1, "district": 0, "commune": 130}
    province = Unit.objects.get(scheme=Scheme.REFORM_2025, level__key="province")
    assert province.children.count() == 130


@pytest.mark.parametrize("code", [1, 8, 79, 96])
def test_counts_match_the_package_for_other_provinces(code):
    units_load_official(province=str(code), shape="legacy")
    units_load_official(province=str(code), shape="2025")
    legacy_province = legacy.Province.from_code(legacy.ProvinceCode(code))
    assert counts(Scheme.LEGACY) == {
        "province": 1,
        "district": len(list(legacy.District.iter_by_province(legacy_province.code))),
        "commune": len(list(legacy.Ward.iter_by_province(legacy_province.code))),
    }
    assert counts(Scheme.REFORM_2025)["commune"] == len(
        list(current.Ward.iter_by_province(current.ProvinceCode(code)))
    )


def test_loading_twice_changes_nothing():
    first = units_load_official(province="40", shape="legacy")
    snapshot = list(Unit.objects.values_list("pk", "path", "name", "updated_at"))
    second = units_load_official(province="40", shape="legacy")
    assert first.created == 433
    assert (second.created, second.updated, second.unchanged) == (0, 0, 433)
    assert list(Unit.objects.values_list("pk", "path", "name", "updated_at")) == snapshot


def test_both_shapes_close_the_legacy_tree_and_link_successors():
    units_load_official(province="40", shape="legacy")
    result = units_load_official(province="40", shape="2025")
    assert result.closed == 433
    districts = Unit.objects.filter(scheme=Scheme.LEGACY, level__key="district")
    assert set(districts.values_list("valid_to", flat=True)) == {LEGACY_LAST_DAY}
    # Every 2025 commune replaced at least one legacy commune of the same province.
    new = Unit.objects.filter(scheme=Scheme.REFORM_2025, level__key="commune")
    assert not new.exclude(predecessions__isnull=False).exists()
    thanh_vinh = new.get(name="Phường Thành Vinh")
    sources = {
        str(int(w.code))
        for w in current.Ward.from_code(current.WardCode(int(thanh_vinh.code))).get_legacy_sources()
    }
    assert (
        set(
            UnitLineage.objects.filter(successor=thanh_vinh).values_list(
                "predecessor__code", flat=True
            )
        )
        == sources
    )
    again = units_load_official(province="40", shape="2025")
    assert (again.created, again.closed, again.lineages) == (0, 0, 0)


def test_unknown_province_is_refused_in_vietnamese():
    with pytest.raises(UnknownProvince, match="Không tìm thấy tỉnh"):
        units_load_official(province="Atlantis", shape="legacy")
