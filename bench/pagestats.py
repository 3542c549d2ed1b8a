"""Page statistics benchmark: `make bench-pagestats` (or `uv run python bench/pagestats.py
[--pages 500] [--months 12] [--posts 30]`).

On a fresh SQLite database: a province of 10 districts and their communes, one Facebook page
per unit (500 by default), and for each page a year of posts (30 a month) as the posts export
Business Suite writes (UTF-8 with BOM, 32 columns). Measured:
  (a) the import of every page's export: read, recognise the page, classify, write the posts
      with one audit entry each, recount the months (stats_plan + stats_apply);
  (b) the baseline "raw": the same files read with csv and the posts bulk-inserted, nothing
      checked, no audit, no months; ratio a/b;
  (c) the same files imported again (nothing changes);
  (d) the by-page table of the province (every page, with its level's medians and flags),
      the median of 5 warm runs (target <= 300 ms), and its query count for the province and
      for one district (the same count: it does not grow with the number of pages).
"""

import argparse
import csv
import datetime as dt
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import setup_django, synthetic_province  # noqa: E402

TARGET_MS = 300


def build(pages: int):
    from frontnet.accounts.models import Role, User
    from frontnet.cadres.models import Platform
    from frontnet.pages.models import CommunityPage

    province, tree = synthetic_province(max(pages // 10 - 1, 0))
    units = [unit for district, communes in tree for unit in (district, *communes)]
    platform = Platform.objects.get(key="facebook_page")
    rows = []
    for i, unit in enumerate(units[:pages]):
        link = f"https://www.facebook.com/profile.php?id={10**14 + i}"
        rows.append(
            CommunityPage(
                unit=unit,
                platform=platform,
                name=f"Mặt trận {unit.name}",
                link_raw=link,
                canonical=link,
            )
        )
    CommunityPage.objects.bulk_create(rows)
    user = User.objects.create_user(
        username="tinh", password="x", role=Role.PROVINCE_ADMIN, unit=province
    )
    return province, units[0], list(CommunityPage.objects.order_by("pk")), user


def export(page_index: int, months: int, per_month: int, first: dt.date) -> bytes:
    from frontnet.pagestats.samples import post, posts_csv

    posts = []
    meta_id = str(10**14 + page_index)
    for m in range(months):
        month = dt.date(first.year + (first.month - 1 + m) // 12, (first.month - 1 + m) % 12 + 1, 1)
        for k in range(per_month):
            when = dt.datetime.combine(month, dt.time(7, 0)) + dt.timedelta(days=k % 28, minutes=k)
            seed = page_index * 7919 + m * 104729 + k
            posts.append(
                post(
                    f"{meta_id}_{m:02d}{k:03d}",
                    when,
                    views=seed % 5000,
                    reach=seed % 4000,
                    reactions=seed % 300,
                    comments=seed % 40,
                    shares=seed % 25,
                    page_id=meta_id,
                )
            )
    return posts_csv(posts)


def import_all(files, province, user) -> tuple[float, dict]:
    from frontnet.pagestats.services import stats_apply, stats_plan

    totals = {"created": 0, "updated": 0, "unchanged": 0, "rejected": 0}
    cpu = time.process_time()
    start = time.perf_counter()
    for i, data in enumerate(files):
        plan = stats_plan(data=data, filename=f"page-{i}.csv", user=user, unit=province)
        stats_apply(plan=plan, by=user)
        for k, v in plan.counts.items():
            totals[k] += v
        if (i + 1) % 50 == 0:
            elapsed = time.perf_counter() - start
            print(f"  {i + 1} files, {elapsed:.0f} s", file=sys.stderr, flush=True)
    totals["cpu_s"] = round(time.process_time() - cpu, 1)  # wall time also waits for the disk
    return time.perf_counter() - start, totals


def raw_baseline(files, pages) -> float:
    """Parse with csv, bulk-insert the posts: no page recognition, checks, audit or months."""
    from django.db import transaction
    from django.utils import timezone

    from frontnet.pagestats.models import PagePost

    start = time.perf_counter()
    today = timezone.localdate()
    for data, page in zip(files, pages, strict=True):
        reader = csv.reader(io.StringIO(data.decode("utf-8-sig")))
        next(reader)
        rows = [
            PagePost(
                page=page,
                post_id="raw" + r[0],
                published_at=timezone.make_aware(dt.datetime.strptime(r[6], "%m/%d/%Y %H:%M")),
                permalink=r[8],
                post_type=r[11],
                views=int(r[17]),
                reach=int(r[18]),
                reactions=int(r[20]),
                comments=int(r[21]),
                shares=int(r[22]),
                exported_on=today,
            )
            for r in reader
        ]
        with transaction.atomic():
            PagePost.objects.bulk_create(rows, batch_size=500)
    elapsed = time.perf_counter() - start
    PagePost.objects.filter(post_id__startswith="raw").delete()
    return elapsed


def table_timing(user, unit, month) -> tuple[float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from frontnet.pagestats.selectors import by_page

    runs = []
    for _ in range(6):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            table = by_page(user, unit, month=month)
            runs.append(time.perf_counter() - start)
    assert table.rows
    return statistics.median(runs[1:]) * 1000, len(queries)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=500)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--posts", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        setup_django(str(Path(tmp) / "bench.sqlite3"))
        from frontnet.pagestats.models import PageMonth, PagePost

        print(f"building {args.pages} pages ...", file=sys.stderr, flush=True)
        province, district, pages, user = build(args.pages)
        first = dt.date(2025, 1, 1)
        files = [export(i, args.months, args.posts, first) for i in range(len(pages))]
        posts = len(pages) * args.months * args.posts
        megabytes = sum(len(f) for f in files) / 2**20
        print(f"{len(pages)} exports, {posts} posts, {megabytes:.1f} MB", flush=True)

        raw = raw_baseline(files, pages)
        seconds, counts = import_all(files, province, user)
        again, counts_again = import_all(files, province, user)
        assert PagePost.objects.count() == posts
        assert PageMonth.objects.count() == len(pages) * args.months
        print(
            f"(a) import a year of posts exports: {seconds:.1f} s "
            f"({posts / seconds:,.0f} posts/s) {counts}"
        )
        print(f"(b) baseline raw (csv + bulk insert, nothing checked): {raw:.1f} s")
        print(f"    ratio a/b: {seconds / raw:.1f}")
        print(f"(c) the same files again: {again:.1f} s {counts_again}")
        month = dt.date(first.year + (args.months - 1) // 12, (args.months - 1) % 12 + 1, 1)
        ms, queries = table_timing(user, province, month)
        ms_small, queries_small = table_timing(user, district, month)
        verdict = "ok" if ms <= TARGET_MS else "OVER TARGET"
        print(
            f"(d) by-page table of the province ({len(pages)} pages): {ms:.0f} ms, {queries} queries "
            f"(target <= {TARGET_MS} ms: {verdict}); one district: {ms_small:.0f} ms, "
            f"{queries_small} queries"
        )
        if queries != queries_small:
            print("    query count grows with the number of pages!")
            sys.exit(1)


if __name__ == "__main__":
    main()
