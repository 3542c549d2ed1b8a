"""Demo step (`frontnet.demo.build.DEMO_STEPS`): a year of page figures for the demo province, so a newcomer sees trends, the
by-page table with its medians and flags, and one page filled from a real-looking posts
export (the `xa` user's commune). Signature of a demo step (rng, province, result); safe to
run again (a province that has figures is left as it is)."""

import datetime as dt
import random

from django.utils import timezone

from frontnet.accounts.models import User
from frontnet.audit.models import Channel
from frontnet.pages.models import CommunityPage
from frontnet.pagestats.models import PageMonth, Source
from frontnet.pagestats.selectors import add_months
from frontnet.pagestats.services import stats_apply, stats_plan


def demo_pagestats(*, province, rng=None, result=None, months: int = 12) -> int:
    rng = rng or random.Random(2022)
    pages = list(
        CommunityPage.objects.filter(unit__path__startswith=province.path, active=True)
        .select_related("unit", "platform")
        .order_by("pk")
    )
    if not pages or PageMonth.objects.filter(page__in=pages).exists():
        return 0
    last = add_months(timezone.localdate().replace(day=1), -1)
    first = add_months(last, -(months - 1))
    by = User.objects.filter(username="tinh", is_active=True).first()
    now = timezone.now()
    rows = []
    for page in pages:
        followers = rng.randint(150, 4000)
        lively = rng.random()
        falling = rng.random() < 0.1  # a few pages lose followers at the end
        for i in range(months):
            month = add_months(first, i)
            if rng.random() < 0.08:  # now and then a month nobody entered
                continue
            if falling and i >= months - 3:
                followers -= rng.randint(5, 40)
            else:
                followers += rng.randint(0, int(40 * lively) + 2)
            posts = 0 if lively < 0.15 and i >= months - 2 else rng.randint(0, int(20 * lively) + 1)
            rows.append(
                PageMonth(
                    page=page,
                    month=month,
                    followers=followers,
                    new_follows=rng.randint(0, 60),
                    posts=posts,
                    interactions=posts * rng.randint(3, 40),
                    reach=posts * rng.randint(50, 600),
                    source=Source.FORM,
                    entered_by=by,
                    entered_at=now,
                )
            )
    PageMonth.objects.bulk_create(rows, batch_size=1000)
    xa = User.objects.filter(username="xa", is_active=True).select_related("unit").first()
    own = next((p for p in pages if xa and p.unit_id == xa.unit_id), None)
    if own is not None:
        PageMonth.objects.filter(page=own).delete()  # its figures come from the export below
        _import_posts(own, xa, first, months, rng)
    if result is not None:
        result.notes.append(
            f"Hiệu quả trang: {len(rows)} tháng số liệu của {len(pages)} trang"
            + (f"; trang “{own.name}” nạp từ tệp bài viết." if own else ".")
        )
    return len(rows)


def _import_posts(page, user, first, months, rng) -> None:
    from frontnet.pagestats.samples import post, posts_csv

    meta_id = page.canonical.rsplit("=", 1)[-1].rsplit("/", 1)[-1] or "demo"
    posts = []
    for i in range(months):
        month = add_months(first, i)
        for k in range(rng.randint(4, 14)):
            when = dt.datetime.combine(month, dt.time(7, 0)) + dt.timedelta(
                days=rng.randint(0, 27), minutes=rng.randint(0, 720)
            )
            reach = rng.randint(80, 3000)
            posts.append(
                post(
                    f"{meta_id}_{i:02d}{k:02d}",
                    when,
                    views=reach + rng.randint(0, 2000),
                    reach=reach,
                    reactions=rng.randint(0, reach // 10),
                    comments=rng.randint(0, 40),
                    shares=rng.randint(0, 25),
                    page_id=meta_id,
                    page_name=page.name,
                )
            )
    data = posts_csv(posts, language="vi", columns=34)
    plan = stats_plan(data=data, filename="bai-viet-demo.csv", user=user, unit=page.unit, page=page)
    if plan.ready:
        stats_apply(plan=plan, by=user, channel=Channel.COMMAND)
