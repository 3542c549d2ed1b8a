"""What a plan of an import is made of: each row's outcome, the rejections, the plan itself.

Shared by the planners of both sheets (`importing` for cadres, `page_rows` for pages) and by
`applying`, which writes a plan; kept apart so that none of them imports another's planner.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from frontnet.core.sheets import cell_text
from frontnet.units.models import Unit

CREATED, UPDATED, UNCHANGED, REJECTED = "created", "updated", "unchanged", "rejected"


@dataclass
class Rejection:
    sheet: str
    row: int  # as the spreadsheet numbers it (1-based)
    column: str
    reason: str
    values: list = field(default_factory=list)

    def message(self, filename: str = "") -> str:
        where = _("Tệp “%(file)s”, trang “%(sheet)s”, dòng %(row)s, cột “%(column)s”") % {
            "file": filename,
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
        }
        return f"{where}: {self.reason}"

    def as_dict(self) -> dict:
        return {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "reason": self.reason,
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


@dataclass
class PageRow:
    sheet: str
    row: int
    action: str
    unit: Unit | None = None
    page_id: int | None = None
    values: dict = field(default_factory=dict)  # page_register keyword arguments


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
