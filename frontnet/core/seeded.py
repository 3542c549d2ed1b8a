"""Texts the data migrations seed (the lists of levels' kinds of cadre, platforms, topics, the
letters' targets and criteria) are the app's own words: each app lists them as catalogue
msgids, and they read in the reader's language. A text a user typed reads as typed, even in a
seeded table, since it is not in the app's list."""

from django.utils.translation import gettext


def seeded_text(text: str, seeded: frozenset) -> str:
    """`text` in the reader's language when it is one of the app's `seeded` msgids."""
    return gettext(text) if text in seeded else text
