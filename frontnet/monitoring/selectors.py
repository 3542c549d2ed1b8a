"""Reads for monitoring: the measures of a unit and of each of its children, as of a date.

Every figure is grouped by the child's path prefix (all children of a unit share one path
length, since ids are zero-padded), so a rollup costs the same few queries for 10 children or
10,000 units below them. Cadre figures are summed from each unit's own figures, which
`unit_figures` keeps per day and counts again only for the units that changed.

As of a date: units count while they are valid (valid_from/valid_to); cadres once registered
(created_at) and while active (active_from/active_to); accounts once registered (created_at);
follows once confirmed (confirmed_on); a page's state is replayed from its PageEvents.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, Max, OuterRef, Q, Subquery
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.translation import gettext_lazy

from frontnet.audit.models import AuditEntry
from frontnet.cadres.models import Cadre, OfficialChannel
from frontnet.pages.models import CommunityPage, NameVerdict, PageAction, PageEvent
from frontnet.pagestats import counting as page_stats
from frontnet.units.access import province_path_of
from frontnet.units.models import PATH_STEP, Level, Unit

from . import unit_figures
from .counting import cadre_aggregates, cadres_on, end_of, figures_of, in_subtree, valid_q
from .measures import Figures, LevelPages, OwnPage, PageStatFigures
from .models import Measure, Target
from .targets import TargetResult, UnitCheck, evaluate, judging_date

# The PageEvent actions that set a page's state, and the state each one leaves it in.
STATE_ACTIONS = [
    PageAction.REGISTER,
    PageAction.REOPEN,
    PageAction.REPORT,
    PageAction.VERIFY,
    PageAction.RETURN,
]
REPORTED_ACTIONS = [PageAction.REPORT, PageAction.VERIFY]


def province_channels(unit: Unit) -> list[OfficialChannel]:
    """The official channels of the unit's province, which its cadres should follow."""
    root = province_path_of(unit=unit)
    return list(
        OfficialChannel.objects.filter(province__path=root, active=True).select_related("platform")
    )


# --- Counting ----------------------------------------------------------------------------


def cadre_figures(
    within: Unit, prefix_len: int, day: dt.date, channels: list[OfficialChannel]
) -> dict[str, Figures]:
    """Cadre counts of `within`'s subtree grouped by the first `prefix_len` characters of
    their unit's path, counted live from the records (one query). The rollup reads the same
    numbers from `unit_figures`; this is the reference it is tested against."""
    channel_ids = [c.pk for c in channels]
    rows = (
        Cadre.objects.filter(in_subtree(within.path, "unit__path"))
        .filter(cadres_on(day))
        .annotate(prefix=Substr("unit__path", 1, prefix_len))
        .order_by()
        .values("prefix")
        .annotate(**cadre_aggregates(day, channel_ids))
    )
    return {row["prefix"]: figures_of(row, channel_ids) for row in rows}


def _pages_as_of(day: dt.date):
    """Active pages registered by `day`, each with the action that set its state then."""
    end = end_of(day)
    last_action = PageEvent.objects.filter(
        page=OuterRef("pk"), at__lt=end, action__in=STATE_ACTIONS
    ).order_by("-at", "-id")
    return (
        CommunityPage.objects.filter(Q(active=True) | Q(ended_on__gte=day))
        .filter(Q(created_at__lt=end) | Q(events__at__lt=end))
        .annotate(last_action=Subquery(last_action.values("action")[:1]))
    )


def _pages_of_unit(day: dt.date):
    """The outer unit's pages as of `day` (for Exists() over a Unit queryset)."""
    return _pages_as_of(day).filter(unit=OuterRef("pk"))


def page_flags(day: dt.date) -> dict:
    """Exists() expressions over a Unit queryset: its own page as of `day`."""
    pages = _pages_of_unit(day)
    return {
        "page_registered": Exists(pages),
        "page_reported": Exists(pages.filter(last_action__in=REPORTED_ACTIONS)),
        "page_verified": Exists(pages.filter(last_action=PageAction.VERIFY)),
        "page_returned": Exists(pages.filter(last_action=PageAction.RETURN)),
    }


def page_figures(within: Unit, prefix_len: int, day: dt.date) -> dict[str, dict[str, LevelPages]]:
    """For each path prefix, the units of each level valid on `day` and how many have a page
    registered, reported, verified. Two queries: the units counted by group, then the pages
    of the subtree (a province has hundreds, against tens of thousands of units)."""
    rows = (
        Unit.objects.filter(in_subtree(within.path))
        .filter(valid_q(day))
        .annotate(prefix=Substr("path", 1, prefix_len))
        .order_by()
        .values("prefix", "level__key")
        .annotate(units=Count("pk"))
    )
    found: dict[str, dict[str, LevelPages]] = {}
    for row in rows:
        found.setdefault(row["prefix"], {})[row["level__key"]] = LevelPages(units=row["units"])
    pages = (
        _pages_as_of(day)
        .filter(in_subtree(within.path, "unit__path"), valid_q(day, "unit__"))
        .order_by()
        .values_list("pk", "unit_id", "unit__path", "unit__level__key", "last_action")
        .distinct()
    )
    units: dict[int, list] = {}  # unit id → [path, level, reported, verified]: its best page
    for _pk, unit_id, path, level, action in pages:
        unit = units.setdefault(unit_id, [path, level, False, False])
        unit[2] |= action in REPORTED_ACTIONS
        unit[3] |= action == PageAction.VERIFY
    for path, level, reported, verified in units.values():
        counts = found[path[:prefix_len]][level]
        counts.registered += 1
        counts.reported += reported
        counts.verified += verified
    return found


def units_with_own_page(queryset, day: dt.date):
    """The units annotated with their own page as of `day`."""
    end = end_of(day)
    pages = _pages_of_unit(day)
    first_report = PageEvent.objects.filter(
        Q(page__active=True) | Q(page__ended_on__gte=day),
        page__unit=OuterRef("pk"),
        action=PageAction.REPORT,
        at__lt=end,
    ).order_by("at")
    return queryset.select_related("level").annotate(
        **page_flags(day),
        page_name_ok=Exists(
            pages.filter(name_verdict__in=[NameVerdict.MATCH, NameVerdict.FORM_ONLY])
        ),
        first_reported_at=Subquery(first_report.values("at")[:1]),
    )


def own_page(unit: Unit) -> OwnPage:
    first = unit.first_reported_at
    return OwnPage(
        registered=unit.page_registered,
        reported=unit.page_reported,
        verified=unit.page_verified,
        name_ok=unit.page_name_ok,
        first_reported=timezone.localtime(first).date() if first else None,
        returned=unit.page_returned,
    )


# --- Targets -----------------------------------------------------------------------------


def targets_for(unit: Unit):
    """Active targets that apply somewhere in the unit's subtree."""
    return (
        Target.objects.filter(active=True)
        .filter(
            Q(root__isnull=True)
            | Q(root_id__in=[*unit.ancestor_ids(), unit.pk])
            | Q(root__path__startswith=unit.path)
        )
        .select_related("level", "root")
        .annotate(listed=Count("units"))
        .order_by("deadline", "name")
    )


def covered_units(target: Target, within: Unit, as_of: dt.date, *, roots: list[Unit] = ()):
    """The units a target covers inside `within` (or, given `roots`, inside any of them: an
    area specialist's areas): those that exist both on the as-of date and on the judging date
    (a unit abolished since is not missing; one created after the deadline was not due)."""
    day = judging_date(as_of, target.deadline)
    roots = list(roots) or [within]
    inside = Q()
    for root in roots:
        inside |= in_subtree(root.path)
    qs = Unit.objects.filter(inside).filter(valid_q(as_of), valid_q(day))
    if target.root_id:
        qs = qs.filter(in_subtree(target.root.path))
    if target.listed:
        qs = qs.filter(pk__in=target.units.values("pk"))
    elif target.level_id:
        qs = qs.filter(level_id=target.level_id)
    else:
        qs = qs.filter(parent__in=roots)
    return qs.order_by("path")


PAGE_REASONS = {
    "none": gettext_lazy("Chưa có trang cộng đồng"),
    "registered": gettext_lazy("Đã có trang, chưa báo cáo lên cấp trên"),
    "reported": gettext_lazy("Đã báo cáo, chưa được xác nhận"),
    "returned": gettext_lazy("Bị cấp trên trả lại, chưa được xác nhận"),
    "reopened": gettext_lazy("Đã sửa trang, cần báo cáo lại"),
}


def target_checks(
    target: Target,
    within: Unit,
    as_of: dt.date,
    book: unit_figures.FiguresBook,
    *,
    roots: list[Unit] = (),
) -> list[UnitCheck]:
    from django.utils.translation import gettext as _

    day = judging_date(as_of, target.deadline)
    units = covered_units(target, within, as_of, roots=roots)
    if target.measure in Measure.page_stat_measures():
        return _page_stat_checks(target, units, day)
    if target.is_page_measure:
        checks = []
        flags = page_flags(day)
        reasons = {state: str(text) for state, text in PAGE_REASONS.items()}
        # Plain tuples: a province has thousands of communes to check.
        for pk, name, parent, registered, reported, verified, returned in units.annotate(
            **flags
        ).values_list("pk", "name", "parent__name", *flags):
            page = OwnPage(registered, reported, verified, returned=returned)
            meets = page.meets(target.measure)
            reason = "" if meets else reasons[page.state]
            checks.append(
                UnitCheck(pk, name, meets, reason=reason, state=page.state, parent=parent or "")
            )
        return checks
    if target.measure in Measure.campaign_measures():
        return _campaign_checks(target, units, day, book)
    units = list(units.values_list("pk", "name", "path", "parent__name"))
    figures = _subtree_figures([path for _pk, _name, path, _parent in units], day, book)
    bar = target.unit_threshold / 100
    checks = []
    for pk, name, path, parent in units:
        f = figures.get(path, Figures())
        value = f.cadre_share(target.measure)
        meets = value is not None and value >= bar
        if value is None:
            reason = _("Chưa có cán bộ nào được nhập")
        else:
            reason = _("%(value)s (%(count)s/%(cadres)s cán bộ)") % {
                "value": f"{value:.0%}",
                "count": round(value * f.cadres),
                "cadres": f.cadres,
            }
        reason = "" if meets else reason
        checks.append(UnitCheck(pk, name, meets, value=value, reason=reason, parent=parent or ""))
    return checks


def _subtree_figures(paths, day: dt.date, book: unit_figures.FiguresBook) -> dict[str, Figures]:
    figures: dict[str, Figures] = {}
    for length in sorted({len(path) for path in paths}):
        figures.update(
            {p: g.figures for p, g in book.by_prefix(day, length).items() if len(p) == length}
        )
    return figures


def _campaign_checks(target: Target, units, day: dt.date, book) -> list[UnitCheck]:
    from frontnet.campaigns import measures as campaign

    units = list(
        units.annotate(parent_name=F("parent__name")).only("pk", "name", "path", "level_id")
    )
    checks = []
    if target.measure == Measure.CAMPAIGN_SHARED:
        counts = campaign.shared_counts(units, target.start, day)
        for u in units:
            shared, addressed = counts[u.pk]
            meets = shared >= target.unit_threshold
            reason = (
                "" if meets else campaign.shared_reason(shared, addressed, target.unit_threshold)
            )
            checks.append(UnitCheck(u.pk, u.name, meets, reason=reason, parent=u.parent_name or ""))
        return checks
    figures = _subtree_figures([u.path for u in units], day, book)
    interacting = campaign.interacting_counts(units, target.start, day)
    for u in units:
        cadres = figures.get(u.path, Figures()).cadres
        n = interacting.get(u.path, 0)
        value = n / cadres if cadres else None
        meets = value is not None and value >= target.unit_threshold / 100
        reason = "" if meets else campaign.interacting_reason(n, cadres)
        checks.append(
            UnitCheck(u.pk, u.name, meets, value=value, reason=reason, parent=u.parent_name or "")
        )
    return checks


def _page_stat_checks(target: Target, units, day: dt.date) -> list[UnitCheck]:
    from django.utils.translation import gettext as _

    units = list(units.values_list("pk", "name", "parent__name"))
    own = page_stats.own_page_stats([pk for pk, _name, _parent in units], day)
    checks = []
    for pk, name, parent in units:
        f = own.get(pk, PageStatFigures())
        meets = page_stats.meets(target.measure, f, target.unit_threshold)
        if not f.pages:
            reason = _("Chưa có trang cộng đồng")
        elif target.measure == Measure.PAGE_POSTS:
            reason = _("%(posts)s bài / %(pages)s trang trong tháng") % {
                "posts": f.posts,
                "pages": f.pages,
            }
        elif target.measure == Measure.PAGE_ACTIVE:
            reason = _("Không có bài viết nào trong tháng")
        else:
            reason = _("%(n)s/%(pages)s trang có số liệu tháng") % {
                "n": f.with_figures,
                "pages": f.pages,
            }
        checks.append(
            UnitCheck(pk, name, meets, reason="" if meets else reason, parent=parent or "")
        )
    return checks


def target_results(
    unit: Unit, as_of: dt.date, book: unit_figures.FiguresBook, *, roots: list[Unit] = ()
) -> list[tuple[Target, TargetResult]]:
    results = []
    # A target not yet set on that day was nobody's task then.
    for target in targets_for(unit).filter(start__lte=as_of):
        checks = target_checks(target, unit, as_of, book, roots=roots)
        result = evaluate(
            checks=checks,
            threshold_pct=target.threshold,
            start=target.start,
            deadline=target.deadline,
            as_of=as_of,
        )
        if result.units:
            results.append((target, result))
    return results


def figure_days(unit: Unit, as_of: dt.date) -> set[dt.date]:
    """The days whose stored figures a rollup of `unit` as of `as_of` reads: that day, and
    the judging day of each cadre target (a passed target is judged on its deadline)."""
    days = {as_of}
    for target in targets_for(unit).filter(start__lte=as_of):
        if not target.is_page_measure:
            days.add(judging_date(as_of, target.deadline))
    return days


# --- The rollup --------------------------------------------------------------------------


@dataclass
class Row:
    unit: Unit
    figures: Figures
    own: OwnPage
    last_change_at: dt.datetime | None
    last_change_by: str
    stats: PageStatFigures = field(default_factory=PageStatFigures)  # its own pages' month


@dataclass
class Rollup:
    unit: Unit
    as_of: dt.date
    channels: list[OfficialChannel]
    levels: list[Level]  # the levels below the unit that have units, for the page columns
    own: Row  # the unit itself: its own page, its own cadres only
    total: Figures  # the whole subtree
    rows: list[Row] = field(default_factory=list)
    targets: list[tuple[Target, TargetResult]] = field(default_factory=list)


def rollup(unit: Unit, as_of: dt.date, *, with_targets: bool = True) -> Rollup:
    """The measures of `unit` and of each child valid on `as_of`, in a constant number of
    queries (plus one or two per active target)."""
    channels = province_channels(unit)
    prefix_len = len(unit.path) + PATH_STEP + 1  # a child's path
    book = unit_figures.FiguresBook(unit, channels)
    cadres = book.by_prefix(as_of, prefix_len)
    pages = page_figures(unit, prefix_len, as_of)
    stats_by_prefix, stats_by_unit = page_stats.page_stat_groups(unit.path, prefix_len, as_of)
    listed = units_with_own_page(
        Unit.objects.filter(Q(parent=unit) | Q(pk=unit.pk)).filter(valid_q(as_of)), as_of
    ).order_by("path")
    # The groups at a child's path length cover the whole subtree: its last change is theirs.
    latest = max(
        (g for g in cadres.values() if g.last_change_at),
        key=lambda g: g.last_change_at,
        default=unit_figures.Group(),
    )
    subtree_change = (latest.last_change_at, latest.last_change_by)

    def row(u: Unit) -> Row:
        group = cadres.get(u.path, unit_figures.Group())
        group.figures.pages = pages.get(u.path, {})
        own_stats = stats_by_unit.get(u.pk, PageStatFigures())
        if u.pk == unit.pk:  # the unit's own row: its own pages only, as for its cadres
            group.figures.page_stats = PageStatFigures(**vars(own_stats))
        else:
            group.figures.page_stats = stats_by_prefix.get(u.path, PageStatFigures())
        # The unit's own row shows the last change anywhere below it, as a child's row does.
        at, by = subtree_change if u.pk == unit.pk else (group.last_change_at, group.last_change_by)
        return Row(u, group.figures, own_page(u), at, by or "", own_stats)

    rows, own = [], None
    for u in listed:
        if u.pk == unit.pk:
            own = row(u)
        else:
            rows.append(row(u))
    if own is None:  # the unit itself is not valid on that day: show it with nothing
        own = Row(unit, Figures(), OwnPage(), None, "")
    total = Figures().add(own.figures)
    for r in rows:
        total.add(r.figures)
    level_keys = {key for r in rows for key in r.figures.pages}
    levels = [lv for lv in Level.objects.filter(key__in=level_keys).order_by("rank")]
    return Rollup(
        unit=unit,
        as_of=as_of,
        channels=channels,
        levels=levels,
        own=own,
        total=total,
        rows=rows,
        targets=target_results(unit, as_of, book) if with_targets else [],
    )


def areas_rollup(province: Unit, roots: list[Unit], as_of: dt.date) -> Rollup:
    """An area specialist's areas together (`roots`, from `access.scope_roots`): one row per
    area counted over its whole subtree, their total, and each target judged over all of
    them at once. Each row is the area's row on its parent's dashboard: one rollup per
    parent (for areas that are districts or communes of one province, one)."""
    by_parent: dict[int | None, list[Unit]] = {}
    for root in roots:
        by_parent.setdefault(root.parent_id, []).append(root)
    wanted = {root.pk for root in roots}
    rows: list[Row] = []
    for parent_id, children in by_parent.items():
        if parent_id is None:  # a whole province: its total is the area's row
            for child in children:
                data = rollup(child, as_of, with_targets=False)
                rows.append(Row(child, data.total, data.own.own, None, ""))
            continue
        data = rollup(children[0].parent, as_of, with_targets=False)
        rows.extend(r for r in data.rows if r.unit.pk in wanted)
    rows.sort(key=lambda r: r.unit.path)
    total = Figures()
    for r in rows:
        total.add(r.figures)
    channels = province_channels(province)
    level_keys = {key for r in rows for key in r.figures.pages}
    book = unit_figures.FiguresBook(province, channels)
    return Rollup(
        unit=province,
        as_of=as_of,
        channels=channels,
        levels=list(Level.objects.filter(key__in=level_keys).order_by("rank")),
        own=Row(province, Figures(), OwnPage(), None, ""),
        total=total,
        rows=rows,
        targets=target_results(province, as_of, book, roots=roots),
    )


# --- The rendered dashboard ----------------------------------------------------------------

# A bound, not the freshness rule: the key below changes with every write.
DASHBOARD_CACHE_SECONDS = 600


def dashboard_cache_key(*, unit: Unit, as_of: dt.date, sort: str, language: str, extra: str) -> str:
    """The key of a unit's rendered dashboard: the request's own choices and the marks of
    the records it reads. Every write through the services adds an audit entry (cadres,
    accounts, follows, units, pages, targets); page events are named too, for writes that
    only add an event. One indexed MAX each."""
    audit = AuditEntry.objects.aggregate(mark=Max("pk"))["mark"] or 0
    events = PageEvent.objects.aggregate(mark=Max("pk"))["mark"] or 0
    today = timezone.localdate()
    raw = f"{unit.pk}|{as_of}|{today}|{sort}|{language}|{audit}|{events}|{extra}"
    return "dashboard:" + hashlib.sha256(raw.encode()).hexdigest()
