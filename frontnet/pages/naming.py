"""The community-page naming convention (seed 002) and the check of a registered name against
it. Pure Python, no Django: the templates live in the database (NamingRule), this module only
fills and compares them.

A verdict is one of three:
- "match": the same text once NFC and spaces are normalised;
- "form_only": the same name written another way (case, spacing, punctuation, where the tone
  mark sits: "Thái Hòa" for "Thái Hoà");
- "mismatch": anything else, including a missing or different diacritic ("Hoa" for "Hòa").
`differences` explains what to change: each difference keeps its sentence as a template and
its arguments (`text`, `args`), so a page shows it in the reader's language (the templates are
catalogue msgids, marked with `gettext_noop`); `message` is the Vietnamese sentence.
"""

import difflib
import string
import unicodedata
from dataclasses import dataclass, field
from types import MappingProxyType

from frontnet.core.vntext import clean_text, fold_form, fold_search, normalize_tone_placement

__all__ = [
    "COMMUNE_2025_TEMPLATE",
    "COMMUNE_LEGACY_TEMPLATE",
    "DEFAULT_TEMPLATES",
    "DISTRICT_TEMPLATE",
    "Difference",
    "NameCheck",
    "check_page_name",
    "expected_page_name",
    "expected_page_parts",
    "template_placeholders",
]


def gettext_noop(text: str) -> str:
    """Marks a sentence for the translation catalogue; this module stays free of Django."""
    return text


MATCH = "match"
FORM_ONLY = "form_only"
MISMATCH = "mismatch"

# Seed 002: "Mặt trận" + district + province; "Mặt trận" + commune + district + province.
# Since 1 July 2025 there is no district level, so a commune names only its province.
DISTRICT_TEMPLATE = "Mặt trận {unit} {province}"
COMMUNE_LEGACY_TEMPLATE = "Mặt trận {unit} {district} {province}"
COMMUNE_2025_TEMPLATE = "Mặt trận {unit} {province}"
# (level key, scheme) -> template; scheme "" is the rule for every scheme of the level.
DEFAULT_TEMPLATES = MappingProxyType(
    {
        ("district", ""): DISTRICT_TEMPLATE,
        ("commune", "legacy"): COMMUNE_LEGACY_TEMPLATE,
        ("commune", "2025"): COMMUNE_2025_TEMPLATE,
    }
)


def template_placeholders(template: str) -> list[str]:
    """The placeholder names of a template, in order. ValueError (Vietnamese) when the
    template is malformed or uses format specs, which a name never needs."""
    try:
        fields = list(string.Formatter().parse(template))
    except ValueError:
        raise ValueError(f"Mẫu tên trang không hợp lệ: “{template}”.") from None
    names = []
    for _, name, spec, conversion in fields:
        if name is None:
            continue
        if not name or spec or conversion or not name.isidentifier():
            raise ValueError(
                f"Mẫu tên trang có chỗ trống không hợp lệ “{{{name}}}”: chỉ dùng dạng {{tên}}."
            )
        names.append(name)
    return names


def expected_page_name(template: str, parts: dict[str, str]) -> str:
    """The template filled with each part's Front display name ("huyện Nghi Lộc"), spaces
    normalised. ValueError (Vietnamese) on a placeholder that parts does not provide."""
    names = template_placeholders(template)
    unknown = [n for n in names if n not in parts]
    if unknown:
        listed = ", ".join(f"{{{n}}}" for n in unknown)
        known = ", ".join(f"{{{n}}}" for n in sorted(parts)) or "không có"
        raise ValueError(
            f"Mẫu tên trang “{template}” có chỗ trống không biết: {listed} (dùng được: {known})."
        )
    return clean_text(template.format(**{n: clean_text(parts[n]) for n in names}))


def expected_page_parts(template: str, parts: dict[str, str]) -> list[str]:
    """The expected name in its pieces: the template's own words and each filled placeholder,
    e.g. ["Mặt trận", "huyện Nghi Lộc", "tỉnh Nghệ An"]. Pass them to check_page_name so parts
    in another order are told exactly rather than guessed."""
    expected_page_name(template, parts)  # the same errors for the same template
    pieces = []
    for literal, name, _, _ in string.Formatter().parse(template):
        pieces.append(clean_text(literal))
        if name is not None:
            pieces.append(clean_text(parts[name]))
    return [p for p in pieces if p]


@dataclass(frozen=True)
class Difference:
    """One thing to change. `code` is for machines (case, spacing, tone_placement, punctuation,
    missing_part, extra_part, wrong_part, abbreviation, order, diacritics); `text` % `args` is
    for people (`text` is a catalogue msgid, `args` the names it quotes); `written`/`wanted`
    quote the two texts when there are two."""

    code: str
    text: str
    args: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))
    written: str = ""
    wanted: str = ""

    @property
    def message(self) -> str:
        """The sentence in Vietnamese."""
        return self.text % dict(self.args)


@dataclass(frozen=True)
class NameCheck:
    verdict: str
    expected: str
    registered: str
    differences: tuple[Difference, ...] = field(default=())

    @property
    def codes(self) -> frozenset[str]:
        return frozenset(d.code for d in self.differences)


def check_page_name(registered: str, expected: str, *, parts: list[str] | None = None) -> NameCheck:
    """The verdict on a registered page name against the expected one, with what differs.
    `parts` (the filled pieces of the expected name, e.g. ["Mặt trận", "huyện Nghi Lộc",
    "tỉnh Nghệ An"]) helps tell parts in another order; without it they are guessed from the
    division types in the expected name."""
    written, wanted = clean_text(registered), clean_text(expected)
    if written == wanted:
        return NameCheck(MATCH, wanted, written)
    if not written:
        missing = _difference(
            "missing_part",
            gettext_noop("Chưa có tên trang; quy ước là “%(wanted)s”."),
            wanted=wanted,
        )
        return NameCheck(MISMATCH, wanted, written, (missing,))
    verdict = FORM_ONLY if fold_form(written) == fold_form(wanted) else MISMATCH
    differences = tuple(_Comparison(written, wanted, parts).differences())
    if verdict == FORM_ONLY and not differences:
        # Unreachable with the folds above; kept so a form_only never comes without a reason.
        differences = (
            _difference(
                "case", gettext_noop("Chỉ khác cách viết."), written=written, wanted=wanted
            ),
        )
    return NameCheck(verdict, wanted, written, differences)


EXTRA = gettext_noop("Thừa “%(written)s”.")
MISSING = gettext_noop("Thiếu “%(wanted)s”.")


def _difference(code: str, text: str, *, written: str = "", wanted: str = "", **args) -> Difference:
    """A difference whose sentence quotes `written`, `wanted` and any other `args` by name."""
    args = {"written": written, "wanted": wanted, **args}
    return Difference(code, text, MappingProxyType(args), written, wanted)


# --- How the comparison works -------------------------------------------------------------
# Both names are cut into words (punctuation is not a word). Each word has three keys: its
# text, its fold_form and its fold_search. Abbreviations in the registered name are expanded,
# parts found in another order are put back in order, then the two word lists are diffed on
# fold_search (so a missing diacritic lines up with its word) and each aligned pair is told
# apart: same text, case, tone placement, or diacritics.


@dataclass(frozen=True)
class _Word:
    text: str
    form: str
    loose: str


def _word(text: str) -> _Word:
    return _Word(text, fold_form(text), fold_search(text))


def _is_punctuation(ch: str) -> bool:
    return unicodedata.category(ch).startswith("P")


def _tokens(text: str) -> tuple[list[_Word], list[str], list[bool]]:
    """Words, punctuation marks, and for each word whether a dot follows it (as in "H.")."""
    words: list[_Word] = []
    marks: list[str] = []
    dotted: list[bool] = []
    current = ""
    for ch in text + " ":
        if ch.isspace() or _is_punctuation(ch):
            if current:
                words.append(_word(current))
                dotted.append(ch == ".")
                current = ""
            if _is_punctuation(ch):
                marks.append(ch)
        else:
            current += ch
    return words, marks, dotted


# Registered abbreviation (fold_form) -> expansions, longest first; the first whose words all
# appear in the expected name is taken, so "MTTQ" stands for "Mặt trận" when that is what the
# convention says.
_ABBREVIATIONS = {
    "mttqvn": ["Mặt trận Tổ quốc Việt Nam"],
    "ubmttqvn": ["Ủy ban Mặt trận Tổ quốc Việt Nam"],
    "ubmttq": ["Ủy ban Mặt trận Tổ quốc"],
    "mttq": ["Mặt trận Tổ quốc", "Mặt trận"],
    "mt": ["Mặt trận"],
    "ub": ["Ủy ban"],
    "tq": ["Tổ quốc"],
    "vn": ["Việt Nam"],
    "tp": ["thành phố"],
    "tx": ["thị xã"],
    "tt": ["thị trấn"],
    "h": ["huyện"],
    "q": ["quận"],
    "x": ["xã"],
    "p": ["phường"],
    "t": ["tỉnh"],
}

# Division types that start a part of an expected name; two-word types are tried first.
_DIVISION_TYPES = [
    ("thành", "phố"),
    ("thị", "xã"),
    ("thị", "trấn"),
    ("đặc", "khu"),
    ("tỉnh",),
    ("huyện",),
    ("quận",),
    ("xã",),
    ("phường",),
]


def _key(words: list[_Word]) -> tuple[str, ...]:
    return tuple(w.loose for w in words)


def _forms(words: list[_Word]) -> tuple[str, ...]:
    return tuple(w.form for w in words)


def _flat(parts: list[list[_Word]]) -> list[_Word]:
    return [w for part in parts for w in part]


def _quote(words: list[_Word]) -> str:
    return " ".join(w.text for w in words)


def _contains(haystack: list[str], needle: list[str]) -> bool:
    return _find(haystack, needle, set()) is not None


def _find(haystack: list[str], needle: list[str], taken: set[int]) -> int | None:
    n = len(needle)
    for i in range(len(haystack) - n + 1):
        if haystack[i : i + n] == needle and not taken.intersection(range(i, i + n)):
            return i
    return None


def _division_type_at(words: list[_Word], i: int) -> int:
    """How many words of a division type start at i (0 when none)."""
    for kind in _DIVISION_TYPES:
        if tuple(w.form for w in words[i : i + len(kind)]) == kind:
            return len(kind)
    return 0


def _guess_parts(words: list[_Word]) -> list[list[_Word]]:
    """The expected name cut before each division type: "Mặt trận" | "huyện Nghi Lộc" | …
    A type word inside a proper name ("xã Tân Xã", "phường Phường Đúc") is one right after a
    type, or one followed by nothing or by another type (unless it is the same type again)."""
    parts: list[list[_Word]] = [[]]
    part_is_bare_type = False
    i = 0
    while i < len(words):
        size = _division_type_at(words, i)
        after = words[i + size : i + 2 * size]
        follows = i + size < len(words) and (
            not _division_type_at(words, i + size)
            or [w.form for w in after] == [w.form for w in words[i : i + size]]
        )
        if size and follows and not part_is_bare_type:
            parts.append(list(words[i : i + size]))
            part_is_bare_type = True
            i += size
        else:
            parts[-1].append(words[i])
            part_is_bare_type = False
            i += 1
    return [p for p in parts if p]


class _Comparison:
    def __init__(self, written: str, wanted: str, parts: list[str] | None):
        self.written_words, self.written_marks, self.dotted = _tokens(written)
        self.wanted_words, self.wanted_marks, _ = _tokens(wanted)
        given = [w for w in (_tokens(p)[0] for p in parts or []) if w]
        if _key(_flat(given)) == _key(self.wanted_words):
            self.parts = given
        else:
            self.parts = _guess_parts(self.wanted_words)
        self.found: list[Difference] = []
        self.abbreviation_dots = 0

    def differences(self) -> list[Difference]:
        words = self._expand_abbreviations(self.written_words)
        words = self._restore_order(words)
        self._diff(words)
        self._punctuation()
        return self._sorted(self.found)

    def _add(self, code: str, text: str, written: str = "", wanted: str = "", **args) -> None:
        self.found.append(_difference(code, text, written=written, wanted=wanted, **args))

    def _expand_abbreviations(self, words: list[_Word]) -> list[_Word]:
        wanted_forms = [w.form for w in self.wanted_words]
        out: list[_Word] = []
        for word, dotted in zip(words, self.dotted, strict=True):
            expansions = _ABBREVIATIONS.get(word.form)
            if not expansions or word.form in wanted_forms:
                out.append(word)
                continue
            chosen = next(
                (c for c in expansions if _contains(wanted_forms, fold_form(c).split())),
                expansions[0],
            )
            # Take the expected name's own spelling, so the expansion adds no case difference.
            expanded = [_word(t) for t in chosen.split()]
            expanded = [self._wanted_spelling(w) for w in expanded]
            shown = word.text + ("." if dotted else "")
            self.abbreviation_dots += dotted
            self._add(
                "abbreviation",
                gettext_noop("Viết tắt “%(written)s”: quy ước viết đầy đủ “%(full)s”."),
                shown,
                chosen,
                full=" ".join(w.text for w in expanded),
            )
            out.extend(expanded)
        return out

    def _wanted_spelling(self, word: _Word) -> _Word:
        for w in self.wanted_words:
            if w.form == word.form:
                return w
        return word

    def _restore_order(self, words: list[_Word]) -> list[_Word]:
        """Put whole parts found in another order back in the expected order, saying so once."""
        taken: set[int] = set()
        where: dict[int, int] = {}
        # Exact words first, so "huyện Quý" is not taken for "huyện Quỳ" when both are there.
        for level in ("form", "loose"):
            keys = [getattr(w, level) for w in words]
            for n, part in enumerate(self.parts):
                at = None if n in where else _find(keys, [getattr(w, level) for w in part], taken)
                if at is not None:
                    taken.update(range(at, at + len(part)))
                    where[n] = at
        located = [(where[n], part) for n, part in enumerate(self.parts) if n in where]
        positions = [at for at, _ in located]
        if positions == sorted(positions):
            return words
        in_order = " → ".join(f"“{_quote(part)}”" for part in self.parts)
        self._add(
            "order",
            gettext_noop("Thứ tự các phần khác quy ước; đúng thứ tự là: %(order)s."),
            order=in_order,
        )
        blocks = {at: len(part) for at, part in located}
        queue = [words[at : at + len(part)] for at, part in located]  # expected order
        out: list[_Word] = []
        i = 0
        while i < len(words):
            if i in blocks:
                out.extend(queue.pop(0))
                i += blocks[i]
            else:
                out.append(words[i])
                i += 1
        return out

    def _diff(self, words: list[_Word]) -> None:
        """Whole parts first, so a dropped part is named whole ("Thiếu “xã Nghi Văn”") even
        when its words appear elsewhere; then the words of the parts that differ. Parts align
        on exact words (huyện Quý is not huyện Quỳ), words on fold_search so that a missing
        diacritic still lines up with its word."""
        got_parts = _guess_parts(words)
        matcher = difflib.SequenceMatcher(
            None, [_forms(p) for p in got_parts], [_forms(p) for p in self.parts], autojunk=False
        )
        self.case, self.tone, self.marks = [], [], []
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op == "delete":
                for part in got_parts[i1:i2]:
                    self._add("extra_part", EXTRA, _quote(part))
            elif op == "insert":
                for part in self.parts[j1:j2]:
                    self._add("missing_part", MISSING, "", _quote(part))
            else:
                self._diff_words(_flat(got_parts[i1:i2]), _flat(self.parts[j1:j2]))
        self._aligned_differences(words)

    def _diff_words(self, words: list[_Word], wanted: list[_Word]) -> None:
        matcher = difflib.SequenceMatcher(
            None, [w.loose for w in words], [w.loose for w in wanted], autojunk=False
        )
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            got, want = words[i1:i2], wanted[j1:j2]
            if op == "equal":
                for kind, runs in (("case", self.case), ("tone", self.tone), ("marks", self.marks)):
                    runs.extend(_runs(got, want, kind))
            elif op == "delete":
                self._add("extra_part", EXTRA, _quote(got))
            elif op == "insert":
                self._add("missing_part", MISSING, "", _quote(want))
            elif "".join(w.loose for w in got) == "".join(w.loose for w in want):
                self._add(
                    "spacing",
                    gettext_noop(
                        "Khác cách tách chữ: viết “%(written)s”, quy ước là “%(wanted)s”."
                    ),
                    _quote(got),
                    _quote(want),
                )
                if "".join(w.form for w in got) != "".join(w.form for w in want):
                    self.marks.append((got, want))
            else:
                self._add(
                    "wrong_part",
                    gettext_noop("Viết “%(written)s”, quy ước là “%(wanted)s”."),
                    _quote(got),
                    _quote(want),
                )

    def _aligned_differences(self, words: list[_Word]) -> None:
        wanted, marks, tone, case = self.wanted_words, self.marks, self.tone, self.case
        if marks and not any(_has_marks(w.text) for w in words):
            whole = _quote(wanted)
            self._add(
                "diacritics",
                gettext_noop(
                    "Tên viết không dấu; quy ước viết có dấu: “%(wanted)s” (khác dấu là khác tên)."
                ),
                _quote(words),
                whole,
            )
            marks = []
        for got, want in marks:
            self._add(
                "diacritics",
                gettext_noop(
                    "Khác dấu: viết “%(written)s”, quy ước là “%(wanted)s” (khác dấu là khác tên)."
                ),
                _quote(got),
                _quote(want),
            )
        for got, want in tone:
            self._add(
                "tone_placement",
                gettext_noop(
                    "Khác vị trí dấu thanh: viết “%(written)s”, quy ước là “%(wanted)s” "
                    "(cùng một chữ, chỉ khác cách đặt dấu)."
                ),
                _quote(got),
                _quote(want),
            )
        for got, want in case:
            self._add(
                "case",
                gettext_noop("Khác chữ hoa/thường: viết “%(written)s”, quy ước là “%(wanted)s”."),
                _quote(got),
                _quote(want),
            )

    def _punctuation(self) -> None:
        marks = list(self.written_marks)
        for _ in range(self.abbreviation_dots):
            marks.remove(".")
        if sorted(marks) == sorted(self.wanted_marks):
            return
        extra = _multiset_minus(marks, self.wanted_marks)
        missing = _multiset_minus(self.wanted_marks, marks)
        if extra and missing:
            text = gettext_noop("Khác dấu câu: thừa dấu %(extra)s; thiếu dấu %(missing)s.")
        elif extra:
            text = gettext_noop("Khác dấu câu: thừa dấu %(extra)s.")
        else:
            text = gettext_noop("Khác dấu câu: thiếu dấu %(missing)s.")
        self._add(
            "punctuation",
            text,
            "".join(extra),
            extra=", ".join(f"“{m}”" for m in extra),
            missing=", ".join(f"“{m}”" for m in missing),
        )

    _ORDER = [
        "abbreviation",
        "order",
        "missing_part",
        "extra_part",
        "wrong_part",
        "spacing",
        "diacritics",
        "tone_placement",
        "case",
        "punctuation",
    ]

    def _sorted(self, found: list[Difference]) -> list[Difference]:
        return sorted(found, key=lambda d: self._ORDER.index(d.code))


def _runs(got: list[_Word], want: list[_Word], kind: str):
    """Adjacent aligned words that differ in one way (case, tone placement or other marks),
    grouped so "nghi lộc" is reported once, not word by word."""
    run: tuple[list[_Word], list[_Word]] = ([], [])
    for g, w in zip(got, want, strict=True):
        if _differs(g, w, kind):
            run[0].append(g)
            run[1].append(w)
        elif run[0]:
            yield run
            run = ([], [])
    if run[0]:
        yield run


def _differs(got: _Word, want: _Word, kind: str) -> bool:
    if kind == "marks":
        return got.form != want.form
    if got.form != want.form or got.text == want.text:
        return False
    if kind == "tone":
        return got.text.casefold() != want.text.casefold()
    return normalize_tone_placement(got.text) != normalize_tone_placement(want.text)


def _has_marks(text: str) -> bool:
    return "đ" in text.casefold() or any(
        unicodedata.combining(c) for c in unicodedata.normalize("NFD", text)
    )


def _multiset_minus(a: list[str], b: list[str]) -> list[str]:
    rest = list(b)
    out = []
    for x in a:
        if x in rest:
            rest.remove(x)
        else:
            out.append(x)
    return out
