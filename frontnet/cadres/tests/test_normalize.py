"""The normalisers: explicit cases from the issue, then properties over generated variants."""

import re
import unicodedata

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from frontnet.cadres.normalize import (
    Link,
    LinkError,
    Phone,
    PhoneError,
    format_phone_national,
    normalize_link,
    normalize_phone,
)

# Letters only Vietnamese uses: an error message without any of them was not written for users.
VIETNAMESE = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.I)


def assert_vietnamese(error: Exception) -> None:
    assert VIETNAMESE.search(str(error)), str(error)


# --- Phones: examples ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        "0912 345 678",
        "+84912345678",
        "84-912-345-678",
        "912345678",
        912345678,
        912345678.0,
        "912345678.0",
        "'0912345678",
        "0084 912 345 678",
        "(+84) 912.345.678",
        "\u00a00912\u00a0345\u00a0678\u200b",
        "０９１２３４５６７８",
    ],
)
def test_phone_variants_are_one_mobile(raw):
    assert normalize_phone(raw) == Phone(e164="+84912345678", kind="mobile")


def test_landline_with_province_area_code_is_accepted_as_landline():
    assert normalize_phone("0238 3844 123") == Phone(e164="+842383844123", kind="landline")


def test_landline_that_lost_its_zero_in_excel_is_the_same_landline():
    assert normalize_phone(2383844123) == normalize_phone("0238 3844 123")


def test_mobile_with_pre_2018_prefix_is_renumbered():
    assert normalize_phone("0166 234 5678").e164 == "+84362345678"
    assert normalize_phone("84 1662345678").e164 == "+84362345678"


def test_dots_before_trailing_zeros_are_separators_not_decimals():
    assert normalize_phone("03200000.00").e164 == "+84320000000"
    assert normalize_phone("3200000.00").e164 == "+84320000000"


def test_premium_number_is_other():
    assert normalize_phone("1900 1234").kind == "other"


@pytest.mark.parametrize(
    "raw",
    ["abc", "123", "09123", "", "   ", "0912345678x12", "0912345678 / 0987654321", True, 1.5],
)
def test_garbage_phone_is_refused_in_vietnamese(raw):
    with pytest.raises(PhoneError) as caught:
        normalize_phone(raw)
    assert_vietnamese(caught.value)


def test_phone_error_names_the_value():
    with pytest.raises(PhoneError, match="09123"):
        normalize_phone("09123")


def test_phone_is_shown_in_national_format():
    assert format_phone_national("+84912345678") == "0912 345 678"
    assert format_phone_national("+842383844123") == "0238 3844 123"
    assert format_phone_national("") == ""
    assert format_phone_national("không rõ") == "không rõ"


# --- Phones: properties ----------------------------------------------------------------------

# Current mobile prefixes (after 0), one per network block.
MOBILE_PREFIXES = ["32", "39", "56", "70", "79", "81", "86", "88", "90", "91", "94", "96", "98"]
SEPARATORS = st.sampled_from(["", " ", "-", ".", "\u00a0", " - "])
PADDING = st.sampled_from(["", " ", "\u00a0", "\u200b", "\ufeff", "\t", "\n"])


@st.composite
def mobile_numbers(draw):
    prefix = draw(st.sampled_from(MOBILE_PREFIXES))
    return prefix + draw(st.text("0123456789", min_size=7, max_size=7))


@st.composite
def phone_spellings(draw, significant):
    form = draw(st.sampled_from(["0", "+84", "84", "", "0084", "(+84) ", "int", "float"]))
    if form == "int":
        return int(significant)
    if form == "float":
        return float(significant)
    digits = significant
    spelled = ""
    for i, digit in enumerate(digits):
        spelled += digit
        if i < len(digits) - 1 and draw(st.booleans()):
            spelled += draw(SEPARATORS)
    return draw(PADDING) + form + spelled + draw(PADDING)


@given(st.data(), mobile_numbers())
def test_every_spelling_of_a_mobile_gives_one_e164(data, significant):
    first = normalize_phone(data.draw(phone_spellings(significant)))
    second = normalize_phone(data.draw(phone_spellings(significant)))
    assert first == second == Phone(e164="+84" + significant, kind="mobile")


@given(mobile_numbers())
def test_phone_normalisation_is_idempotent(significant):
    phone = normalize_phone("0" + significant)
    assert normalize_phone(phone.e164) == phone
    assert normalize_phone(format_phone_national(phone.e164)) == phone


@given(st.one_of(st.text(), st.integers(), st.floats()))
def test_phone_input_never_crashes(raw):
    try:
        phone = normalize_phone(raw)
    except PhoneError as error:
        assert_vietnamese(error)
    else:
        assert phone.e164.startswith("+")
        assert phone.kind in {"mobile", "landline", "other"}


@given(st.text(st.characters(categories=["L"]), min_size=1))
def test_letters_are_never_a_phone(raw):
    with pytest.raises(PhoneError) as caught:
        normalize_phone(raw)
    assert_vietnamese(caught.value)


# --- Links: examples -------------------------------------------------------------------------

FB_ABC = "https://www.facebook.com/abc"


@pytest.mark.parametrize(
    "raw",
    [
        "facebook.com/abc",
        "m.facebook.com/abc",
        "mbasic.facebook.com/abc/",
        "https://web.facebook.com/abc",
        "touch.facebook.com/abc",
        "http://www.facebook.com/abc?mibextid=ZbWKwL",
        "fb.com/abc",
        "www.fb.com/abc",
        "fb.me/abc",
        "https://vi-vn.facebook.com/abc",
        "  https://www.facebook.com/abc/?__cn__=x&__tn__=-R&ref=bookmarks#about ",
        "\u200bfacebook.com/ABC\u00a0",
        "https:/facebook.com/abc",
        "//facebook.com/abc",
        "https://www.facebook.com/#!/abc",
        "https://www.facebook.com/abc/posts/pfbid0abc",
        "https://l.facebook.com/l.php?u=https%3A%2F%2Fm.facebook.com%2Fabc%3Fref%3Dx&h=AT0",
    ],
)
def test_facebook_variants_are_one_account(raw):
    link = normalize_link(raw)
    assert link == Link(raw, FB_ABC, "facebook", "profile_or_page", True, None)


def test_facebook_username_is_case_folded():
    given_link = normalize_link("Facebook.com/MatTranNgheAn/")
    assert (
        given_link.canonical == normalize_link("https://www.facebook.com/mattrannghean").canonical
    )
    assert given_link.canonical == "https://www.facebook.com/mattrannghean"


FB_ID = "https://www.facebook.com/profile.php?id=100012345678901"


@pytest.mark.parametrize(
    "raw",
    [
        "https://m.facebook.com/profile.php?id=100012345678901&mibextid=ZbWKwL&refid=8",
        "facebook.com/profile.php?sk=about&id=100012345678901",
        "https://www.facebook.com/people/Nguy%E1%BB%85n-V%C4%83n-A/100012345678901/",
        "facebook.com/people/Nguyễn-Văn-A/100012345678901/?paipv=0&eav=Afb",
        "facebook.com/100012345678901",
        "facebook.com/pages/Mặt-trận-xã-Hưng-Lộc/100012345678901",
        "facebook.com/Mặt-Trận-Tổ-Quốc-xã-Hưng-Lộc-100012345678901/",
        "facebook.com/p/Mặt-Trận-xã-Hưng-Lộc-100012345678901/",
    ],
)
def test_numeric_facebook_ids_have_one_form(raw):
    link = normalize_link(raw)
    assert (link.canonical, link.kind, link.verifiable) == (FB_ID, "profile_or_page", True)


def test_facebook_group_keeps_kind_group():
    link = normalize_link("https://m.facebook.com/groups/MatTranNA/permalink/123/?ref=share")
    assert (link.canonical, link.kind) == ("https://www.facebook.com/groups/mattranna", "group")


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        (
            "https://m.facebook.com/share/1AbCdEf/?mibextid=wwXIfr",
            "https://www.facebook.com/share/1AbCdEf",
        ),
        ("https://www.facebook.com/share/p/1AbC/", "https://www.facebook.com/share/p/1AbC"),
        ("fb.watch/abCD12/?fbclid=x", "https://fb.watch/abCD12"),
        (
            "facebook.com/share.php?u=https%3A%2F%2Fmattrannghean.vn&utm_source=x",
            "https://www.facebook.com/share.php?u=https%3A%2F%2Fmattrannghean.vn",
        ),
    ],
)
def test_share_links_are_kept_and_flagged_unverifiable(raw, canonical):
    link = normalize_link(raw)
    assert (link.canonical, link.platform, link.kind, link.verifiable) == (
        canonical,
        "facebook",
        "share",
        False,
    )


ZALO_PHONE = "https://zalo.me/+84912345678"


@pytest.mark.parametrize(
    "raw",
    [
        "zalo.me/0912345678",
        "https://zalo.me/0912345678",
        "zalo.me/84912345678",
        "https://zalo.me/+84912345678",
        "http://www.zalo.me/0912345678/",
    ],
)
def test_zalo_phone_links_fold_to_the_phone(raw):
    link = normalize_link(raw)
    assert link == Link(raw, ZALO_PHONE, "zalo", "personal", True, "+84912345678")
    assert link.phone_e164 == normalize_phone("0912 345 678").e164


def test_bare_phone_is_a_zalo_account_only_when_zalo_is_expected():
    for raw in ["0912 345 678", 912345678.0]:
        link = normalize_link(raw, default_platform="zalo")
        assert (link.canonical, link.kind, link.phone_e164) == (
            ZALO_PHONE,
            "personal",
            "+84912345678",
        )
    with pytest.raises(LinkError) as caught:
        normalize_link("0912 345 678")
    assert_vietnamese(caught.value)


@pytest.mark.parametrize(
    "raw", ["zalo.me/0123456789", "https://zalo.me/84123456789", "zalo.me/+8412345"]
)
def test_zalo_link_with_a_mistyped_phone_is_refused_not_read_as_an_official_account(raw):
    with pytest.raises(LinkError) as caught:
        normalize_link(raw)
    assert_vietnamese(caught.value)
    assert raw in str(caught.value) and "số điện thoại" in str(caught.value)


def test_zalo_numeric_id_that_is_no_phone_stays_an_official_account():
    link = normalize_link("zalo.me/123456789012")
    assert (link.canonical, link.kind) == ("https://zalo.me/123456789012", "official_account")


def test_zalo_group_code_keeps_its_case():
    link = normalize_link("zalo.me/g/AbCdEf123?utm_source=zalo")
    assert (link.canonical, link.kind) == ("https://zalo.me/g/AbCdEf123", "group")


@pytest.mark.parametrize(
    "raw", ["oa.zalo.me/4318202617264351234", "https://zalo.me/4318202617264351234/"]
)
def test_zalo_official_account(raw):
    link = normalize_link(raw)
    assert (link.canonical, link.kind, link.phone_e164) == (
        "https://zalo.me/4318202617264351234",
        "official_account",
        None,
    )


@pytest.mark.parametrize(
    ("raw", "platform", "kind", "canonical"),
    [
        (
            "tiktok.com/@MatTran.NA?lang=vi&_t=8",
            "tiktok",
            "channel",
            "https://www.tiktok.com/@mattran.na",
        ),
        (
            "https://m.tiktok.com/@mattran.na/video/123",
            "tiktok",
            "channel",
            "https://www.tiktok.com/@mattran.na",
        ),
        (
            "youtube.com/@MatTranNA/videos?si=x",
            "youtube",
            "channel",
            "https://www.youtube.com/@mattranna",
        ),
        (
            "https://m.youtube.com/channel/UCabcDEF/featured",
            "youtube",
            "channel",
            "https://www.youtube.com/channel/UCabcDEF",
        ),
        (
            "HTTPS://WWW.MatTranNgheAn.VN:443/Tin-Tuc/?utm_source=fb&p=2#top",
            "website",
            "website",
            "https://mattrannghean.vn/Tin-Tuc?p=2",
        ),
        ("http://mattrannghean.vn:8080/", "website", "website", "http://mattrannghean.vn:8080"),
    ],
)
def test_other_platforms(raw, platform, kind, canonical):
    link = normalize_link(raw)
    assert (link.platform, link.kind, link.canonical) == (platform, kind, canonical)


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "   ",
        "\u200b",
        "abc",
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "mailto:mttq@nghean.vn",
        "data:text/html,<b>x</b>",
        "<a href='https://facebook.com/abc'>abc</a>",
        "😀",
        "👍 facebook",
        "không có",
        "facebook.com",
        "https://www.facebook.com/",
        "facebook.com/profile.php",
        "facebook.com/Mặt trận",
        "facebook.com/Mặt-trận",
        "zalo.me",
        "https://user:pass@facebook.com/abc",
        "https://facebook.com:99999/abc",
        "http://[::1]/",
    ],
)
def test_garbage_link_is_refused_in_vietnamese(raw):
    with pytest.raises(LinkError) as caught:
        normalize_link(raw)
    assert_vietnamese(caught.value)


# --- Links: properties -----------------------------------------------------------------------

TRACKING = [
    "mibextid",
    "__cn__",
    "__tn__",
    "ref",
    "fref",
    "rdid",
    "share_url",
    "hc_ref",
    "sk",
    "refid",
    "paipv",
    "eav",
    "fbclid",
    "utm_source",
    "utm_medium",
    "utm_campaign",
    "_rdr",
    "notif_id",
    "notif_t",
    "rdc",
    "locale",
]
FACEBOOK_HOSTS = [
    "facebook.com",
    "www.facebook.com",
    "m.facebook.com",
    "mbasic.facebook.com",
    "web.facebook.com",
    "touch.facebook.com",
    "fb.com",
    "www.fb.com",
    "fb.me",
]
SCHEMES = st.sampled_from(["", "https://", "http://", "HTTPS://", "//", "https:/"])
USERNAMES = st.from_regex(r"[a-z][a-z0-9.]{4,30}[a-z0-9]", fullmatch=True)
ACCOUNT_IDS = st.from_regex(r"[1-9][0-9]{8,15}", fullmatch=True)
# Vietnamese words with tone marks, whose NFD and NFC forms differ.
WORDS = st.sampled_from(
    ["mặt", "trận", "tổ", "quốc", "nghệ", "an", "hưng", "lộc", "thủy", "hoà", "đoàn", "kết"]
)


def random_case(draw, text: str) -> str:
    return "".join(c.upper() if draw(st.booleans()) else c for c in text)


@st.composite
def tracking_query(draw, keep: list[tuple[str, str]] = ()):
    names = draw(st.lists(st.sampled_from(TRACKING), unique=True, max_size=4))
    values = st.text("abcXYZ019-_", max_size=8)
    pairs = [(name, draw(values)) for name in names] + list(keep)
    pairs = draw(st.permutations(pairs))
    if not pairs:
        return ""
    return "?" + "&".join(f"{k}={v}" for k, v in pairs)


@st.composite
def dressed(draw, host: str, path: str, keep: list[tuple[str, str]] = ()):
    """The same link as people paste it: any scheme, host case, slash, trackers, fragment."""
    slash = draw(st.sampled_from(["", "/"]))
    fragment = draw(st.sampled_from(["", "#", "#about"]))
    url = (
        draw(SCHEMES)
        + random_case(draw, host)
        + path
        + slash
        + draw(tracking_query(keep))
        + fragment
    )
    return draw(PADDING) + url + draw(PADDING)


@given(st.data(), USERNAMES)
def test_facebook_username_variants_normalise_together(data, username):
    host = st.sampled_from(FACEBOOK_HOSTS)
    first = data.draw(dressed(data.draw(host), "/" + random_case(data.draw, username)))
    second = data.draw(dressed(data.draw(host), "/" + username))
    expected = f"https://www.facebook.com/{username}"
    assert normalize_link(first).canonical == normalize_link(second).canonical == expected


@given(st.data(), ACCOUNT_IDS, st.lists(WORDS, min_size=1, max_size=4))
def test_facebook_numeric_id_variants_normalise_together(data, account_id, words):
    name = "-".join(w.capitalize() for w in words)
    path, keep = data.draw(
        st.sampled_from(
            [
                ("/profile.php", [("id", account_id)]),
                (f"/people/{name}/{account_id}", []),
                (f"/{account_id}", []),
                (f"/pages/{name}/{account_id}", []),
                (f"/{name}-{account_id}", []),
            ]
        )
    )
    raw = data.draw(dressed(data.draw(st.sampled_from(FACEBOOK_HOSTS)), path, keep))
    link = normalize_link(raw)
    assert link.canonical == f"https://www.facebook.com/profile.php?id={account_id}"
    assert link.kind == "profile_or_page"


@given(st.data(), mobile_numbers())
def test_zalo_phone_link_variants_normalise_together(data, significant):
    spelled = data.draw(st.sampled_from(["0", "84", "+84"])) + significant
    host = data.draw(st.sampled_from(["zalo.me", "www.zalo.me"]))
    link = normalize_link(data.draw(dressed(host, "/" + spelled)))
    bare = normalize_link(data.draw(phone_spellings(significant)), default_platform="zalo")
    assert link.canonical == bare.canonical == f"https://zalo.me/+84{significant}"
    assert link.phone_e164 == normalize_phone("0" + significant).e164


@st.composite
def any_link(draw):
    """Links across every rule, accepted or not: the properties below hold for the accepted."""
    username = draw(USERNAMES)
    account_id = draw(ACCOUNT_IDS)
    words = draw(st.lists(WORDS, min_size=1, max_size=3))
    slug = "-".join(words)
    code = draw(st.from_regex(r"[A-Za-z0-9]{6,12}", fullmatch=True))
    host, path, keep = draw(
        st.sampled_from(
            [
                (draw(st.sampled_from(FACEBOOK_HOSTS)), f"/{username}", []),
                ("facebook.com", "/profile.php", [("id", account_id)]),
                ("m.facebook.com", f"/groups/{slug}", []),
                ("m.facebook.com", f"/share/{code}", []),
                ("fb.watch", f"/{code}", []),
                ("zalo.me", f"/g/{code}", []),
                ("oa.zalo.me", f"/{account_id}{account_id}", []),
                ("tiktok.com", f"/@{username}", []),
                ("vt.tiktok.com", f"/{code}", []),
                ("youtube.com", f"/@{slug}", []),
                ("youtube.com", f"/channel/UC{code}", []),
                ("youtu.be", f"/{code}", []),
                ("youtube.com", "/watch", [("v", code)]),
                (f"www.{username}.vn", f"/{slug}/{code}", [("p", code), ("q", slug)]),
                (f"{words[0]}.vn", f"/{slug}", []),
            ]
        )
    )
    return draw(dressed(host, path, keep))


@given(any_link())
@example("HTTP://WWW.MatTranNgheAn.VN:80/tin-tức/?utm_source=x&p=2#top")
@example("https://l.facebook.com/l.php?u=https%3A%2F%2Ffb.watch%2FabC%2F")
@example("oa.zalo.me/0912345678")
def test_link_normalisation_is_idempotent(raw):
    try:
        link = normalize_link(raw)
    except LinkError:
        assume(False)
    again = normalize_link(link.canonical)
    assert again.canonical == link.canonical
    assert (again.platform, again.kind, again.verifiable, again.phone_e164) == (
        link.platform,
        link.kind,
        link.verifiable,
        link.phone_e164,
    )


@given(any_link())
def test_links_ignore_unicode_normal_form(raw):
    try:
        nfc = normalize_link(unicodedata.normalize("NFC", raw))
    except LinkError:
        with pytest.raises(LinkError):
            normalize_link(unicodedata.normalize("NFD", raw))
        return
    assert normalize_link(unicodedata.normalize("NFD", raw)).canonical == nfc.canonical


@given(st.data(), any_link())
def test_links_ignore_case_of_host(data, raw):
    parts = raw.strip().split("/")
    host_index = next(i for i, part in enumerate(parts) if "." in part)
    changed = list(parts)
    changed[host_index] = random_case(data.draw, parts[host_index])
    try:
        link = normalize_link(raw)
    except LinkError:
        assume(False)
    assert normalize_link("/".join(changed)).canonical == link.canonical


@given(st.one_of(st.text(), st.from_regex(r"https?://[^\s]{0,30}", fullmatch=True)))
@example("<script>alert(1)</script>")
@example("😀😀😀")
@example("https://😀.facebook.com/")
@example("\x00")
def test_link_input_never_crashes(raw):
    try:
        link = normalize_link(raw)
    except LinkError as error:
        assert_vietnamese(error)
    else:
        assert link.canonical.startswith(("https://", "http://"))
        assert link.platform in {"facebook", "zalo", "tiktok", "youtube", "website"}
