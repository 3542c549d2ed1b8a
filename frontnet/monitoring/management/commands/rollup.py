import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from frontnet.monitoring.selectors import rollup
from frontnet.monitoring.table import build_table, table_json
from frontnet.units.commands import command_unit, command_user


class Command(BaseCommand):
    help = "In số liệu theo dõi của một đơn vị và các đơn vị trực thuộc (như Bảng theo dõi)."

    def add_arguments(self, parser):
        parser.add_argument("--unit", required=True, help="Mã hoặc tên đơn vị.")
        parser.add_argument("--as-of", dest="as_of", default=None, help="Ngày, dạng YYYY-MM-DD.")
        parser.add_argument("--json", action="store_true", help="In dạng JSON.")
        parser.add_argument(
            "--as", dest="username", default=None, help="Người dùng (mặc định: toàn quyền)."
        )

    def handle(self, *args, unit, as_of, username, **options):
        try:
            day = timezone.localdate() if not as_of else dt.date.fromisoformat(as_of)
        except ValueError:
            raise CommandError(f"Ngày “{as_of}” không đúng dạng YYYY-MM-DD.") from None
        # The unit valid on that day: before 1/7/2025 a code names a legacy unit.
        target = command_unit(command_user(username), unit, day=day)
        data = rollup(target, day)
        table = build_table(data)
        if options["json"]:
            self.stdout.write(json.dumps(_as_json(data, table), ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{target.name} — {day:%d/%m/%Y}")
        for t, result in data.targets:
            self.stdout.write(
                f"  [{result.label}] {t.name}: {result.met}/{result.units} "
                f"(cần {result.threshold_percent}%, hạn {t.deadline:%d/%m/%Y})"
            )
        labels = [str(c.label) for c in table.columns]
        self.stdout.write("\t".join(labels))
        for _row, cells in table.rows:
            self.stdout.write("\t".join(c.text for c in cells))
        self.stdout.write("\t".join(c.text for c in table.total))


def _as_json(data, table) -> dict:
    children = table_json(table)
    for item, (row, _cells) in zip(children, table.rows, strict=True):
        item["page_stats"] = _page_stats(row.figures.page_stats)
    return {
        "unit": {"id": data.unit.pk, "code": data.unit.code, "name": data.unit.name},
        "as_of": data.as_of.isoformat(),
        "columns": {c.key: str(c.label) for c in table.columns},
        "total": {
            "cadres": data.total.cadres,
            "with_account": data.total.with_account,
            "with_facebook": data.total.with_facebook,
            "with_zalo": data.total.with_zalo,
            "follows": {str(k): v for k, v in data.total.follows.items()},
            "follows_all": data.total.follows_all,
            "fields_filled": data.total.fields_filled,
            "complete": data.total.complete,
            "pages": {k: vars(v) for k, v in data.total.pages.items()},
            "page_stats": _page_stats(data.total.page_stats),
        },
        "children": children,
        "targets": [
            {
                "name": t.name,
                "measure": t.measure,
                "deadline": t.deadline.isoformat(),
                "status": result.status,
                "met": result.met,
                "units": result.units,
                "threshold": result.threshold,
                "days_left": result.days_left,
                "missing": [
                    {"id": c.unit_id, "name": c.name, "reason": c.reason} for c in result.missing
                ],
            }
            for t, result in data.targets
        ],
    }


def _page_stats(figures) -> dict:
    """Pages with figures this month, pages active in it, followers in total, posts per page."""
    per_page = figures.posts_per_page
    return {**vars(figures), "posts_per_page": round(per_page, 2) if per_page is not None else None}
