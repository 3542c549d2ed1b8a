"""The fast path for common mobile spellings must give exactly what phonenumbers gives."""

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from frontnet.cadres.normalize import (
    _COMMON_MOBILE,
    Phone,
    PhoneError,
    _common_mobile,
    _normalize_phone_text,
    _phone_text,
    normalize_phone,
)


def full_rules(text: str) -> Phone | None:
    """What phonenumbers makes of the text; None when it refuses it."""
    try:
        return _normalize_phone_text(text)
    except PhoneError:
        return None


def assert_agrees(text: str) -> None:
    fast = _common_mobile(text)
    if fast is not None:
        assert fast == full_rules(text), text


@st.composite
def common_spellings(draw):
    """Texts shaped like the fast path's input, many of them accepted by it: a prefix, about
    nine digits (mobile prefixes and any others: valid, invalid and other kinds of number),
    separators where it allows them and where it does not."""
    prefix = draw(st.sampled_from(["", "0", "84", "+84", "+84 ", "0 ", "84-", "00", "+8", "8"]))
    start = draw(st.sampled_from(["3", "5", "7", "8", "9", "2", "1", "6", "0", "4"]))
    length = draw(st.sampled_from([7, 8, 8, 8, 8, 9, 10]))
    digits = start + draw(st.text("0123456789", min_size=length, max_size=length))
    spelled = ""
    for i, digit in enumerate(digits):
        spelled += digit
        if i < len(digits) - 1 and draw(st.integers(0, 3)) == 0:
            spelled += draw(st.sampled_from([" ", ".", "-", " ", ".", "-", "  ", " - ", "/", "("]))
    return prefix + spelled


@settings(max_examples=3000)
@given(common_spellings())
@example("841234567")  # 84 is here the start of a nine-digit number, not the country code
@example("84841234567")
@example("0841234567")
@example("+84 841234567")
@example("0912.345.678")
@example("0.912345678")
@example("912345678")
@example("0672345678")  # VoIP, not mobile
@example("0199345678")
def test_fast_path_agrees_with_phonenumbers_on_common_spellings(text):
    assert_agrees(text)


@settings(max_examples=3000)
@given(st.from_regex(_COMMON_MOBILE, fullmatch=True))
def test_fast_path_agrees_with_phonenumbers_on_every_shape_it_reads(text):
    assert_agrees(text)


@settings(max_examples=2000)
@given(st.text("0123456789 +-.()/", max_size=20))
def test_fast_path_agrees_with_phonenumbers_on_any_phone_characters(text):
    assert_agrees(text)


@given(st.text(max_size=20))
def test_fast_path_agrees_with_phonenumbers_on_any_text(text):
    assert_agrees(_phone_text(text))


@pytest.mark.parametrize(
    "raw",
    ["0912345678", "0912 345 678", "0912.345.678", "0912-345-678", "+84912345678",
     "+84 912 345 678", "84912345678", "912345678", 912345678, 912345678.0, "'0912345678",
     "0332 123 456", "0868-123-456", "0706123456", "0592123456"],
)  # fmt: skip
def test_common_mobile_spellings_take_the_fast_path(raw):
    fast = _common_mobile(_phone_text(raw))
    assert fast is not None
    assert fast == full_rules(_phone_text(raw)) == normalize_phone(raw)


@pytest.mark.parametrize(
    "raw",
    ["0238 3844 123", "0166 234 5678", "1900 1234", "(+84) 912.345.678", "0084 912 345 678",
     "0672345678", "٠٩١٢٣٤٥٦٧٨", "912345678.0"],
)  # fmt: skip
def test_other_spellings_are_left_to_phonenumbers(raw):
    assert _common_mobile(_phone_text(raw)) is None
