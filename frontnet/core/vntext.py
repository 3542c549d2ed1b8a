# Provisional: replaced by the full module (tone placement rules) from the naming work.
import re
import unicodedata

_SPACES = re.compile(r"[\s\u00a0\u200b\u200c\u200d\ufeff]+")


def clean_text(text: str) -> str:
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text or "")).strip()


def fold_form(text: str) -> str:
    return clean_text(text).casefold()


def fold_search(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", clean_text(text).replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
