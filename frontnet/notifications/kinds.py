"""What the app tells people: one registered `Kind` per sort of message.

An app adds a kind in one place, its own `notice_kinds.py` (found at start-up):

    from frontnet.notifications.kinds import register_kind
    PAGE_RETURNED = register_kind(
        "page_returned",
        label=_("Trang bị trả lại"),
        text=_("Trang “%(page)s” của %(unit)s bị trả lại: %(reason)s"),
    )

A notification stores the kind's key and its arguments, never the rendered sentence, so
each reader sees it in their own language and a later wording fix reaches old messages.
"""

from dataclasses import dataclass

from django.utils.functional import Promise


@dataclass(frozen=True)
class Kind:
    key: str
    label: str | Promise  # shown in the list and in the preferences
    text: str | Promise  # a %-format with the notification's args
    # Whether a user may turn e-mail on for it (reminders and answers: yes).
    email: bool = True

    def render(self, args: dict) -> str:
        try:
            return str(self.text) % args
        except (KeyError, TypeError, ValueError):
            return str(self.label)


KINDS: dict[str, Kind] = {}


def register_kind(key: str, *, label, text, email: bool = True) -> Kind:
    if key in KINDS and KINDS[key] != Kind(key, label, text, email):
        raise ValueError(f"notification kind {key!r} registered twice")
    KINDS[key] = Kind(key, label, text, email)
    return KINDS[key]


def kind_of(key: str) -> Kind | None:
    return KINDS.get(key)
