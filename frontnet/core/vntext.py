"""Vietnamese text normalisation shared by the whole app. Pure Python, no Django.

Three strengths, weakest first:
- `clean_text`: what we store. Only invisible differences go (NFC, spaces).
- `fold_form`: what "the same name, written another way" means. Case, spacing, punctuation and
  where the tone mark sits are folded; diacritics are kept, because Hòa and Hoa are different
  places.
- `fold_search`: search only. Diacritics are stripped so "nghi loc" finds "Nghi Lộc". Never use
  it to decide that two names are the same.
"""

import functools
import re
import unicodedata

__all__ = ["clean_text", "fold_form", "fold_search", "normalize_tone_placement"]

# \s already covers NBSP and the other Unicode spaces; these are the invisible ones it misses.
_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_SPACE_RUN = re.compile(rf"[\s{_ZERO_WIDTH}]*\s[\s{_ZERO_WIDTH}]*")
# Invisible between two letters: dropped rather than made a space, so the text reads as it
# displays. ZWJ/ZWNJ are kept there because emoji sequences are built from them.
_INVISIBLE = re.compile(r"[\u200b\u2060\ufeff\u00ad]")
_EDGE_JOINERS = re.compile(r"^[\u200c\u200d]+|[\u200c\u200d]+$")


def clean_text(text: str | None) -> str:
    """User input as we store it: NFC, trimmed, each run of whitespace (NBSP and zero-width
    characters included) one space. Emoji and HTML stay as typed: escaping is the template's
    job."""
    text = unicodedata.normalize("NFC", text or "")
    text = _SPACE_RUN.sub(" ", text)
    text = _INVISIBLE.sub("", text).strip()
    return _EDGE_JOINERS.sub("", text).strip()


# --- Tone placement -------------------------------------------------------------------------

_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")  # huyền, sắc, ngã, hỏi, nặng
_MODIFIERS = frozenset("\u0302\u0306\u031b")  # â ê ô, ă, ơ ư
_VOWELS = frozenset("aeiouy")

_ONSETS = frozenset("b c ch d đ g gh gi h k kh l m n ng ngh nh p ph qu r s t th tr v x".split())
_CODAS = frozenset(["", "c", "ch", "m", "n", "ng", "nh", "p", "t"])
# Vowel groups written with their modifiers (NFC), as Vietnamese spelling allows them.
_NUCLEI = frozenset(
    """a ă â e ê i o ô ơ u ư y
    ai ao au ay âu ây eo êu ia iê iu oa oă oe oi ôi ơi oo ua uâ uê ui uô uơ uy ưa ưi ươ ưu yê
    iêu oai oao oay oeo uây uôi ươi ươu uya uyê uyu yêu""".split()
)

# A word as it sits in NFD text: letters with their combining marks.
_WORD = re.compile(r"(?:[^\W\d_]|[\u0300-\u036f])+")


def _tone_index(nucleus: list[tuple[str, bool]], coda: str) -> int:
    """Index in the nucleus that carries the tone.

    The placement is the one most keyboards produce by default and most people type today
    (hòa, thủy, khỏe; linguists call it the "old style"): a vowel with a modifier wins (the last one, for ươ); else a syllable with a final consonant puts it on its
    last vowel (hoàn, thuyền, hoạch); else three vowels put it in the middle (ngoài, khuỷu) and
    two on the first (hòa, khỏe, thủy, mùa, tài). "qu" and "gi" are onsets, so quý, già keep
    the tone on their only vowel.
    """
    modified = [i for i, (_, has_modifier) in enumerate(nucleus) if has_modifier]
    if modified:
        return modified[-1]
    if coda:
        return len(nucleus) - 1
    if len(nucleus) == 3:
        return 1
    return 0


def _split_syllable(bases: str) -> tuple[str, str, str] | None:
    """(onset, vowels, coda) of a lower-case syllable without marks, or None if it is not a
    Vietnamese syllable (a foreign word, an abbreviation): those are left as typed."""
    i = 0
    while i < len(bases) and bases[i] not in _VOWELS:
        i += 1
    onset = bases[:i]
    # "gi" and "qu" are onsets when a vowel follows: gia, quý; but gìn has the vowel i.
    if onset in ("g", "q") and len(bases) > i + 1 and bases[i + 1] in _VOWELS:
        if (onset, bases[i]) in (("g", "i"), ("q", "u")):
            onset += bases[i]
            i += 1
    j = i
    while j < len(bases) and bases[j] in _VOWELS:
        j += 1
    vowels, coda = bases[i:j], bases[j:]
    if not vowels or (onset and onset not in _ONSETS) or coda not in _CODAS:
        return None
    return onset, vowels, coda


# Names and places are built from a few thousand syllables, met over and over (an import
# folds every row's name): each distinct word is worked out once. A pure function of the word.
@functools.lru_cache(maxsize=8192)
def _place_tone(word: str) -> str:
    """The NFD word with its single tone mark moved to where the rule puts it."""
    letters: list[list] = []  # [base, modifiers, tone]
    for ch in word:
        if unicodedata.combining(ch):
            if not letters:
                return word
            if ch in _TONES:
                if letters[-1][2]:
                    return word
                letters[-1][2] = ch
            elif ch in _MODIFIERS:
                letters[-1][1] += ch
            else:
                return word
        else:
            letters.append([ch, "", ""])
    toned = [i for i, (_, _, tone) in enumerate(letters) if tone]
    if len(toned) != 1:
        return word
    bases = "".join(base for base, _, _ in letters).lower()
    parts = _split_syllable(bases)
    if parts is None:
        return word
    onset, vowels, coda = parts
    start = len(onset)
    nucleus = letters[start : start + len(vowels)]
    written = unicodedata.normalize("NFC", "".join(b + m for b, m, _ in nucleus)).lower()
    if written not in _NUCLEI or any(
        m for _, m, _ in letters[:start] + letters[start + len(vowels) :]
    ):
        return word
    target = start + _tone_index([(b, bool(m)) for b, m, _ in nucleus], coda)
    tone = letters[toned[0]][2]
    letters[toned[0]][2] = ""
    letters[target][2] = tone
    return "".join(b + m + t for b, m, t in letters)


def normalize_tone_placement(text: str) -> str:
    """The text in NFC with each syllable's tone mark on the vowel one rule picks, so that
    "hoà"/"hòa", "thuỷ"/"thủy", "khoẻ"/"khỏe", "qúy"/"quý" each come out the same (the second
    spelling). Only the position of a mark changes: no mark is added or removed, case is kept,
    and anything that is not a Vietnamese syllable with one tone mark is left as typed."""
    decomposed = unicodedata.normalize("NFD", text or "")
    placed = _WORD.sub(lambda m: _place_tone(m.group()), decomposed)
    return unicodedata.normalize("NFC", placed)


# --- Folds ------------------------------------------------------------------------------------


def _punctuation_to_space(text: str) -> str:
    return "".join(" " if unicodedata.category(ch).startswith("P") else ch for ch in text)


def fold_form(text: str | None) -> str:
    """The key for "the same except for form": NFC, case folded, one tone placement,
    punctuation (hyphens, dots, commas, quotes…) read as spaces, spaces collapsed.
    Diacritics are kept: fold_form("Hòa") != fold_form("Hoa")."""
    text = unicodedata.normalize("NFC", clean_text(text).casefold())
    text = normalize_tone_placement(_punctuation_to_space(text))
    return clean_text(text)


def fold_search(text: str | None) -> str:
    """SEARCH ONLY: diacritics stripped (đ read as d), case folded, spaces collapsed, so that
    "nghi loc" finds "Nghi Lộc". Hòa and Hoa fold to the same key here; to decide whether two
    names are the same, use fold_form."""
    text = clean_text(text).replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return clean_text(unicodedata.normalize("NFC", stripped).casefold())
