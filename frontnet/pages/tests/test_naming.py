"""The page naming convention of seed 002 and the check of registered names against it.
No database: these are pure functions."""

import unicodedata

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from frontnet.pages.naming import (
    COMMUNE_2025_TEMPLATE,
    COMMUNE_LEGACY_TEMPLATE,
    DEFAULT_TEMPLATES,
    DISTRICT_TEMPLATE,
    check_page_name,
    expected_page_name,
    expected_page_parts,
)

NGHI_LOC = {"unit": "huyện Nghi Lộc", "province": "tỉnh Nghệ An"}
NGHI_VAN = {"unit": "xã Nghi Văn", "district": "huyện Nghi Lộc", "province": "tỉnh Nghệ An"}
DISTRICT = "Mặt trận huyện Nghi Lộc tỉnh Nghệ An"
COMMUNE = "Mặt trận xã Nghi Văn huyện Nghi Lộc tỉnh Nghệ An"
THAI_HOA = "Mặt trận thị xã Thái Hoà tỉnh Nghệ An"  # as the official list writes it
NGHI_HOA = "Mặt trận xã Nghi Hòa huyện Nghi Lộc tỉnh Nghệ An"


# --- The expected name -----------------------------------------------------------------------


def test_letters_examples_fill_the_default_templates():
    assert expected_page_name(DISTRICT_TEMPLATE, NGHI_LOC) == DISTRICT
    assert expected_page_name(COMMUNE_LEGACY_TEMPLATE, NGHI_VAN) == COMMUNE
    assert (
        expected_page_name(COMMUNE_2025_TEMPLATE, NGHI_VAN) == "Mặt trận xã Nghi Văn tỉnh Nghệ An"
    )


def test_default_templates_cover_district_and_both_commune_shapes():
    assert DEFAULT_TEMPLATES[("district", "")] == DISTRICT_TEMPLATE
    assert DEFAULT_TEMPLATES[("commune", "legacy")] == COMMUNE_LEGACY_TEMPLATE
    assert DEFAULT_TEMPLATES[("commune", "2025")] == COMMUNE_2025_TEMPLATE


def test_unknown_placeholder_is_refused_in_vietnamese():
    with pytest.raises(ValueError, match="chỗ trống không biết: {district}"):
        expected_page_name(COMMUNE_LEGACY_TEMPLATE, NGHI_LOC)


@pytest.mark.parametrize("template", ["Mặt trận {unit", "Mặt trận {}", "Mặt trận {unit!r}"])
def test_malformed_template_is_refused(template):
    with pytest.raises(ValueError, match="Mẫu tên trang"):
        expected_page_name(template, NGHI_LOC)


def test_expected_name_normalises_spaces_of_the_parts():
    assert expected_page_name("Mặt trận  {unit}", {"unit": " xã\u00a0Nghi  Văn "}) == (
        "Mặt trận xã Nghi Văn"
    )


def test_expected_parts_are_the_pieces_in_order():
    assert expected_page_parts(COMMUNE_LEGACY_TEMPLATE, NGHI_VAN) == [
        "Mặt trận",
        "xã Nghi Văn",
        "huyện Nghi Lộc",
        "tỉnh Nghệ An",
    ]


# --- The letter's examples -------------------------------------------------------------------


def codes(registered: str, expected: str) -> set[str]:
    return set(check_page_name(registered, expected).codes)


def test_the_expected_name_matches_itself_with_nothing_to_change():
    check = check_page_name(" Mặt trận  huyện Nghi Lộc\u00a0tỉnh Nghệ An ", DISTRICT)
    assert check.verdict == "match" and check.differences == () and check.expected == DISTRICT


def test_lower_case_is_the_same_name_in_another_form():
    check = check_page_name("mặt trận huyện nghi lộc tỉnh nghệ an", DISTRICT)
    assert check.verdict == "form_only" and check.codes == {"case"}
    assert "“nghi lộc”, quy ước là “Nghi Lộc”" in " ".join(d.message for d in check.differences)


def test_hoa_with_the_mark_on_o_or_a_is_the_same_name():
    check = check_page_name("Mặt trận thị xã Thái Hòa tỉnh Nghệ An", THAI_HOA)
    assert check.verdict == "form_only" and check.codes == {"tone_placement"}
    assert check.expected == THAI_HOA


def test_mttq_for_mat_tran_is_an_abbreviation():
    check = check_page_name("MTTQ huyện Nghi Lộc tỉnh Nghệ An", DISTRICT)
    assert check.verdict == "mismatch" and check.codes == {"abbreviation"}
    assert "“MTTQ”" in check.differences[0].message and "“Mặt trận”" in check.differences[0].message


@pytest.mark.parametrize(
    "registered, expected, short",
    [
        ("Mặt trận H. Nghi Lộc tỉnh Nghệ An", DISTRICT, "H."),
        ("Mặt trận TX Thái Hoà tỉnh Nghệ An", THAI_HOA, "TX"),
        ("Mặt trận TT Quán Hành huyện Nghi Lộc tỉnh Nghệ An",
         "Mặt trận thị trấn Quán Hành huyện Nghi Lộc tỉnh Nghệ An", "TT"),
        ("Mặt trận TP Vinh tỉnh Nghệ An", "Mặt trận thành phố Vinh tỉnh Nghệ An", "TP"),
    ],
)  # fmt: skip
def test_common_abbreviations_of_division_types_are_named(registered, expected, short):
    check = check_page_name(registered, expected)
    assert check.verdict == "mismatch" and check.codes == {"abbreviation"}
    assert check.differences[0].written == short


def test_an_abbreviation_the_convention_itself_uses_is_not_flagged():
    assert check_page_name("MT huyện An", "MT huyện An").verdict == "match"
    assert codes("MT huyện Bình", "MT huyện An") == {"wrong_part"}


def test_to_quoc_is_one_word_too_many():
    check = check_page_name("Mặt trận Tổ quốc huyện Nghi Lộc tỉnh Nghệ An", DISTRICT)
    assert check.verdict == "mismatch"
    assert [(d.code, d.message) for d in check.differences] == [("extra_part", "Thừa “Tổ quốc”.")]


def test_viet_nam_is_extra_too():
    check = check_page_name("Mặt trận Tổ quốc Việt Nam huyện Nghi Lộc tỉnh Nghệ An", DISTRICT)
    assert check.verdict == "mismatch" and check.codes == {"extra_part"}
    assert "Việt Nam" in check.differences[0].message


def test_a_missing_province_is_named():
    check = check_page_name("Mặt trận huyện Nghi Lộc", DISTRICT)
    assert check.verdict == "mismatch"
    assert [(d.code, d.message) for d in check.differences] == [
        ("missing_part", "Thiếu “tỉnh Nghệ An”.")
    ]


def test_parts_in_another_order_are_an_order_difference_only():
    check = check_page_name("Mặt trận tỉnh Nghệ An huyện Nghi Lộc", DISTRICT)
    assert check.verdict == "mismatch" and check.codes == {"order"}
    assert "“huyện Nghi Lộc” → “tỉnh Nghệ An”" in check.differences[0].message


def test_hoa_without_its_mark_is_another_place():
    check = check_page_name("Mặt trận xã Nghi Hoa huyện Nghi Lộc tỉnh Nghệ An", NGHI_HOA)
    assert check.verdict == "mismatch" and check.codes == {"diacritics"}
    assert check.differences[0].written == "Hoa" and check.differences[0].wanted == "Hòa"


def test_a_name_typed_without_any_diacritics_is_told_once():
    check = check_page_name("Mat tran huyen Nghi Loc tinh Nghe An", DISTRICT)
    assert check.verdict == "mismatch" and len(check.differences) == 1
    assert "không dấu" in check.differences[0].message


def test_words_run_together_are_a_spacing_difference():
    assert codes("Mặt trận huyện NghiLộc tỉnh Nghệ An", DISTRICT) == {"spacing"}


def test_punctuation_is_only_form():
    check = check_page_name("Mặt trận huyện Nghi Lộc - tỉnh Nghệ An.", DISTRICT)
    assert check.verdict == "form_only" and check.codes == {"punctuation"}


def test_another_division_type_is_a_wrong_part():
    check = check_page_name("Mặt trận thành phố Nghi Lộc tỉnh Nghệ An", DISTRICT)
    assert check.verdict == "mismatch" and check.codes == {"wrong_part"}
    assert (check.differences[0].written, check.differences[0].wanted) == ("thành phố", "huyện")


def test_proper_names_holding_a_division_word_are_not_cut_there():
    expected = "Mặt trận phường Phường Đúc quận Thuận Hóa thành phố Huế"
    check = check_page_name("Mặt trận quận Thuận Hóa phường Phường Đúc thành phố Huế", expected)
    assert check.codes == {"order"}
    assert "“phường Phường Đúc” → “quận Thuận Hóa”" in check.differences[0].message


def test_parts_differing_only_in_tone_are_not_mistaken_for_each_other():
    check = check_page_name("Mặt trận huyện Quỳ huyện Quý", "Mặt trận huyện Quý huyện Quỳ")
    assert check.codes == {"order"}
    dropped = check_page_name("Mặt trận huyện Quỳ", "Mặt trận huyện Quý huyện Quỳ")
    assert [d.message for d in dropped.differences] == ["Thiếu “huyện Quý”."]


def test_given_parts_are_used_for_the_order():
    parts = expected_page_parts(COMMUNE_LEGACY_TEMPLATE, NGHI_VAN)
    check = check_page_name(
        "Mặt trận huyện Nghi Lộc xã Nghi Văn tỉnh Nghệ An", COMMUNE, parts=parts
    )
    assert check.codes == {"order"}


# --- Properties ------------------------------------------------------------------------------

SYLLABLES = ["Nghi", "Lộc", "Văn", "Hòa", "Thủy", "Khỏe", "Quỳnh", "Giang", "Đông",
             "Sơn", "Hưng", "Nguyên", "Thái", "An", "Bình", "Phước", "Mỹ", "Tân", "Quý", "Yên",
             "Hải", "Đức", "Thành", "Xuân", "Trường", "Cẩm", "Diễn", "Quỳ"]  # fmt: skip
KINDS = ["huyện", "quận", "thị xã", "thành phố", "xã", "phường", "thị trấn", "tỉnh"]


@st.composite
def convention_names(draw) -> tuple[str, list[str]]:
    """An expected name in the letter's shape, with distinct proper names, and its parts."""
    names = draw(
        st.lists(
            st.lists(st.sampled_from(SYLLABLES), min_size=1, max_size=3).map(" ".join),
            min_size=1,
            max_size=3,
            unique_by=lambda n: tuple(w.casefold() for w in n.split()),
        )
    )
    words = [w for n in names for w in n.split()]
    assume(len(set(words)) == len(words))
    kinds = draw(st.lists(st.sampled_from(KINDS), min_size=len(names), max_size=len(names)))
    parts = ["Mặt trận"] + [f"{k} {n}" for k, n in zip(kinds, names, strict=True)]
    keys = ["unit", "district", "province"][: len(names)]
    template = "Mặt trận " + " ".join(f"{{{k}}}" for k in keys)
    filled = dict(zip(keys, parts[1:], strict=True))
    assert expected_page_parts(template, filled) == parts
    return expected_page_name(template, filled), parts


def form_variants(text: str):
    """Ways of writing the same name that the convention forgives."""
    return st.sampled_from(
        [
            text.upper(),
            text.lower(),
            text.swapcase(),
            unicodedata.normalize("NFD", text),
            "  " + text.replace(" ", "\u00a0 ") + "\u200b ",
            text.replace(" ", ", ", 1),
            text.replace("Hòa", "Hoà").replace("Thủy", "Thuỷ").replace("Khỏe", "Khoẻ"),
            text.replace("Hoà", "Hòa").replace("Thuỷ", "Thủy"),
        ]
    )


@given(convention_names())
def test_the_expected_name_is_always_a_match(named):
    expected, _ = named
    check = check_page_name(expected, expected)
    assert check.verdict == "match" and check.differences == ()


@given(st.text(max_size=30), st.text(max_size=30))
def test_any_two_texts_get_a_verdict_and_every_non_match_a_reason(registered, expected):
    check = check_page_name(registered, expected)
    assert check.verdict in {"match", "form_only", "mismatch"}
    assert (check.verdict == "match") == (check.differences == ())


@given(convention_names(), st.data())
def test_case_spacing_nfd_punctuation_and_tone_placement_never_make_a_mismatch(named, data):
    expected, _ = named
    variant = data.draw(form_variants(expected))
    check = check_page_name(variant, expected)
    assert check.verdict in {"match", "form_only"}
    assert check.codes <= {"case", "tone_placement", "punctuation"}


@given(convention_names(), st.data())
def test_removing_a_diacritic_makes_a_mismatch(named, data):
    expected, _ = named
    decomposed = unicodedata.normalize("NFD", expected)
    places = [i for i, c in enumerate(decomposed) if unicodedata.combining(c) or c in "đĐ"]
    at = data.draw(st.sampled_from(places))
    if decomposed[at] in "đĐ":
        registered = decomposed[:at] + "D" + decomposed[at + 1 :]
    else:
        registered = decomposed[:at] + decomposed[at + 1 :]
    check = check_page_name(registered, expected)
    assert check.verdict == "mismatch"
    assert "diacritics" in check.codes


@given(convention_names(), st.data())
def test_a_dropped_part_is_named_as_missing(named, data):
    expected, parts = named
    dropped = data.draw(st.sampled_from(parts[1:]))
    registered = " ".join(p for p in parts if p != dropped)
    check = check_page_name(registered, expected, parts=parts)
    assert check.verdict == "mismatch"
    assert only(check, "missing_part") == ("", dropped)


@given(convention_names(), st.data())
def test_swapped_parts_are_only_an_order_difference(named, data):
    expected, parts = named
    assume(len(parts) >= 3)
    i, j = data.draw(st.lists(st.integers(1, len(parts) - 1), min_size=2, max_size=2, unique=True))
    swapped = list(parts)
    swapped[i], swapped[j] = swapped[j], swapped[i]
    check = check_page_name(" ".join(swapped), expected)
    assert check.verdict == "mismatch" and check.codes == {"order"}


@given(convention_names())
def test_mttq_in_front_is_only_an_abbreviation(named):
    expected, _ = named
    check = check_page_name(expected.replace("Mặt trận", "MTTQ", 1), expected)
    assert check.verdict == "mismatch" and check.codes == {"abbreviation"}


def only(check, code: str) -> tuple[str, str]:
    (found,) = [d for d in check.differences if d.code == code]
    return found.written, found.wanted
