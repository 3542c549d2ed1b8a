"""The dashboard table, built once from a Rollup and read by the page, the xlsx export and the
`rollup` command alike, so the three always show the same numbers. No database here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .measures import PAGE_STATE_LABELS, Figures, LevelPages, grade
from .models import Measure
from .selectors import Rollup, Row
from .targets import Standing, doing_well_and_lagging, standing


@dataclass
class Cell:
    text: str
    value: object  # what sorts and what the export writes (a number, a date, text, None)
    grade: str = ""  # ok / warn / bad against a target, "" when no target applies
    is_share: bool = False

    @property
    def percent(self) -> int | None:
        """The share as a whole percentage, for bars."""
        return round(self.value * 100) if self.is_share and self.value is not None else None


@dataclass
class Column:
    key: str
    label: str
    cell: Callable[[Row], Cell]
    chart: bool = False  # drawn as bars under the table
    numeric: bool = True


@dataclass
class Table:
    columns: list[Column]
    rows: list[tuple[Row, list[Cell]]]
    total: list[Cell]
    sort: str = "name"
    descending: bool = False
    charts: list[tuple[Column, list[tuple[Row, Cell]]]] = field(default_factory=list)


def _share_cell(part: int, whole: int, bar: float | None = None) -> Cell:
    if not whole:
        return Cell("—", None, "bad" if bar is not None else "", True)
    value = part / whole
    return Cell(
        f"{value:.0%} ({part}/{whole})",
        value,
        grade(value, bar) if bar is not None else "",
        True,
    )


def _targets_by(rollup: Rollup):
    """What the targets ask, for colouring: the per-unit bar of each cadre measure, and the
    page measure, threshold and deadline of each level."""
    cadre_bars: dict[str, float] = {}
    page_targets: dict[str, tuple[str, float, dt.date]] = {}
    for target, _result in rollup.targets:
        if target.is_page_measure and target.level_id:
            page_targets.setdefault(
                target.level.key, (target.measure, target.threshold / 100, target.deadline)
            )
        elif not target.is_page_measure:
            bar = target.unit_threshold / 100
            cadre_bars[target.measure] = max(cadre_bars.get(target.measure, 0), bar)
    return cadre_bars, page_targets


def build_columns(rollup: Rollup) -> list[Column]:
    cadre_bars, page_targets = _targets_by(rollup)

    def figures(row: Row) -> Figures:
        return row.figures

    def cadre_share(attr: str, measure: str | None = None):
        def cell(row: Row) -> Cell:
            f = figures(row)
            return _share_cell(getattr(f, attr), f.cadres, cadre_bars.get(measure))

        return cell

    def follow_cell(channel_id: int):
        return lambda row: _share_cell(row.figures.follows.get(channel_id, 0), row.figures.cadres)

    def completeness(row: Row) -> Cell:
        from .measures import REQUIRED_FIELDS

        f = row.figures
        return _share_cell(f.fields_filled, f.cadres * len(REQUIRED_FIELDS))

    def own_page(row: Row) -> Cell:
        state = row.own.state
        wanted = page_targets.get(row.unit.level.key)
        shade = ""
        if wanted:
            shade = "ok" if row.own.meets(wanted[0]) else "warn" if row.own.registered else "bad"
        rank = {"none": 0, "registered": 1, "reopened": 1, "returned": 1, "reported": 2}.get(
            state, 3
        )
        return Cell(str(PAGE_STATE_LABELS[state]), rank, shade, False)

    def page_name(row: Row) -> Cell:
        if not row.own.registered:
            return Cell("—", None)
        return Cell(
            _("Đúng") if row.own.name_ok else _("Sai"),
            int(row.own.name_ok),
            "ok" if row.own.name_ok else "bad",
        )

    def on_time(row: Row) -> Cell:
        wanted = page_targets.get(row.unit.level.key)
        reported = row.own.first_reported
        if not wanted:
            return Cell(date_format(reported, "d/m/Y") if reported else "—", reported)
        deadline = wanted[2]
        if reported and reported <= deadline:
            return Cell(_("Đúng hạn (%(day)s)") % {"day": date_format(reported, "d/m/Y")}, 1, "ok")
        if reported:
            return Cell(_("Muộn (%(day)s)") % {"day": date_format(reported, "d/m/Y")}, 0, "warn")
        return Cell(_("Chưa báo cáo"), -1, "bad" if rollup.as_of > deadline else "")

    def level_pages(key: str):
        wanted = page_targets.get(key)

        def cell(row: Row) -> Cell:
            pages = row.figures.pages.get(key)
            if not pages or not pages.units:
                return Cell("—", None)
            count = pages.count(wanted[0]) if wanted else pages.verified
            c = _share_cell(count, pages.units, wanted[1] if wanted else None)
            if wanted and wanted[0] != "page_verified":
                c.text += " · " + _("%(n)s đã xác nhận") % {"n": pages.verified}
            return c

        return cell

    def last_change(row: Row) -> Cell:
        if not row.last_change_at:
            return Cell("—", None)
        at = timezone.localtime(row.last_change_at)
        who = row.last_change_by or _("hệ thống")
        return Cell(f"{date_format(at, 'd/m/Y H:i')} · {who}", at)

    own_levels = {r.unit.level.key for r in rollup.rows}
    columns = [
        Column("name", _("Đơn vị"), lambda r: Cell(r.unit.name, r.unit.name), numeric=False),
        Column("cadres", _("Cán bộ"), lambda r: Cell(str(r.figures.cadres), r.figures.cadres)),
        Column(
            "account",
            _("Có tài khoản MXH"),
            cadre_share("with_account", Measure.HAS_ACCOUNT),
            chart=True,
        ),
        Column("facebook", _("Có Facebook"), cadre_share("with_facebook")),
        Column("zalo", _("Có Zalo"), cadre_share("with_zalo")),
    ]
    for channel in rollup.channels:
        columns.append(
            Column(
                f"follow_{channel.pk}",
                _("Theo dõi: %(name)s") % {"name": channel.name},
                follow_cell(channel.pk),
            )
        )
    if rollup.channels:
        columns.append(
            Column(
                "follows_all",
                _("Theo dõi đủ các kênh của tỉnh"),
                cadre_share("follows_all", Measure.FOLLOWS_ALL),
                chart=True,
            )
        )
    columns += [
        Column("completeness", _("Trường bắt buộc đã điền"), completeness, chart=True),
        Column(
            "complete",
            _("Cán bộ đủ dữ liệu"),
            cadre_share("complete", Measure.DATA_COMPLETE),
            chart=True,
        ),
        Column("page", _("Trang cộng đồng"), own_page, numeric=False),
        Column("page_name", _("Tên trang đúng quy định"), page_name, numeric=False),
        Column("page_on_time", _("Báo cáo trang"), on_time, numeric=False),
    ]
    for level in rollup.levels:
        # Residential committees build no page: a level gets a column when a target asks
        # for its pages or when some of its units have one.
        asked = (
            level.key in page_targets or rollup.total.pages.get(level.key, LevelPages()).registered
        )
        if level.key in own_levels or not asked:
            continue
        columns.append(
            Column(
                f"pages_{level.key}",
                _("Trang cộng đồng — %(level)s") % {"level": level.display_name},
                level_pages(level.key),
                chart=True,
            )
        )
    columns.append(Column("last_change", _("Cập nhật gần nhất"), last_change, numeric=False))
    return columns


def _sort_key(cell: Cell):
    value = cell.value
    # Empty cells go last whichever way the column is sorted.
    return (value is None, value if value is not None else 0)


def build_table(rollup: Rollup, sort: str = "name") -> Table:
    columns = build_columns(rollup)
    keys = [c.key for c in columns]
    descending = sort.startswith("-")
    key = sort.lstrip("-")
    if key not in keys:
        key, descending = "name", False
    index = keys.index(key)
    rows = [(row, [c.cell(row) for c in columns]) for row in rollup.rows]
    filled = [r for r in rows if r[1][index].value is not None]
    empty = [r for r in rows if r[1][index].value is None]
    filled.sort(key=lambda r: _sort_key(r[1][index]), reverse=descending)
    rows = filled + empty
    total_row = Row(rollup.unit, rollup.total, rollup.own.own, None, "")
    total = [c.cell(total_row) for c in columns]
    total[0] = Cell(_("Toàn đơn vị (cả cấp dưới)"), None)
    for i, column in enumerate(columns):
        if column.key.startswith("page") and not column.key.startswith("pages_"):
            total[i] = Cell("", None)
    total[-1] = columns[-1].cell(rollup.own)
    charts = [
        (column, [(row, cells[i]) for row, cells in rows])
        for i, column in enumerate(columns)
        if column.chart
    ]
    return Table(columns, rows, total, key, descending, charts)


def table_json(table: Table) -> list[dict]:
    """The table as plain values (for `rollup --json`)."""

    def plain(value):
        if isinstance(value, dt.datetime | dt.date):
            return value.isoformat()
        if isinstance(value, float):
            return round(value, 4)
        return value

    out = []
    for row, cells in table.rows:
        item = {"id": row.unit.pk, "code": row.unit.code}
        item.update(
            {c.key: plain(cell.value) for c, cell in zip(table.columns, cells, strict=True)}
        )
        out.append(item)
    return out


def standings(rollup: Rollup) -> tuple[list[Standing], list[Standing]]:
    """Doing well and lagging among the children: their cadre shares and their own page,
    each against its target (or ½ when no target asks for it)."""
    cadre_bars, page_targets = _targets_by(rollup)
    labels = {
        "account": _("Có tài khoản MXH"),
        "follows_all": _("Theo dõi đủ các kênh của tỉnh"),
        "complete": _("Cán bộ đủ dữ liệu"),
        "page": _("Trang cộng đồng đã báo cáo"),
    }
    bars = {
        "account": cadre_bars.get(Measure.HAS_ACCOUNT, 0.5),
        "follows_all": cadre_bars.get(Measure.FOLLOWS_ALL, 0.5),
        "complete": cadre_bars.get(Measure.DATA_COMPLETE, 0.5),
        "page": 1.0,
    }
    found = []
    for row in rollup.rows:
        f = row.figures
        wanted = page_targets.get(row.unit.level.key)
        shares = {
            "account": f.account_share,
            "complete": f.complete_share,
            "page": float(row.own.meets(wanted[0]) if wanted else row.own.reported),
        }
        if rollup.channels:
            shares["follows_all"] = f.follows_all_share
        found.append(
            standing(
                unit_id=row.unit.pk, name=row.unit.name, shares=shares, bars=bars, labels=labels
            )
        )
    return doing_well_and_lagging(found)
