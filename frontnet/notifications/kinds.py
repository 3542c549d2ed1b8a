"""What the app tells people: one registered `Kind` per sort of message.

An app adds its kinds in one place, its own `notice_kinds.py` (found at start-up), each as
(key, short label, sentence):

    from frontnet.notifications.kinds import register_kinds
    PAGE_REPORTED, PAGE_RETURNED = register_kinds(
        ("page_reported", _("Trang chờ xác nhận"), _("%(unit)s đã báo cáo trang “%(page)s”.")),
        ("page_returned", _("Trang bị trả lại"), _("Trang “%(page)s” bị trả lại: %(reason)s")),
    )

A notification stores the kind's key and its arguments, never the rendered sentence, so
each reader sees it in their own language and a later wording fix reaches old messages. An
argument that is itself a sentence (what a unit still lacks, a list of units) is stored as
a `phrase` (its msgid and arguments) or `phrases` (several, joined), translated when read.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext


def phrase(msgid: str, **args) -> dict:
    """A sentence argument: mark `msgid` with gettext_noop where it is written."""
    return {"_t": msgid, "a": args}


def phrases(items: list, sep: str = ", ") -> dict:
    return {"_items": items, "_sep": sep}


def resolve(value):
    """An argument as the reader reads it (a phrase translated, phrases joined)."""
    if isinstance(value, dict) and "_t" in value:
        return gettext(value["_t"]) % {k: resolve(v) for k, v in value["a"].items()}
    if isinstance(value, dict) and "_items" in value:
        return value["_sep"].join(str(resolve(v)) for v in value["_items"])
    return value


@dataclass(frozen=True)
class Kind:
    key: str
    label: str | Promise  # shown in the list and in the preferences
    text: str | Promise  # a %-format with the notification's args
    # Whether a user may turn e-mail on for it (reminders and answers: yes).
    email: bool = True

    def render(self, args: dict) -> str:
        try:
            return str(self.text) % {k: resolve(v) for k, v in args.items()}
        except (KeyError, TypeError, ValueError):
            return str(self.label)


KINDS: dict[str, Kind] = {}


def register_kind(key: str, *, label, text, email: bool = True) -> Kind:
    if key in KINDS and KINDS[key] != Kind(key, label, text, email):
        raise ValueError(f"notification kind {key!r} registered twice")
    KINDS[key] = Kind(key, label, text, email)
    return KINDS[key]


def register_kinds(*rows) -> tuple[Kind, ...]:
    """Several kinds at once, each row (key, label, text)."""
    return tuple(register_kind(key, label=label, text=text) for key, label, text in rows)


def kind_of(key: str) -> Kind | None:
    return KINDS.get(key)
