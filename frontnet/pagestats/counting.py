"""The page measures of the dashboard, targets and scores, counted in SQL: two grouped
queries whatever the number of units or pages (`monitoring.selectors.rollup` adds them)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q, Sum
from django.db.models.functions import Substr

from frontnet.monitoring.counting import end_of, in_subtree
from frontnet.monitoring.measures import PageStatFigures
from frontnet.pages.models import CommunityPage

from .models import PageMonth


def _fill(found: dict, key, pages=0, row=None) -> None:
    figures = found.setdefault(key, PageStatFigures())
    figures.pages += pages
    if row is not None:
        figures.with_figures += row["with_figures"]
        figures.active += row["active"]
        figures.followers += row["followers"] or 0
        figures.posts += row["posts"] or 0


def _month_aggregates() -> dict:
    return {
        "with_figures": Count("pk"),
        "active": Count("pk", filter=Q(posts__gt=0)),
        "followers": Sum("followers"),
        "posts": Sum("posts"),
    }


def _live_on(day: dt.date, prefix: str = "") -> Q:
    # A page ended by the 2025 reform (carried on by a copy) still counts up to its end.
    return Q(**{f"{prefix}active": True}) | Q(**{f"{prefix}ended_on__gte": day})


def page_stat_groups(
    path: str, prefix_len: int, day: dt.date
) -> tuple[dict[str, PageStatFigures], dict[int, PageStatFigures]]:
    """For the subtree at `path` and the month of `day`: figures per path prefix (the whole
    subtree of each child) and per unit (its own pages only). Figures are the months as last
    entered; pages count once registered (created_at) and while active."""
    month = day.replace(day=1)
    pages = (
        CommunityPage.objects.filter(in_subtree(path, "unit__path"), _live_on(day))
        .filter(created_at__lt=end_of(day))
        .annotate(prefix=Substr("unit__path", 1, prefix_len))
        .order_by()
        .values_list("prefix", "unit_id")
        .annotate(n=Count("pk"))
    )
    months = (
        PageMonth.objects.filter(in_subtree(path, "page__unit__path"), month=month)
        .filter(_live_on(day, "page__"), page__created_at__lt=end_of(day))
        .annotate(prefix=Substr("page__unit__path", 1, prefix_len))
        .order_by()
        .values("prefix", "page__unit_id")
        .annotate(**_month_aggregates())
    )
    by_prefix: dict[str, PageStatFigures] = {}
    by_unit: dict[int, PageStatFigures] = {}
    for prefix, unit_id, n in pages:
        _fill(by_prefix, prefix, pages=n)
        _fill(by_unit, unit_id, pages=n)
    for row in months:
        _fill(by_prefix, row["prefix"], row=row)
        _fill(by_unit, row["page__unit_id"], row=row)
    return by_prefix, by_unit


def own_page_stats(unit_ids: list[int], day: dt.date) -> dict[int, PageStatFigures]:
    """Each unit's own pages and their figures for the month of `day` (two queries)."""
    month = day.replace(day=1)
    found: dict[int, PageStatFigures] = {}
    pages = (
        CommunityPage.objects.filter(
            _live_on(day), unit_id__in=unit_ids, created_at__lt=end_of(day)
        )
        .order_by()
        .values_list("unit_id")
        .annotate(n=Count("pk"))
    )
    for unit_id, n in pages:
        _fill(found, unit_id, pages=n)
    months = (
        PageMonth.objects.filter(page__unit_id__in=unit_ids, month=month, page__active=True)
        .filter(page__created_at__lt=end_of(day))
        .order_by()
        .values("page__unit_id")
        .annotate(**_month_aggregates())
    )
    for row in months:
        _fill(found, row["page__unit_id"], row=row)
    return found


def meets(measure: str, figures: PageStatFigures | None, posts_needed: int) -> bool:
    """A unit's own pages against a page-statistics measure: every page has figures; some
    page posted; posts per page at least `posts_needed` (a target's per-unit figure)."""
    if figures is None or not figures.pages:
        return False
    if measure == "page_with_figures":
        return figures.with_figures >= figures.pages
    if measure == "page_active":
        return figures.active > 0
    if measure == "page_posts":
        return figures.posts >= posts_needed * figures.pages
    raise ValueError(measure)
