"""Phone numbers and social-network links brought to one canonical form.

Pure functions, no database and no Django: the web forms and the workbook import call the same
code, so a link typed by hand and the same link pasted into Excel can never disagree.

A canonical form is a key. Two inputs that mean the same account give the same string, and
normalising a canonical form again gives it back unchanged. A refusal keeps its message as a
catalogue msgid (the Vietnamese text, marked with `gettext_noop`) and the values it quotes, so
the form or the import shows it in the reader's language (`str()` renders it in the active
language; an import keeps the id and the values). Messages carry no example, since the same
link can be wrong in a Facebook or a Zalo field: the field adds its own (cadres/fields.py).
"""

import math
import re
import unicodedata
from dataclasses import dataclass, replace
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit

import phonenumbers
from phonenumbers import PhoneNumberType

from frontnet.core.msgids import render

REGION = "VN"

# Pasted from Zalo, Word or a web page, these are invisible but break parsing.
_INVISIBLE = re.compile(r"[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")


def _clean(text: str) -> str:
    return unicodedata.normalize("NFC", _INVISIBLE.sub("", text)).strip()


def _quote_input(text: str, limit: int = 60) -> str:
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    return f"«{text}»"


# --- Phones ----------------------------------------------------------------------------------


def gettext_noop(text: str) -> str:
    """Marks a catalogue msgid (makemessages reads this name) without importing Django."""
    return text


class Refusal(ValueError):
    """A refusal kept as its msgid and the values it quotes (`params`); `str()` is the
    message in the active language when Django is set up, else the Vietnamese text."""

    def __init__(self, msgid: str, **params):
        super().__init__(msgid)
        self.msgid, self.params = msgid, params

    def __str__(self) -> str:
        return render(self.msgid, self.params)


class PhoneError(Refusal):
    """A value that is not a phone number; the message names the value."""


NO_PHONE = gettext_noop("Chưa nhập số điện thoại.")
NOT_A_PHONE = gettext_noop("%(value)s không phải là số điện thoại.")
NO_LINK = gettext_noop("Chưa nhập liên kết.")


@dataclass(frozen=True)
class Phone:
    e164: str
    kind: str  # "mobile" | "landline" | "other"


_PHONE_CHARS = re.compile(r"[0-9+\-.()/\s]+")
# Excel stores a number typed without a leading apostrophe as a float: 912345678.0.
_FLOAT_TEXT = re.compile(r"([1-9]\d*)\.0+")

# Mobile prefixes renumbered in 2018 (11 digits to 10). Data collected before then, and cadres who
# never updated their forms, still carry the old ones; the old form is unambiguous because no
# current Vietnamese number has 10 significant digits starting with 1 outside 1800/1900 numbers.
_OLD_MOBILE_PREFIXES = {
    "120": "70",
    "121": "79",
    "122": "77",
    "126": "76",
    "128": "78",
    "123": "83",
    "124": "84",
    "125": "85",
    "127": "81",
    "129": "82",
    "162": "32",
    "163": "33",
    "164": "34",
    "165": "35",
    "166": "36",
    "167": "37",
    "168": "38",
    "169": "39",
    "186": "56",
    "188": "58",
    "199": "59",
}

_KINDS = {
    PhoneNumberType.MOBILE: "mobile",
    PhoneNumberType.FIXED_LINE: "landline",
}


def _phone_text(raw: str | int | float) -> str:
    if isinstance(raw, bool):
        raise PhoneError(gettext_noop("Giá trị đúng/sai không phải là số điện thoại."))
    if isinstance(raw, float):
        if not math.isfinite(raw) or raw < 0 or not raw.is_integer():
            raise PhoneError(NOT_A_PHONE, value=_quote_input(str(raw)))
        return str(int(raw))
    if isinstance(raw, int):
        if raw < 0:
            raise PhoneError(NOT_A_PHONE, value=_quote_input(str(raw)))
        return str(raw)
    if not isinstance(raw, str):
        raise PhoneError(NO_PHONE)
    # NFKC turns full-width digits from some Vietnamese input methods into ASCII ones.
    text = unicodedata.normalize("NFKC", _clean(raw))
    # A leading apostrophe is how Excel users force a cell to text so the zero survives.
    return text.removeprefix("'").strip()


# The significant digits of a current Vietnamese mobile number, as phonenumbers' own metadata
# describes them (so the fast path below follows its updates).
_VN_MOBILE = re.compile(
    phonenumbers.PhoneMetadata.metadata_for_region(REGION).mobile.national_number_pattern
)
# How most cells hold one: 0, +84, 84 or nothing, then the nine significant digits, with at
# most one space, dot or hyphen between digits.
_COMMON_MOBILE = re.compile(r"(?:(?:\+84|84|0)[ .\-]?)?([35789](?:[ .\-]?[0-9]){8})")
_SEPARATORS = str.maketrans("", "", " .-")


def normalize_phone(raw: str | int | float) -> Phone:
    """Parse a phone as typed or as read from a spreadsheet cell; E.164 out, PhoneError if not."""
    text = _phone_text(raw)
    return _common_mobile(text) or _normalize_phone_text(text)


def _common_mobile(text: str) -> Phone | None:
    """The common spellings of a mobile number, read without phonenumbers (an import reads
    tens of thousands). None for anything else, which phonenumbers then reads. For every
    text this accepts it gives what phonenumbers gives: test_normalize_fast_path.py
    compares the two on generated spellings."""
    match = _COMMON_MOBILE.fullmatch(text)
    if match is None:
        return None
    significant = match.group(1).translate(_SEPARATORS)
    if not _VN_MOBILE.fullmatch(significant):
        return None
    return Phone(e164="+84" + significant, kind="mobile")


def _normalize_phone_text(text: str) -> Phone:
    """The full rules, through phonenumbers, for a phone's text as `_phone_text` gives it."""
    if not text:
        raise PhoneError(NO_PHONE)
    if not _PHONE_CHARS.fullmatch(text) or not any(c.isdigit() for c in text):
        raise PhoneError(
            gettext_noop(
                "%(value)s không phải là số điện thoại: chỉ được có chữ số, "
                "dấu cách, dấu chấm, gạch ngang, ngoặc và dấu +."
            ),
            value=_quote_input(text),
        )
    number = _parse_vn(text)
    if number is None and (match := _FLOAT_TEXT.fullmatch(text)):
        # Only as a fallback: "3200000.00" may be 320 000 000 spelled with a dot.
        number = _parse_vn(match.group(1))
    if number is None:
        raise PhoneError(INVALID_PHONE, value=_quote_input(text))
    return Phone(
        e164=phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164),
        kind=_KINDS.get(phonenumbers.number_type(number), "other"),
    )


def _parse_vn(text: str) -> phonenumbers.PhoneNumber | None:
    try:
        number = phonenumbers.parse(text, REGION)
    except phonenumbers.NumberParseException:
        return None
    if number.country_code == 84 and not phonenumbers.is_valid_number(number):
        national = str(number.national_number)
        new_prefix = _OLD_MOBILE_PREFIXES.get(national[:3])
        if len(national) == 10 and new_prefix:
            number = phonenumbers.parse("0" + new_prefix + national[3:], REGION)
    return number if phonenumbers.is_valid_number(number) else None


INVALID_PHONE = gettext_noop(
    "%(value)s không phải là số điện thoại hợp lệ (di động: 10 chữ số; máy bàn: có mã vùng)."
)


def format_phone_national(e164: str) -> str:
    """For display: "0912 345 678" for Vietnamese numbers, "+1 650-253-0000" for others.

    Anything that does not parse is returned unchanged, so a bad stored value still shows.
    """
    if not e164:
        return ""
    try:
        number = phonenumbers.parse(e164, REGION)
    except phonenumbers.NumberParseException:
        return e164
    style = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if number.country_code == 84
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return phonenumbers.format_number(number, style)


# --- Links -----------------------------------------------------------------------------------


class LinkError(Refusal):
    """A value that is not a usable link; the message names the value."""


@dataclass(frozen=True)
class Link:
    original: str
    canonical: str
    platform: str | None  # "facebook" | "zalo" | "tiktok" | "youtube" | "website"
    # "profile_or_page" | "group" | "personal" | "official_account" | "channel" | "share"
    # | "other" | "website"
    kind: str
    verifiable: bool  # False: the link alone does not say which account it is
    phone_e164: str | None = None


FACEBOOK = "https://www.facebook.com"
ZALO = "https://zalo.me"

_SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):", re.IGNORECASE)
_LOOSE_HTTP = re.compile(r"(https?):/*", re.IGNORECASE)
_LABEL = r"(?!-)[a-z0-9-]{1,63}(?<!-)"
_HOST = re.compile(rf"(?:{_LABEL}\.)+(?:[a-z]{{2,63}}|xn--[a-z0-9-]{{1,59}})")
_NOT_IN_URL = re.compile(r"[\s<>\"{}|\\^`]")

_FACEBOOK_HOSTS = re.compile(
    r"(?:(?:www|m|mbasic|web|touch|mobile|free|iphone|d|[a-z]{2}-[a-z]{2})\.)?facebook\.com"
    r"|(?:www\.|m\.)?fb\.com|fb\.me"
)
_FACEBOOK_SHIMS = {"l.facebook.com", "lm.facebook.com"}
_FACEBOOK_SHARE_HOSTS = {"fb.watch", "www.fb.watch"}
# First path segments that are Facebook features, not usernames.
_FACEBOOK_RESERVED = {
    "business",
    "dialog",
    "events",
    "friends",
    "gaming",
    "hashtag",
    "help",
    "home.php",
    "l.php",
    "login",
    "login.php",
    "marketplace",
    "media",
    "messages",
    "notes",
    "notifications",
    "permalink.php",
    "photo",
    "photo.php",
    "photos",
    "plugins",
    "policies",
    "privacy",
    "reel",
    "reels",
    "search",
    "settings",
    "stories",
    "story.php",
    "video.php",
    "watch",
}
_FACEBOOK_SHARE = {"share", "share.php", "sharer", "sharer.php"}
# Query parameters that name the thing the page shows; every other one is tracking or view state.
_FACEBOOK_QUERY = {"id", "story_fbid", "fbid", "set", "v", "u", "href"}
_FACEBOOK_USERNAME = re.compile(r"[a-z0-9._-]{1,100}")
# Pages without a username were shown as /Name-123456789/ or /p/Name-123456789/.
_TRAILING_ID = re.compile(r".*-(\d{6,})")

_TIKTOK_HOSTS = {"tiktok.com", "www.tiktok.com", "m.tiktok.com"}
_TIKTOK_SHARE_HOSTS = {"vm.tiktok.com", "vt.tiktok.com"}
_YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com", "music.youtube.com"}
_YOUTUBE_SHARE_HOSTS = {"youtu.be", "www.youtu.be"}

# Pure trackers, dropped from any website; a site's own parameters (?s=, ?id=, ?p=) stay.
_TRACKERS = {
    "fbclid",
    "gclid",
    "dclid",
    "msclkid",
    "yclid",
    "igshid",
    "igsh",
    "mibextid",
    "zarsrc",
    "_ga",
    "mc_cid",
    "mc_eid",
}

_SEGMENT_SAFE = "!$&'()*+,;=:@-._~"


def normalize_link(raw: str, *, default_platform: str | None = None) -> Link:
    """Bring a link to its canonical form and say which platform and kind of account it is.

    default_platform="zalo" lets a bare phone number stand for the Zalo account on that phone.
    """
    original = raw if isinstance(raw, str) else _numeric_cell(raw)
    text = _clean(original)
    if not text:
        raise LinkError(NO_LINK)
    if _PHONE_CHARS.fullmatch(text):
        if default_platform == "zalo":
            try:
                phone = normalize_phone(text)
            except PhoneError as exc:
                raise LinkError(exc.msgid, **exc.params) from exc
            return zalo_personal_link(original, phone)
        raise LinkError(
            gettext_noop(
                "%(value)s không phải là liên kết. Nếu đây là số điện thoại, hãy nhập vào "
                "ô số điện thoại, hoặc chọn nền tảng Zalo."
            ),
            value=_quote_input(text),
        )
    return _normalize_url(original, text, depth=0)


def _numeric_cell(raw: object) -> str:
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        try:
            return _phone_text(raw)
        except PhoneError as exc:
            raise LinkError(exc.msgid, **exc.params) from exc
    raise LinkError(NO_LINK)


def _normalize_url(original: str, text: str, *, depth: int) -> Link:
    shown = text
    if _NOT_IN_URL.search(text):
        raise LinkError(
            gettext_noop(
                "%(value)s không phải là một liên kết: liên kết không có dấu cách "
                'và không có các ký tự < > " { } | \\ ^ `.'
            ),
            value=_quote_input(shown),
        )
    if text.startswith("//"):
        text = "https:" + text
    elif loose := _LOOSE_HTTP.match(text):
        text = f"{loose.group(1).lower()}://{text[loose.end() :]}"
    elif (scheme := _SCHEME.match(text)) and not text[scheme.end() :][:1].isdigit():
        # "facebook.com:443/x" has a port, not a scheme; "javascript:", "mailto:" are refused.
        raise LinkError(
            gettext_noop("Liên kết phải bắt đầu bằng http:// hoặc https://, không nhận %(value)s."),
            value=_quote_input(scheme.group(0)),
        )
    else:
        text = "https://" + text

    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as exc:
        raise LinkError(
            gettext_noop("%(value)s không phải là một liên kết hợp lệ."), value=_quote_input(shown)
        ) from exc
    if "@" in parts.netloc:
        raise LinkError(
            gettext_noop("%(value)s có tên đăng nhập trong địa chỉ; hãy nhập liên kết đến trang."),
            value=_quote_input(shown),
        )
    host = _host(parts.hostname or "", shown)
    scheme = parts.scheme.lower()
    segments = [_segment(s) for s in parts.path.split("/") if s]
    query = [
        (unicodedata.normalize("NFC", k), unicodedata.normalize("NFC", v))
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
    ]

    if host in _FACEBOOK_SHIMS and depth == 0:
        target = dict(query).get("u")
        if target:
            return replace(_normalize_url(original, _clean(target), depth=1), original=original)
    if _FACEBOOK_HOSTS.fullmatch(host):
        if not segments and parts.fragment.startswith("!/"):
            # Old "facebook.com/#!/username" links from before 2012 still circulate.
            segments = [_segment(s) for s in parts.fragment[2:].split("/") if s]
        return _facebook(original, segments, query)
    if host in _FACEBOOK_SHARE_HOSTS:
        return Link(original, _url("https://fb.watch", segments), "facebook", "share", False)
    if host.endswith(".facebook.com") or host in _FACEBOOK_SHIMS:
        canonical = _url(f"https://{host}", segments, _keep(query, _FACEBOOK_QUERY))
        return Link(original, canonical, "facebook", "other", False)
    if host in ("zalo.me", "www.zalo.me", "oa.zalo.me"):
        return _zalo(original, host, segments)
    if host.endswith(".zalo.me"):
        return Link(original, _url(f"https://{host}", segments), "zalo", "other", False)
    if host in _TIKTOK_HOSTS | _TIKTOK_SHARE_HOSTS:
        return _tiktok(original, host, segments)
    if host in _YOUTUBE_HOSTS | _YOUTUBE_SHARE_HOSTS:
        return _youtube(original, host, segments, query)

    netloc = host.removeprefix("www.") if host.count(".") > 1 else host
    if port is not None and port != {"http": 80, "https": 443}[scheme]:
        netloc += f":{port}"
    kept = [(k, v) for k, v in query if k.lower() not in _TRACKERS and not _utm(k)]
    return Link(original, _url(f"{scheme}://{netloc}", segments, kept), "website", "website", True)


def _host(hostname: str, text: str) -> str:
    host = unicodedata.normalize("NFC", hostname).lower().rstrip(".")
    try:
        host = host.encode("idna").decode("ascii") if not host.isascii() else host
    except UnicodeError:
        host = ""
    if not _HOST.fullmatch(host):
        raise LinkError(
            gettext_noop("%(value)s không phải là một liên kết: thiếu tên miền."),
            value=_quote_input(text),
        )
    return host


def _segment(raw: str) -> str:
    return unicodedata.normalize("NFC", unquote(raw))


def _utm(key: str) -> bool:
    return key.lower().startswith("utm_")


def _keep(query: list[tuple[str, str]], names: set[str]) -> list[tuple[str, str]]:
    return [(k, v) for k, v in query if k in names]


def _url(base: str, segments: list[str], query: list[tuple[str, str]] | None = None) -> str:
    url = base + "".join("/" + quote(s, safe=_SEGMENT_SAFE) for s in segments)
    if query:
        url += "?" + urlencode(sorted(query), quote_via=quote, safe="")
    return url


def _facebook(original: str, segments: list[str], query: list[tuple[str, str]]) -> Link:
    if not segments:
        raise LinkError(gettext_noop("Liên kết chỉ là trang chủ Facebook, thiếu tên tài khoản."))
    first = segments[0].casefold()
    rest = segments[1:]

    def numeric(account_id: str) -> Link:
        canonical = f"{FACEBOOK}/profile.php?id={account_id.lstrip('0') or '0'}"
        return Link(original, canonical, "facebook", "profile_or_page", True)

    def account(username: str) -> Link:
        return Link(original, _url(FACEBOOK, [username]), "facebook", "profile_or_page", True)

    if first == "profile.php":
        account_id = dict(query).get("id", "").strip()
        if not account_id.isdigit() or not account_id.isascii():
            raise LinkError(
                gettext_noop(
                    "%(value)s: liên kết profile.php phải có mã số tài khoản (profile.php?id=…)."
                ),
                value=_quote_input(original),
            )
        return numeric(account_id)
    if first.isdigit() and first.isascii():
        return numeric(first)
    if first == "people" and len(rest) >= 2 and rest[1].isdigit() and rest[1].isascii():
        return numeric(rest[1])
    if first == "pages":
        for segment in reversed(rest):
            if segment.isdigit() and segment.isascii():
                return numeric(segment)
            if match := _TRAILING_ID.fullmatch(segment):
                return numeric(match.group(1))
    if first == "p" and rest and (match := _TRAILING_ID.fullmatch(rest[0])):
        return numeric(match.group(1))
    if first in ("groups", "group") and rest:
        group = rest[0].casefold()
        return Link(original, _url(FACEBOOK, ["groups", group]), "facebook", "group", True)
    if first == "pg" and rest and _FACEBOOK_USERNAME.fullmatch(rest[0].casefold()):
        return account(rest[0].casefold())
    if first in _FACEBOOK_SHARE:
        # Share codes are case-sensitive and resolve only online: kept as they are.
        canonical = _url(FACEBOOK, [first, *rest], _keep(query, _FACEBOOK_QUERY))
        return Link(original, canonical, "facebook", "share", False)
    if first in _FACEBOOK_RESERVED or first in ("pages", "p", "people", "pg", "groups"):
        canonical = _url(FACEBOOK, [first, *rest], _keep(query, _FACEBOOK_QUERY))
        return Link(original, canonical, "facebook", "other", False)
    if match := _TRAILING_ID.fullmatch(first):
        return numeric(match.group(1))
    if _FACEBOOK_USERNAME.fullmatch(first) and first.isascii():
        # A post, photo or "about" link under an account still names that account.
        return account(first)
    raise LinkError(
        gettext_noop(
            "%(value)s: %(name)s không phải là tên tài khoản "
            "Facebook (tên tài khoản chỉ có chữ không dấu, chữ số và dấu chấm)."
        ),
        value=_quote_input(original),
        name=_quote_input(segments[0]),
    )


def zalo_personal_link(original: str, phone: Phone) -> Link:
    """The link of a personal Zalo account, from the phone number it is registered with."""
    return Link(original, f"{ZALO}/{phone.e164}", "zalo", "personal", True, phone.e164)


def _zalo(original: str, host: str, segments: list[str]) -> Link:
    if not segments:
        raise LinkError(
            gettext_noop("Liên kết chỉ là trang chủ Zalo, thiếu số điện thoại hoặc mã tài khoản.")
        )
    first = segments[0]
    if host != "oa.zalo.me":
        if first == "g" and len(segments) >= 2:
            # Group invitation codes are case-sensitive: kept as typed.
            return Link(original, f"{ZALO}/g/{quote(segments[1], safe='')}", "zalo", "group", True)
        if len(segments) == 1 and _PHONE_CHARS.fullmatch(first):
            try:
                return zalo_personal_link(original, normalize_phone(first))
            except PhoneError:
                if _meant_as_phone(first):
                    raise LinkError(
                        gettext_noop(
                            "%(value)s: số điện thoại trong liên kết Zalo không hợp lệ (không"
                            " phải số Việt Nam đang dùng); hãy kiểm tra lại số."
                        ),
                        value=_quote_input(original),
                    ) from None
    if len(segments) == 1 and first.isdigit() and first.isascii():
        # Official Accounts have long numeric ids; zalo.me/<id> is the form Zalo itself shares,
        # unless the id would read as a phone there.
        base = ZALO if not _is_phone(first) else "https://oa.zalo.me"
        return Link(original, f"{base}/{first}", "zalo", "official_account", True)
    kind = "share" if first == "s" else "other"
    return Link(original, _url(f"https://{host}", segments), "zalo", kind, False)


def _meant_as_phone(text: str) -> bool:
    """A number written as a Vietnamese phone (0…, 84…, +84…, phone length): Official Account
    ids are longer and never start so, so a bad one is a mistyped phone, not an account."""
    digits = re.sub(r"\D", "", text)
    if text.lstrip().startswith("+"):
        return True
    if digits.startswith("0"):
        return 9 <= len(digits) <= 11
    return digits.startswith("84") and 10 <= len(digits) <= 12


def _is_phone(text: str) -> bool:
    try:
        normalize_phone(text)
    except PhoneError:
        return False
    return True


def _tiktok(original: str, host: str, segments: list[str]) -> Link:
    if host in _TIKTOK_SHARE_HOSTS or (segments and segments[0] == "t"):
        return Link(original, _url(f"https://{host}", segments), "tiktok", "share", False)
    if segments and segments[0].startswith("@") and len(segments[0]) > 1:
        canonical = _url("https://www.tiktok.com", [segments[0].casefold()])
        return Link(original, canonical, "tiktok", "channel", True)
    if not segments:
        raise LinkError(gettext_noop("Liên kết chỉ là trang chủ TikTok, thiếu tên tài khoản (@…)."))
    return Link(original, _url("https://www.tiktok.com", segments), "tiktok", "other", False)


def _youtube(original: str, host: str, segments: list[str], query: list[tuple[str, str]]) -> Link:
    base = "https://www.youtube.com"
    if host in _YOUTUBE_SHARE_HOSTS:
        return Link(original, _url("https://youtu.be", segments), "youtube", "other", False)
    if not segments:
        raise LinkError(gettext_noop("Liên kết chỉ là trang chủ YouTube, thiếu tên kênh (@…)."))
    first = segments[0]
    if first.startswith("@") and len(first) > 1:
        return Link(original, _url(base, [first.casefold()]), "youtube", "channel", True)
    if first == "channel" and len(segments) >= 2:
        # Channel ids (UC…) are case-sensitive.
        return Link(original, _url(base, segments[:2]), "youtube", "channel", True)
    if first.casefold() in ("c", "user") and len(segments) >= 2:
        canonical = _url(base, [first.casefold(), segments[1].casefold()])
        return Link(original, canonical, "youtube", "channel", True)
    return Link(
        original, _url(base, segments, _keep(query, {"v", "list"})), "youtube", "other", False
    )
