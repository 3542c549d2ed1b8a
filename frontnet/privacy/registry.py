"""What each app holds about a person, and how to erase it: one registered handler per store.

An app that keeps personal data adds a handler in one place, its own `personal_data.py`
(found at start-up, like `notice_kinds.py`):

    from frontnet.privacy.registry import register_handler

    @register_handler("threads.attachments", label=_("Tệp đính kèm"))
    class Attachments:
        def collect(self, person):  # -> list of JSON-ready dicts (the access export)
            ...
        def erase(self, person):  # -> number of rows or files changed
            ...

`person` is a `frontnet.privacy.erasure.Person`: the cadre and every identifier it was
known by (name, phones in all their forms, links, e-mail), with `scrub()` to take them out
of any text or JSON. Erasers run in one transaction, in registration order; the cadre's own
eraser runs last, so the others still see the identifiers.
"""

from dataclasses import dataclass

from django.utils.functional import Promise


@dataclass(frozen=True)
class Handler:
    key: str
    label: str | Promise
    impl: object
    order: int

    def collect(self, person) -> list:
        return self.impl.collect(person)

    def erase(self, person) -> int:
        return self.impl.erase(person)


HANDLERS: dict[str, Handler] = {}


def register_handler(key: str, *, label, order: int = 100):
    """Class decorator: register an instance of the class under `key`."""

    def wrap(cls):
        if key in HANDLERS and type(HANDLERS[key].impl) is not cls:
            raise ValueError(f"personal data handler {key!r} registered twice")
        HANDLERS[key] = Handler(key, label, cls(), order)
        return cls

    return wrap


def handlers() -> list[Handler]:
    return sorted(HANDLERS.values(), key=lambda h: (h.order, h.key))
