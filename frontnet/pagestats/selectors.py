"""Reads of page statistics. Pages come through `frontnet.pages.selectors` and uploads
through `frontnet.units.access`, so an id outside the user's scope is a 404."""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass, field

from django.db.models import Max, OuterRef, Subquery
from django.utils import timezone

from frontnet.monitoring.counting import in_subtree
from frontnet.pages.models import CommunityPage
from frontnet.pages.selectors import page_get_for_user, pages_visible_to
from frontnet.units.access import get_scoped, province_path_of, scope_q
from frontnet.units.models import Unit

from .models import PageMonth, PagePost, StatsUpload

QUIET_DAYS = 30


def add_months(month: dt.date, n: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + n
    return dt.date(index // 12, index % 12 + 1, 1)


def this_month(today: dt.date | None = None) -> dt.date:
    today = today or timezone.localdate()
    return today.replace(day=1)


def upload_get_for_user(user, pk) -> StatsUpload:
    return get_scoped(user=user, queryset=StatsUpload.objects.select_related("unit", "page"), pk=pk)


def stats_page_get_for_user(user, pk) -> CommunityPage:
    return page_get_for_user(user, pk)


@dataclass
class MonthPoint:
    month: dt.date
    row: PageMonth | None


def page_months(page: CommunityPage, *, until: dt.date, count: int = 12) -> list[MonthPoint]:
    """The `count` months up to `until` (a first day), each with its figures or None."""
    first = add_months(until, -(count - 1))
    rows = {
        m.month: m for m in PageMonth.objects.filter(page=page, month__gte=first, month__lte=until)
    }
    return [MonthPoint(m, rows.get(m)) for m in (add_months(first, i) for i in range(count))]


def best_posts(page: CommunityPage, *, limit: int = 5) -> list[PagePost]:
    posts = PagePost.objects.filter(page=page).order_by("-published_at")[:500]
    return sorted(posts, key=lambda p: (-p.engagement, -p.views, p.post_id))[:limit]


def last_month_with_figures(page: CommunityPage) -> dt.date | None:
    return PageMonth.objects.filter(page=page).aggregate(m=Max("month"))["m"]


def pages_for_upload(*, user, unit: Unit):
    """The active pages an uploader may add figures to: in their scope, in the unit's subtree."""
    return (
        CommunityPage.objects.filter(scope_q(user=user, prefix="unit__"), active=True)
        .filter(unit__path__startswith=unit.path)
        .select_related("unit", "platform")
        .order_by("unit__path", "name")
    )


def pages_missing_month(month: dt.date):
    """Active pages that existed before `month` ended and have no figures for it."""
    from django.db.models import Exists, OuterRef

    end = timezone.make_aware(dt.datetime.combine(add_months(month, 1), dt.time.min))
    has = PageMonth.objects.filter(page=OuterRef("pk"), month=month)
    return (
        CommunityPage.objects.filter(active=True, created_at__lt=end)
        .filter(~Exists(has))
        .select_related("unit")
        .order_by("pk")
    )


# --- The by-page table -------------------------------------------------------------------

COLUMNS = ("unit", "page", "followers", "posts", "interactions", "reach", "last_post")


@dataclass
class PageRow:
    page: CommunityPage
    level_key: str
    level_name: str
    followers: int | None = None
    posts: int | None = None
    interactions: int | None = None
    reach: int | None = None
    last_post: dt.datetime | None = None
    followers_before: list[int | None] = field(default_factory=list)  # M-1, M-2
    median: dict[str, float | None] = field(default_factory=dict)
    quiet: bool = False  # no post in 30 days
    falling: bool = False  # followers down two months running

    def vs_median(self, name: str) -> str:
        value, middle = getattr(self, name), self.median.get(name)
        if value is None or middle is None:
            return ""
        return "ok" if value >= middle else "bad"


@dataclass
class ByPage:
    unit: Unit
    month: dt.date
    rows: list[PageRow]
    medians: dict[str, dict[str, float | None]]  # level key -> figure -> median
    levels: list[tuple[str, str]]


def _figures(row: PageMonth | None) -> dict:
    if row is None:
        return {"followers": None, "posts": None, "interactions": None, "reach": None}
    reach = row.reach if row.reach is not None else row.post_reach
    return {
        "followers": row.followers,
        "posts": row.posts,
        "interactions": row.total_interactions,
        "reach": reach,
    }


def by_page(
    user, unit: Unit, *, month: dt.date, today: dt.date | None = None, sort: str = ""
) -> ByPage:
    """Each active page of the unit's subtree that the user sees, for one month, against the
    median of the pages of its level across the province. Three queries whatever the number
    of pages."""
    today = today or timezone.localdate()
    # The last post of each page: one seek down the (page, published_at) index per page,
    # inside the pages' own query (a MAX over every post of the subtree read them all).
    last_post = (
        PagePost.objects.filter(page=OuterRef("pk"))
        .order_by("-published_at")
        .values("published_at")[:1]
    )
    pages = list(
        pages_visible_to(user)
        .filter(unit__path__startswith=unit.path, active=True)
        .annotate(last_post=Subquery(last_post))
        .order_by("unit__path", "name")
    )
    window = [add_months(month, -2), add_months(month, -1), month]
    months: dict[tuple[int, dt.date], PageMonth] = {
        (m.page_id, m.month): m
        for m in PageMonth.objects.filter(
            in_subtree(unit.path, "page__unit__path"), page__active=True, month__in=window
        )
    }
    # The level's median across the province, over the pages that have figures that month.
    level_values: dict[str, dict[str, list[int]]] = {}
    for level_key, *values in (
        PageMonth.objects.filter(
            month=month, page__active=True, page__unit__path__startswith=province_path_of(unit=unit)
        )
        .select_related(None)
        .values_list(
            "page__unit__level__key",
            "followers",
            "posts",
            "interactions",
            "reactions",
            "comments",
            "shares",
            "reach",
            "post_reach",
        )
    ):
        followers, posts, interactions, reactions, comments, shares, reach, post_reach = values
        if interactions is None and not (reactions is None and comments is None and shares is None):
            interactions = (reactions or 0) + (comments or 0) + (shares or 0)
        reach = reach if reach is not None else post_reach
        bucket = level_values.setdefault(
            level_key, {"followers": [], "posts": [], "interactions": [], "reach": []}
        )
        for name, value in (
            ("followers", followers),
            ("posts", posts),
            ("interactions", interactions),
            ("reach", reach),
        ):
            if value is not None:
                bucket[name].append(value)
    medians = {
        key: {name: statistics.median(v) if v else None for name, v in bucket.items()}
        for key, bucket in level_values.items()
    }
    quiet_since = timezone.make_aware(
        dt.datetime.combine(today - dt.timedelta(days=QUIET_DAYS), dt.time.min)
    )
    rows = []
    for page in pages:
        level = page.unit.level
        current = months.get((page.pk, month))
        row = PageRow(
            page=page, level_key=level.key, level_name=level.display_name, **_figures(current)
        )
        row.followers_before = [
            _figures(months.get((page.pk, m)))["followers"] for m in window[1::-1]
        ]
        row.last_post = page.last_post
        row.median = medians.get(level.key, {})
        if row.last_post is not None:
            row.quiet = row.last_post < quiet_since
        else:
            row.quiet = not row.posts  # a page known only from forms: its month's posts
        f0, f1, f2 = row.followers, *row.followers_before
        row.falling = None not in (f0, f1, f2) and f0 < f1 < f2
        rows.append(row)
    _sort(rows, sort)
    levels = sorted(
        {(r.level_key, r.level_name, r.page.unit.level.rank) for r in rows}, key=lambda t: t[2]
    )
    return ByPage(
        unit=unit, month=month, rows=rows, medians=medians, levels=[(k, n) for k, n, _r in levels]
    )


def _sort(rows: list[PageRow], sort: str) -> None:
    key = sort.lstrip("-")
    if key not in COLUMNS:
        return
    reverse = sort.startswith("-")
    if key == "unit":
        rows.sort(key=lambda r: r.page.unit.path, reverse=reverse)
    elif key == "page":
        rows.sort(key=lambda r: r.page.name.casefold(), reverse=reverse)
    else:
        # Pages without the figure go last whichever way the column is sorted.
        known = [r for r in rows if getattr(r, key) is not None]
        unknown = [r for r in rows if getattr(r, key) is None]
        known.sort(key=lambda r: getattr(r, key), reverse=reverse)
        rows[:] = known + unknown
