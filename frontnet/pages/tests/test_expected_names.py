import pytest

from frontnet.pages.models import NameVerdict, NamingRule
from frontnet.pages.selectors import expected_name_for
from frontnet.units.models import Scheme, Unit
from frontnet.units.services import unit_create, units_load_official

pytestmark = pytest.mark.django_db


def test_commune_in_the_legacy_shape_names_commune_district_and_province(tree):
    assert expected_name_for(tree["commune_a1"]) == "Mặt trận xã An Một huyện An tỉnh Thử"


def test_district_names_district_and_province(tree):
    assert expected_name_for(tree["district_b"]) == "Mặt trận huyện Bình tỉnh Thử"


def test_commune_in_the_2025_shape_has_no_district(levels):
    province = unit_create(
        parent=None,
        name="Tỉnh Mới",
        division_type="tỉnh",
        level=levels["province"],
        scheme=Scheme.REFORM_2025,
        code="98",
        by=None,
    )
    ward = unit_create(
        parent=province,
        name="Phường Bến Thủy",
        division_type="phường",
        level=levels["commune"],
        scheme=Scheme.REFORM_2025,
        code="98001",
        by=None,
    )
    assert expected_name_for(ward) == "Mặt trận phường Bến Thủy tỉnh Mới"


def test_a_rule_for_the_units_scheme_comes_before_the_rule_for_every_scheme(tree, levels):
    NamingRule.objects.create(level=levels["district"], scheme=Scheme.LOCAL, template="MT {unit}")
    assert expected_name_for(tree["district_a"]) == "MT huyện An"


def test_a_level_without_rule_expects_no_name_and_gets_no_verdict(tree, register):
    assert expected_name_for(tree["province"]) == ""
    page = register(tree["province"], "Mặt trận Tổ quốc tỉnh Thử")
    assert page.name_verdict == NameVerdict.NO_RULE and page.expected_name == ""


def test_expected_name_reads_rule_and_ancestors_in_two_queries(tree, django_assert_num_queries):
    commune = Unit.objects.select_related("level").get(pk=tree["commune_a1"].pk)
    with django_assert_num_queries(2):
        expected_name_for(commune)


def test_official_list_of_nghe_an_gives_the_letters_examples(levels, register):
    units_load_official(province="40", shape="legacy")
    legacy = Unit.objects.filter(scheme=Scheme.LEGACY)
    nghi_loc = legacy.get(level__key="district", name="Huyện Nghi Lộc")
    nghi_van = legacy.get(level__key="commune", name="Xã Nghi Văn", parent=nghi_loc)
    assert expected_name_for(nghi_loc) == "Mặt trận huyện Nghi Lộc tỉnh Nghệ An"
    assert expected_name_for(nghi_van) == "Mặt trận xã Nghi Văn huyện Nghi Lộc tỉnh Nghệ An"

    # The official list writes "Thái Hoà"; most people type "Thái Hòa": same name, other form.
    thai_hoa = legacy.get(level__key="district", name__endswith="Thái Hoà")
    assert expected_name_for(thai_hoa) == "Mặt trận thị xã Thái Hoà tỉnh Nghệ An"
    page = register(thai_hoa, "Mặt trận Thị xã Thái Hòa tỉnh Nghệ An")
    assert page.name_verdict == NameVerdict.FORM_ONLY
