"""Import benchmark: `make bench` (or `uv run python bench/run.py [--rows N]`).

Builds a cadres workbook for a synthetic province and measures, each in its own process on
a fresh SQLite database (so peak memory is per measurement):
  (a) FrontNet's full import: parse + validate + commit (plan_import + apply_plan);
  (b) the raw limit: python-calamine parse + bulk insert of the same rows, no validation;
  (c) the peer: django-import-export importing the same rows with a plain ModelResource.
Prints time and peak memory of each, and the ratios a/b (target <= 2) and c/a (target >= 5).
The baseline is (b), measured in the same run on the same machine.
"""

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import setup_django, synthetic_province  # noqa: E402


def build_province(communes: int = 200):
    """tỉnh Mẫu > 10 huyện > `communes` xã, through the real services."""
    from frontnet.cadres.models import OfficialChannel, Platform

    province, tree = synthetic_province(communes // 10)
    made = [commune for _district, found in tree for commune in found]
    page = Platform.objects.get(key="facebook_page")
    for i, name in enumerate(["Fanpage Mặt trận tỉnh", "Zalo Mặt trận tỉnh"]):
        OfficialChannel.objects.create(
            province=province,
            platform=page,
            name=name,
            link_raw=f"https://www.facebook.com/mt{i}",
            canonical=f"https://www.facebook.com/mt{i}",
        )
    return province, made


def write_workbook(path: Path, rows: int, communes) -> None:
    import xlsxwriter

    from frontnet.workbooks.columns import CADRE_COLUMNS, CADRE_SHEET, follow_header
    from frontnet.workbooks.labels import unit_labels

    labels = unit_labels(communes)
    categories = [
        "Cán bộ chuyên trách",
        "Cán bộ bán chuyên trách",
        "Cán bộ hợp đồng",
        "Ủy viên Ủy ban MTTQ",
    ]
    surnames = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng"]
    middles = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Ngọc"]
    given = ["An", "Bình", "Chi", "Dũng", "Hà", "Hòa", "Lan", "Mai", "Nam", "Thủy", "Tâm", "Yến"]
    book = xlsxwriter.Workbook(
        str(path), {"constant_memory": True, "strings_to_numbers": False, "strings_to_urls": False}
    )
    sheet = book.add_worksheet(CADRE_SHEET)
    headers = [c.header for c in CADRE_COLUMNS] + [
        follow_header("Fanpage Mặt trận tỉnh"),
        follow_header("Zalo Mặt trận tỉnh"),
    ]
    for col, text in enumerate(headers):
        sheet.write_string(0, col, text)
    for r in range(1, rows + 1):
        unit = communes[r % len(communes)]
        name = f"{surnames[r % 10]} {middles[(r // 10) % 6]} {given[(r // 60) % 12]} {r}"
        by_field = {
            "unit": labels[unit.pk],
            "full_name": name,
            "gender": "Nam" if r % 2 else "Nữ",
            "birth_year": 1960 + r % 40,
            "position": "Cán bộ",
            "category": categories[r % 4],
            "phone": f"09{r:08d}",
            "facebook": f"https://m.facebook.com/user.{r}?mibextid=x" if r % 3 else "",
            "zalo": f"09{r:08d}" if r % 2 else "",
        }
        # The template's columns in its order (a field added to the definition stays blank).
        values = [by_field.get(c.field, "") for c in CADRE_COLUMNS]
        values += ["x" if r % 2 else "", "có" if r % 5 else "không"]
        for col, value in enumerate(values):
            if isinstance(value, int):
                sheet.write_number(r, col, value)
            elif value:
                sheet.write_string(r, col, value)
    book.close()


def measure_full(path: Path, province) -> dict:
    from frontnet.workbooks.applying import apply_plan
    from frontnet.workbooks.importing import plan_import

    start = time.perf_counter()
    plan = plan_import(data=path.read_bytes(), filename=path.name, unit=province)
    validated = time.perf_counter()
    apply_plan(plan, by=None)
    done = time.perf_counter()
    return {
        "seconds": done - start,
        "validate_seconds": validated - start,
        "commit_seconds": done - validated,
        "counts": plan.counts,
    }


def _rows(path: Path) -> list[dict]:
    """The cadres sheet's rows, each as {field: cell} with the follow cells under "follows"."""
    from python_calamine import CalamineWorkbook

    from frontnet.workbooks.columns import CADRE_COLUMNS, CADRE_SHEET

    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(CADRE_SHEET).to_python()[1:]
    width = len(CADRE_COLUMNS)
    return [
        {**{c.field: r[i] for i, c in enumerate(CADRE_COLUMNS)}, "follows": r[width:]} for r in rows
    ]


def measure_raw(path: Path, province, communes, *, one_transaction: bool = False) -> dict:
    """The same rows (cadres, their Facebook/Zalo accounts, their channel follows) written
    with bulk inserts and no validation, normalisation or audit. With `one_transaction`, all
    of it in one transaction, as FrontNet's import must be (all valid rows or none)."""
    if one_transaction:
        from django.db import transaction

        with transaction.atomic():
            return measure_raw(path, province, communes)
    from frontnet.cadres.models import (
        Cadre,
        CadreCategory,
        ChannelFollow,
        OfficialChannel,
        Platform,
        SocialAccount,
    )
    from frontnet.workbooks.labels import unit_labels

    start = time.perf_counter()
    units = {label: pk for pk, label in unit_labels(communes).items()}
    categories = {c.name: c.pk for c in CadreCategory.objects.all()}
    facebook, zalo = Platform.objects.get(key="facebook_profile"), Platform.objects.get(key="zalo")
    channels = list(OfficialChannel.objects.order_by("pk").values_list("pk", flat=True))
    rows = _rows(path)
    cadres = [
        Cadre(
            unit_id=units[r["unit"]],
            full_name=r["full_name"],
            search_name=r["full_name"],
            category_id=categories[r["category"]],
            phone=str(r["phone"]),
            gender=r["gender"],
            birth_year=int(r["birth_year"]),
            position=r["position"],
        )
        for r in rows
    ]
    Cadre.objects.bulk_create(cadres, batch_size=1000)
    accounts, follows = [], []
    for r, cadre in zip(rows, cadres, strict=True):
        if r["facebook"]:
            accounts.append(
                SocialAccount(
                    cadre_id=cadre.pk,
                    unit_id=cadre.unit_id,
                    platform=facebook,
                    link_raw=r["facebook"],
                    canonical=r["facebook"],
                )
            )
        if r["zalo"]:
            accounts.append(
                SocialAccount(
                    cadre_id=cadre.pk,
                    unit_id=cadre.unit_id,
                    platform=zalo,
                    link_raw=r["zalo"],
                    canonical=r["zalo"],
                )
            )
        for channel, answer in zip(channels, r["follows"][:2], strict=False):
            if answer:
                follows.append(ChannelFollow(cadre_id=cadre.pk, channel_id=channel, status="yes"))
    SocialAccount.objects.bulk_create(accounts, batch_size=1000)
    ChannelFollow.objects.bulk_create(follows, batch_size=1000)
    return {
        "seconds": time.perf_counter() - start,
        "counts": {"cadres": len(cadres), "accounts": len(accounts), "follows": len(follows)},
    }


def measure_peer(path: Path, province, communes) -> dict:
    import tablib
    from import_export import resources

    from frontnet.cadres.fields import template_fields
    from frontnet.cadres.models import Cadre, CadreCategory
    from frontnet.workbooks.labels import unit_labels

    # The Cadre fields of the template's columns, from the one definition, and the search name.
    names = ["id", *(f.model for f in template_fields() if f.model), "search_name"]

    class CadreResource(resources.ModelResource):
        class Meta:
            model = Cadre
            fields = tuple(names)

    start = time.perf_counter()
    units = {label: pk for pk, label in unit_labels(communes).items()}
    categories = {c.name: c.pk for c in CadreCategory.objects.all()}
    dataset = tablib.Dataset(headers=names)
    for r in _rows(path):
        values = {
            **r,
            "id": "",
            "unit": units[r["unit"]],
            "search_name": r["full_name"],
            "gender": "male" if r["gender"] == "Nam" else "female",
            "birth_year": int(r["birth_year"]),
            "category": categories[r["category"]],
            "phone": str(r["phone"]),
        }
        dataset.append([values.get(name) or "" for name in names])
    result = CadreResource().import_data(dataset, dry_run=False, raise_errors=True)
    return {
        "seconds": time.perf_counter() - start,
        "counts": {"created": result.totals.get("new", 0)},
    }


def child(mode: str, rows: int, workdir: str) -> None:
    setup_django(f"{workdir}/{mode}.sqlite3")
    province, communes = build_province()
    path = Path(workdir) / "cadres.xlsx"
    if mode == "make":
        write_workbook(path, rows, communes)
        result = {"seconds": 0}
    elif mode == "full":
        result = measure_full(path, province)
    elif mode == "raw":
        result = measure_raw(path, province, communes)
    elif mode == "raw1":
        result = measure_raw(path, province, communes, one_transaction=True)
    else:
        result = measure_peer(path, province, communes)
    result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


def run(mode: str, rows: int, workdir: str) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--child", mode, "--rows", str(rows), "--workdir", workdir],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--child")
    parser.add_argument("--workdir")
    parser.add_argument("--skip-peer", action="store_true")
    args = parser.parse_args()
    if args.child:
        child(args.child, args.rows, args.workdir)
        return
    with tempfile.TemporaryDirectory() as workdir:
        run("make", args.rows, workdir)
        size = (Path(workdir) / "cadres.xlsx").stat().st_size / 1e6
        print(f"workbook: {args.rows} cadre rows, {size:.1f} MB")
        results = {
            "b": run("raw", args.rows, workdir),
            "b1": run("raw1", args.rows, workdir),
            "a": run("full", args.rows, workdir),
        }
        if not args.skip_peer:
            results["c"] = run("peer", args.rows, workdir)
    names = {
        "a": "(a) FrontNet full import",
        "b": "(b) raw calamine + bulk insert",
        "b1": "(b1) the same in one transaction",
        "c": "(c) django-import-export",
    }
    for key in ("a", "b", "b1", "c"):
        if key in results:
            r = results[key]
            extra = (
                f"  [validate {r['validate_seconds']:.1f} s, commit {r['commit_seconds']:.1f} s; {r['counts']}]"
                if key == "a"
                else f"  [{r['counts']}]"
            )
            print(f"{names[key]:<34} {r['seconds']:8.2f} s   peak {r['peak_mb']:6.0f} MB{extra}")
    a, b = results["a"]["seconds"], results["b"]["seconds"]
    print(f"a/b = {a / b:.2f}  (target <= 2; baseline: (b) in this run)")
    print(
        f"a/b1 = {a / results['b1']['seconds']:.2f}  (the baseline held to one transaction, as the import is)"
    )
    if "c" in results:
        print(f"c/a = {results['c']['seconds'] / a:.2f}  (target >= 5)")
    print(f"peak memory of (a) = {results['a']['peak_mb']:.0f} MB  (target <= 500 MB)")


if __name__ == "__main__":
    main()
