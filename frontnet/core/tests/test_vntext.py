"""Vietnamese text folds: examples first, then the properties every caller relies on."""

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from frontnet.core.vntext import clean_text, fold_form, fold_search, normalize_tone_placement

TONES = "\u0300\u0301\u0303\u0309\u0323"


# --- Examples --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed, placed",
    [
        ("hoà", "hòa"),
        ("Hoà", "Hòa"),
        ("HOÀ", "HÒA"),
        ("thuỷ", "thủy"),
        ("khoẻ", "khỏe"),
        ("Uỷ ban", "Ủy ban"),
        ("qúy", "quý"),
        ("gìa", "già"),
        ("hòan", "hoàn"),
        ("ngòai", "ngoài"),
        ("ngừơi", "người"),
        ("Thái Hoà", "Thái Hòa"),
    ],
)
def test_tone_mark_moves_to_one_place(typed, placed):
    assert normalize_tone_placement(typed) == placed


@pytest.mark.parametrize(
    "word",
    ["hòa", "thủy", "khỏe", "quý", "Quỳnh", "già", "gìn", "giữa", "hoàn", "thuyền", "hoạch",
     "người", "khuỷu", "ngoài", "quốc", "thuở", "Nguyễn", "café", "naïve", "x\u0301"],
)  # fmt: skip
def test_words_already_in_place_or_not_vietnamese_stay_as_typed(word):
    assert normalize_tone_placement(word) == unicodedata.normalize("NFC", word)


def test_a_syllable_with_two_tone_marks_is_left_alone():
    assert normalize_tone_placement("thúyền") == "thúyền"


def test_fold_form_folds_case_spacing_punctuation_and_tone_placement():
    typed = ' MẶT TRẬN  thị-xã "Thái Hoà",\u00a0Nghệ An. '
    assert fold_form(typed) == "mặt trận thị xã thái hòa nghệ an"


def test_fold_form_keeps_diacritics_so_hoa_and_hoa_with_a_mark_differ():
    assert fold_form("Hòa") != fold_form("Hoa")
    assert fold_form("Đông") != fold_form("Dông")
    assert fold_form("Thái Hoà") == fold_form("thái hòa")


def test_fold_search_strips_diacritics_for_search_only():
    assert fold_search("  Nghi  Lộc ") == "nghi loc"
    assert fold_search("ĐÔNG Hòa") == "dong hoa"
    assert fold_search("Nghi Lộc") == fold_search("nghi loc")


def test_clean_text_collapses_every_kind_of_space_and_keeps_the_rest():
    assert clean_text("\u200b Xã\u00a0\u00a0Nghi\tVăn \ufeff\n") == "Xã Nghi Văn"
    assert clean_text("Nghi\u200bLộc") == "NghiLộc"  # invisible between letters: reads as shown
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    assert clean_text(f" {family} <b>x</b> ") == f"{family} <b>x</b>"
    assert clean_text(None) == ""
    assert clean_text(unicodedata.normalize("NFD", "Hòa")) == "Hòa"


# --- Strategies ------------------------------------------------------------------------------

ONSETS = ["", "b", "ch", "đ", "Đ", "g", "gi", "h", "kh", "l", "m", "ng", "nh", "ph", "qu", "th",
          "tr", "v", "x"]  # fmt: skip
OPEN_NUCLEI = ["a", "o", "u", "ư", "ơ", "ê", "oa", "oe", "uy", "ai", "ao", "ưa", "ươi", "oai",
               "uya", "iêu", "uôi", "ây"]  # fmt: skip
CLOSED_NUCLEI = ["a", "ă", "â", "e", "i", "ô", "u", "oa", "uyê", "iê", "ươ", "uô", "oă"]
CODAS = ["c", "ch", "m", "n", "ng", "nh", "p", "t"]


@st.composite
def syllables(draw, tone_anywhere: bool = True) -> str:
    """A Vietnamese-shaped syllable, its tone mark (if any) on any of its vowels, as typists
    and old fonts put it."""
    onset = draw(st.sampled_from(ONSETS))
    if draw(st.booleans()):
        rhyme, coda = draw(st.sampled_from(OPEN_NUCLEI)), ""
    else:
        rhyme, coda = draw(st.sampled_from(CLOSED_NUCLEI)), draw(st.sampled_from(CODAS))
    letters = list(unicodedata.normalize("NFD", onset + rhyme))
    tone = draw(st.sampled_from(["", *TONES]))
    if tone:
        bases = [i for i, c in enumerate(letters) if c.lower() in "aeiouy"]
        at = draw(st.sampled_from(bases)) if tone_anywhere else bases[0]
        letters.insert(at + 1, tone)
    word = unicodedata.normalize("NFC", "".join(letters) + coda)
    return draw(st.sampled_from([word, word.capitalize(), word.upper()]))


vietnamese = st.lists(syllables(), min_size=1, max_size=6).map(" ".join)
punctuated = st.lists(
    st.one_of(syllables(), st.sampled_from([",", "-", ".", "“", "”", " ", "\u00a0", "  "])),
    min_size=1,
    max_size=10,
).map(" ".join)
any_text = st.text(max_size=40)


def marks(text: str) -> list[str]:
    return sorted(c for c in unicodedata.normalize("NFD", text) if unicodedata.combining(c))


def bases(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


# --- Properties ------------------------------------------------------------------------------


@given(st.one_of(vietnamese, any_text))
def test_tone_placement_is_idempotent(text):
    once = normalize_tone_placement(text)
    assert normalize_tone_placement(once) == once


@given(st.one_of(vietnamese, any_text))
def test_tone_placement_only_moves_marks_never_removes_them(text):
    placed = normalize_tone_placement(text)
    assert marks(placed) == marks(text)
    assert bases(placed) == bases(text)


@given(syllables(tone_anywhere=True))
def test_wherever_the_tone_was_typed_one_spelling_comes_out(word):
    letters = unicodedata.normalize("NFD", word)
    tone = [c for c in letters if c in TONES]
    untoned = "".join(c for c in letters if c not in TONES)
    first_vowel = next(i for i, c in enumerate(untoned) if c.lower() in "aeiouy") + 1
    retyped = untoned[:first_vowel] + "".join(tone) + untoned[first_vowel:]
    assert normalize_tone_placement(word) == normalize_tone_placement(retyped)


@given(st.one_of(vietnamese, punctuated, any_text))
def test_fold_form_is_idempotent(text):
    assert fold_form(fold_form(text)) == fold_form(text)


@given(st.one_of(vietnamese, punctuated, any_text))
def test_fold_form_ignores_unicode_normal_form(text):
    assert fold_form(unicodedata.normalize("NFD", text)) == fold_form(text)
    assert fold_form(unicodedata.normalize("NFC", text)) == fold_form(text)


@given(vietnamese)
def test_fold_form_ignores_case(text):
    assert fold_form(text.upper()) == fold_form(text.lower()) == fold_form(text.title())


@given(vietnamese)
def test_fold_form_ignores_spacing_and_punctuation_between_words(text):
    words = text.split(" ")
    assert fold_form(" ,\u00a0".join(words) + ".") == fold_form(text)
    assert fold_form("  " + "-".join(words)) == fold_form(text)


@given(vietnamese, st.data())
def test_fold_form_never_forgives_a_missing_diacritic(text, data):
    decomposed = unicodedata.normalize("NFD", text)
    places = [i for i, c in enumerate(decomposed) if unicodedata.combining(c) or c in "đĐ"]
    if not places:
        return
    at = data.draw(st.sampled_from(places))
    if decomposed[at] in "đĐ":
        stripped = decomposed[:at] + {"đ": "d", "Đ": "D"}[decomposed[at]] + decomposed[at + 1 :]
    else:
        stripped = decomposed[:at] + decomposed[at + 1 :]
    assert fold_form(stripped) != fold_form(text)
    assert fold_search(stripped) == fold_search(text)


@given(vietnamese)
def test_fold_search_is_coarser_than_fold_form_for_words(text):
    variant = normalize_tone_placement(unicodedata.normalize("NFD", text.swapcase()))
    assert fold_form(variant) == fold_form(text)
    assert fold_search(variant) == fold_search(text)
    assert all(not unicodedata.combining(c) for c in fold_search(text))
    assert "đ" not in fold_search(text)


@given(st.one_of(punctuated, any_text))
def test_clean_text_is_idempotent_and_leaves_no_double_or_outer_space(text):
    cleaned = clean_text(text)
    assert clean_text(cleaned) == cleaned
    assert cleaned == cleaned.strip() and "  " not in cleaned
    assert unicodedata.is_normalized("NFC", cleaned)
