"""What a plan of an import is made of: each row's outcome, the rejections, the plan itself.

Shared by the planners of both sheets (`importing` for cadres, `page_rows` for pages) and by
`applying`, which writes a plan; kept apart so that none of them imports another's planner.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from frontnet.core.msgids import render
from frontnet.core.sheets import cell_text
from frontnet.units.models import Unit

CREATED, UPDATED, UNCHANGED, REJECTED = "created", "updated", "unchanged", "rejected"


def _json_arg(value):
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


@dataclass(frozen=True, slots=True)
class Said:
    """A message kept as its id (the Vietnamese text, marked with gettext_noop where it is
    written) and its arguments, and rendered when it is read, in the reader's language."""

    msgid: str
    args: dict | None = None

    def __str__(self) -> str:
        return render(self.msgid, self.args)

    def as_dict(self) -> dict:
        return {
            "msgid": self.msgid,
            "args": {k: _json_arg(v) for k, v in (self.args or {}).items()},
        }

    @classmethod
    def of_refusal(cls, exc) -> "Said":
        """A normaliser's refusal (cadres.normalize.Refusal), kept as its msgid and values."""
        return cls(exc.msgid, exc.params or None)

    @classmethod
    def of_errors(cls, errors) -> list["Said"]:
        """The messages of a form field's ValidationErrors (`form.errors.as_data()`), each
        as its untranslated message and parameters: Django's and the forms' own lazy
        messages are read with no language active, which gives their ids."""
        found = []
        for error in errors:
            for item in error.error_list:
                with translation.override(None):
                    msgid = str(item.message)
                params = item.params if isinstance(item.params, dict) else None
                found.append(cls(msgid, params))
        return found


def said_text(parts: list[dict], fallback: str = "") -> str:
    """A stored message (`Said.as_dict()`s) in the active language; a reason stored before
    messages were kept by id reads as its text (translated when it has no arguments)."""
    if not parts:
        return _(fallback) if fallback else ""
    return " ".join(str(Said(p["msgid"], p.get("args") or None)) for p in parts)


def rejection_reason(item: dict) -> str:
    """A stored rejection's reason in the reader's language."""
    return said_text(item.get("message") or [], item.get("reason", ""))


@dataclass
class Rejection:
    sheet: str
    row: int  # as the spreadsheet numbers it (1-based)
    column: str
    # Given as text, a Said or a list of them; kept as the Said parts (rendered when read)
    # and as text in the language of the plan (the command prints it).
    reason: object
    values: list = field(default_factory=list)
    said: list = field(default_factory=list)

    def __post_init__(self):
        parts = self.reason if isinstance(self.reason, list) else [self.reason]
        self.said = [p if isinstance(p, Said) else Said(str(p)) for p in parts]
        self.reason = " ".join(str(p) for p in self.said)

    def message(self, filename: str = "") -> str:
        where = _("Tệp “%(file)s”, trang “%(sheet)s”, dòng %(row)s, cột “%(column)s”") % {
            "file": filename,
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
        }
        return f"{where}: {self.reason}"

    def _text_in(self, language: str) -> str:
        with translation.override(language):
            return " ".join(str(p) for p in self.said)

    def as_dict(self) -> dict:
        return {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            # The text in the site's language (the API and older readers show it), and the
            # message by id and arguments, which the pages render in the reader's language.
            "reason": self._text_in(settings.LANGUAGE_CODE),
            "message": [p.as_dict() for p in self.said],
            "values": [cell_text(v) if not isinstance(v, str) else v for v in self.values],
        }


@dataclass
class NeedsMapping:
    """The sheet's headers were not recognised: the user must say which column is which."""

    kind: str
    sheet: str
    header_row: int
    headers: list[str]  # as written in the file
    signature: str


@dataclass(slots=True)  # a plan holds one per row: tens of thousands
class CadreRow:
    sheet: str
    row: int
    action: str
    cadre_id: int | None = None
    data: dict = field(default_factory=dict)  # model field values (unit, category as objects)
    facebook: object = None  # normalize.Link or None
    zalo: object = None
    follows: dict = field(default_factory=dict)  # channel id -> "yes" | "no"
    # An update's changes, {field name | "follow:<channel>": [stored, in the file]}: the
    # preview shows them (`preview`).
    changes: dict = field(default_factory=dict)
    consent: object = None  # the day of the cadre's consent, from the consent column


@dataclass
class PageRow:
    sheet: str
    row: int
    action: str
    unit: Unit | None = None
    page_id: int | None = None
    values: dict = field(default_factory=dict)  # page_register keyword arguments
    changes: dict = field(default_factory=dict)  # as CadreRow.changes


@dataclass
class Plan:
    filename: str
    unit: Unit
    cadre_rows: list[CadreRow] = field(default_factory=list)
    page_rows: list[PageRow] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)
    needs_mapping: list[NeedsMapping] = field(default_factory=list)
    total_rows: int = 0
    headers: dict[str, list[str]] = field(default_factory=dict)  # sheet -> its header row
    mapping_signature: str = ""  # the remembered column mapping's layout, when one was applied

    def count(self, action: str) -> int:
        rows = [*self.cadre_rows, *self.page_rows]
        if action == REJECTED:
            return len({(r.sheet, r.row) for r in self.rejections})
        return sum(1 for r in rows if r.action == action)

    @property
    def counts(self) -> dict[str, int]:
        return {a: self.count(a) for a in (CREATED, UPDATED, UNCHANGED, REJECTED)}

    def summary(self) -> str:
        return " ".join(f"{k}={v}" for k, v in self.counts.items())
