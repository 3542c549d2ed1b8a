"""The community pages sheet of the form template: each row checked by the web's PageForm
and written by the pages services (pages are few, so row by row is fine)."""

from django.utils.translation import gettext_noop as N_

from frontnet.cadres.models import Cadre
from frontnet.core.sheets import RawSheet, cell_text
from frontnet.core.vntext import fold_form
from frontnet.pages.forms import PageForm
from frontnet.pages.models import CommunityPage
from frontnet.pages.selectors import platforms_for_pages
from frontnet.pages.services import normalize_page_link, page_register, page_update
from frontnet.units.models import Unit

from .cells import parse_date
from .columns import PAGE_COLUMNS, synonyms_for
from .labels import unit_resolver
from .plan import CREATED, UNCHANGED, UPDATED, PageRow, Plan, Rejection, Said

FORM_TO_COLUMN = {
    "platform": "platform",
    "name": "name",
    "link_raw": "link",
    "manager": "manager",
    "created_on": "created_on",
}


class PagePlanner:
    def __init__(self, *, plan: Plan, units: list[Unit]):
        self.plan = plan
        self.units = units
        self.resolve_unit = unit_resolver(units)
        self.platforms = {fold_form(p.name): p for p in platforms_for_pages()} | {
            p.key: p for p in platforms_for_pages()
        }
        # A join on the subtree's path, not a list of unit ids (see CadrePlanner).
        unit_ids = {u.pk for u in units}
        path = plan.unit.path
        self.pages = {
            p.pk: p
            for p in CommunityPage.objects.filter(
                unit__path__startswith=path, active=True
            ).select_related("unit", "platform", "manager")
            if p.unit_id in unit_ids
        }
        self.by_link = {(p.unit_id, p.canonical): p for p in self.pages.values()}
        self.cadres: dict[tuple[int, str], Cadre] = {}
        for cadre in Cadre.objects.filter(unit__path__startswith=path, active_to__isnull=True):
            if cadre.unit_id in unit_ids:
                self.cadres.setdefault((cadre.unit_id, fold_form(cadre.full_name)), cadre)

    def same_platform(self, unit: Unit, platform, canonical: str) -> list[str]:
        """The names of the unit's stored pages on this platform (another link)."""
        return [
            p.name
            for p in self.pages.values()
            if p.unit_id == unit.pk and p.platform_id == platform.pk and p.canonical != canonical
        ]

    def synonyms(self):
        return synonyms_for(PAGE_COLUMNS)

    def plan_sheet(self, sheet: RawSheet, columns: dict[str, int], header_row: int) -> None:
        header = sheet.rows[header_row]
        headers = {f: cell_text(header[c]) if c < len(header) else f for f, c in columns.items()}
        self.plan.headers[sheet.name] = [cell_text(v) for v in header]
        for index in range(header_row + 1, len(sheet.rows)):
            self.plan.total_rows += 1
            values = {f: sheet.value(index, c) for f, c in columns.items()}
            row = self.plan_row(sheet.name, index + 1, values, headers, sheet.rows[index])
            if row is not None:
                self.plan.page_rows.append(row)

    def plan_row(self, sheet, row, values, headers, raw) -> PageRow | None:
        text = {f: cell_text(v) for f, v in values.items()}
        if not (text.get("name") or text.get("link")):
            return None
        errors_before = len(self.plan.rejections)

        def bad(name, reason):
            self.plan.rejections.append(
                Rejection(sheet, row, headers.get(name, name), reason, list(raw))
            )

        unit = (
            self.resolve_unit(text["unit"])
            if text.get("unit")
            else (self.units[0] if len(self.units) == 1 else None)
        )
        if unit is None:
            bad(
                "unit",
                Said(N_("không có đơn vị “%(unit)s” trong phạm vi."), {"unit": text["unit"]})
                if text.get("unit")
                else Said(N_("thiếu đơn vị.")),
            )
            return None
        platform = self.platforms.get(fold_form(text.get("platform", ""))) or self.platforms.get(
            "facebook_page"
        )
        if text.get("platform") and fold_form(text["platform"]) not in self.platforms:
            bad("platform", Said(N_("không có nền tảng “%(value)s”."), {"value": text["platform"]}))
        manager = None
        if text.get("manager"):
            manager = self.cadres.get((unit.pk, fold_form(text["manager"])))
            if manager is None:
                bad(
                    "manager",
                    Said(
                        N_("không có cán bộ “%(name)s” ở %(unit)s."),
                        {"name": text["manager"], "unit": unit.name},
                    ),
                )
        created_on, error = parse_date(values.get("created_on"))
        if error:
            bad("created_on", error)
        if len(self.plan.rejections) > errors_before:
            return None
        form = PageForm(
            data={
                "platform": platform.pk,
                "name": text.get("name", ""),
                "link_raw": text.get("link", ""),
                "manager": manager.pk if manager else "",
                "created_on": created_on.isoformat() if created_on else "",
            },
            unit=unit,
        )
        if not form.is_valid():
            for name, messages in form.errors.as_data().items():
                bad(FORM_TO_COLUMN.get(name, "name"), Said.of_errors(messages))
            return None
        kwargs = form.service_kwargs()
        canonical = normalize_page_link(kwargs["link"], kwargs["platform"]).canonical
        existing = None
        if text.get("id"):
            try:
                existing = self.pages.get(int(float(text["id"])))
            except ValueError:
                existing = None
            if existing is None:
                bad(
                    "id",
                    Said(
                        N_("mã hệ thống “%(id)s” không thuộc trang nào của đơn vị."),
                        {"id": text["id"]},
                    ),
                )
                return None
        existing = existing or self.by_link.get((unit.pk, canonical))
        result = PageRow(sheet, row, CREATED, unit=unit, values=kwargs)
        result.changes = {
            key: [None, value]
            for key, value in (
                ("platform", kwargs["platform"].name),
                ("link", canonical),
                ("manager", kwargs["manager"].full_name if kwargs["manager"] else None),
                ("created_on", kwargs["created_on"]),
                # A unit normally runs one page per platform: the preview says which it has.
                ("others", "; ".join(self.same_platform(unit, kwargs["platform"], canonical))),
            )
            if value
        }
        if existing is not None:
            result.page_id = existing.pk
            result.changes = page_changes(existing, unit, kwargs, canonical)
            result.action = UPDATED if result.changes else UNCHANGED
        return result


def page_changes(page: CommunityPage, unit: Unit, values: dict, canonical: str) -> dict:
    """What a row would change of a stored page, {column: [stored, in the file]}, the
    platform, manager and unit by name; a blank creation date changes nothing."""
    manager = values["manager"]
    found = {}
    for key, stored, wanted, same in (
        ("unit", page.unit.name, unit.name, page.unit_id == unit.pk),
        (
            "platform",
            page.platform.name,
            values["platform"].name,
            page.platform_id == values["platform"].pk,
        ),
        ("name", page.name, values["name"], page.name == values["name"]),
        ("link", page.canonical, canonical, page.canonical == canonical),
        (
            "manager",
            page.manager.full_name if page.manager else None,
            manager.full_name if manager else None,
            page.manager_id == (manager.pk if manager else None),
        ),
    ):
        if not same:
            found[key] = [stored, wanted]
    created_on = values["created_on"]
    if created_on is not None and page.created_on != created_on:
        found["created_on"] = [page.created_on, created_on]
    return found


def apply_page_rows(plan: Plan, *, by, channel: str, note: str = "", entries=None) -> dict:
    for row in plan.page_rows:
        if row.action == CREATED:
            page_register(unit=row.unit, by=by, channel=channel, **row.values)
        elif row.action == UPDATED:
            page = CommunityPage.objects.get(pk=row.page_id)
            values = dict(row.values)
            if values.get("created_on") is None:
                values.pop("created_on")
            page_update(page=page, by=by, channel=channel, **values)
    return {}
