"""Reads of the support loop, all through `frontnet.units.access`."""

import statistics
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from frontnet.accounts.models import Role, User
from frontnet.core.vntext import fold_search
from frontnet.units.access import (
    get_scoped,
    one_or_404,
    province_of,
    province_wide_q,
    published_to_q,
    scoped,
)

from .models import OPEN_STATES, WAITING_STATES, Attachment, Guidance, Thread, ThreadState, Topic


def topics_of(province) -> QuerySet[Topic]:
    """The province's own list once it edited it, else the shared defaults."""
    own = Topic.objects.filter(province=province) if province is not None else Topic.objects.none()
    return own if own.exists() else Topic.objects.filter(province__isnull=True)


def topics_active(*, user) -> QuerySet[Topic]:
    """The topics offered to a user: those of their province in use."""
    province = province_of(unit=user.unit) if getattr(user, "unit_id", None) else None
    return topics_of(province).filter(active=True)


def threads_visible_to(user) -> QuerySet[Thread]:
    return scoped(user=user, queryset=Thread.objects.all()).select_related(
        "unit", "topic", "opened_by"
    )


def thread_get_for_user(user, pk) -> Thread:
    return get_scoped(user=user, queryset=threads_visible_to(user), pk=pk)


def attachment_get_for_user(user, pk) -> Attachment:
    """A file whose thread the user sees, or whose guidance was published to them; else 404."""
    qs = Attachment.objects.filter(
        Q(thread__in=threads_visible_to(user)) | Q(guidance__in=guidance_visible_to(user))
    )
    return one_or_404(qs, pk)


def inbox(user, *, topic=None, unit=None, state: str = "") -> list[Thread]:
    """Threads in scope: waiting for an answer first (oldest first), then the others by
    last activity; each with `age_days` since it was opened."""
    qs = threads_visible_to(user)
    if topic is not None:
        qs = qs.filter(topic=topic)
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    if state:
        qs = qs.filter(state=state)
    rows = list(qs)
    today = timezone.localdate()
    for t in rows:
        t.age_days = (today - timezone.localdate(t.created_at)).days
        t.waiting = t.state in WAITING_STATES
    waiting = sorted((t for t in rows if t.waiting), key=lambda t: (t.created_at, t.pk))
    others = sorted(
        (t for t in rows if not t.waiting), key=lambda t: (t.last_activity_at, t.pk), reverse=True
    )
    return waiting + others


def thread_replies(thread):
    return thread.replies.select_related("author").prefetch_related("attachments")


@dataclass
class SpecialistLoad:
    user: User
    total: int
    open: int
    waiting: int


@dataclass
class OfficeFigures:
    specialists: list[SpecialistLoad]
    office_total: int
    office_open: int
    median_first_answer_hours: float | None
    oldest_open: list[Thread]


def office_figures(user, *, province) -> OfficeFigures:
    """For the province office: threads per specialist, the median time to a first answer,
    the oldest open threads of the province."""
    qs = threads_visible_to(user).filter(unit__path__startswith=province.path)
    loads = (
        User.objects.filter(role=Role.AREA_SPECIALIST, support_threads_assigned__in=qs)
        .annotate(
            total=Count("support_threads_assigned", distinct=True),
            open=Count(
                "support_threads_assigned",
                filter=Q(support_threads_assigned__state__in=OPEN_STATES),
                distinct=True,
            ),
            waiting=Count(
                "support_threads_assigned",
                filter=Q(support_threads_assigned__state__in=WAITING_STATES),
                distinct=True,
            ),
        )
        .order_by("username")
    )
    waits = [
        (t.first_answer_at - t.created_at).total_seconds() / 3600
        for t in qs.filter(first_answer_at__isnull=False)
    ]
    return OfficeFigures(
        specialists=[SpecialistLoad(u, u.total, u.open, u.waiting) for u in loads],
        office_total=qs.filter(to_office=True).count(),
        office_open=qs.filter(to_office=True, state__in=OPEN_STATES).count(),
        median_first_answer_hours=round(statistics.median(waits), 1) if waits else None,
        oldest_open=list(
            qs.filter(state__in=OPEN_STATES)
            .exclude(state=ThreadState.ANSWERED)
            .order_by("created_at", "pk")[:10]
        ),
    )


# --- Guidance -----------------------------------------------------------------------------------


def guidance_visible_to(user) -> QuerySet[Guidance]:
    """Guidance published to a subtree the user is in, above, or follows."""
    return Guidance.objects.filter(published_to_q(user=user)).select_related("unit", "topic")


def guidance_get_for_user(user, pk) -> Guidance:
    return one_or_404(guidance_visible_to(user), pk)


def guidance_search(user, *, q: str = "", topic=None) -> QuerySet[Guidance]:
    """Searchable without diacritics: every word of the folded query in the folded text."""
    qs = guidance_visible_to(user)
    if topic is not None:
        qs = qs.filter(topic=topic)
    for word in fold_search(q).split():
        qs = qs.filter(search_text__contains=word)
    return qs


# --- Good units as examples ---------------------------------------------------------------------


@dataclass
class ExampleRow:
    example: object  # ExampleUnit
    pages: list
    cadres: int
    complete: int


def examples_visible_to(user, *, day=None) -> QuerySet:
    """The examples of the user's province current on `day` (every unit of it sees them)."""
    from .models import ExampleUnit

    day = day or timezone.localdate()
    return (
        ExampleUnit.objects.filter(province_wide_q(user=user))
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day), starts_on__lte=day)
        .filter(withdrawn_at__isnull=True)
        .select_related("unit", "unit__level")
    )


def example_get_for_user(user, pk):
    return one_or_404(examples_visible_to(user), pk)


def example_rows(user, *, day=None) -> list[ExampleRow]:
    """Each current example with its community pages (name, link, naming verdict) and how
    complete its cadres' data is, for the "Đơn vị làm tốt" page."""
    from frontnet.cadres.models import Cadre
    from frontnet.monitoring.counting import _filled
    from frontnet.monitoring.measures import REQUIRED_FIELDS
    from frontnet.pages.models import CommunityPage

    rows = []
    for example in examples_visible_to(user, day=day):
        pages = list(
            CommunityPage.objects.filter(unit=example.unit, active=True).select_related("platform")
        )
        cadres = Cadre.objects.filter(
            unit__path__startswith=example.unit.path, active_to__isnull=True
        )
        all_filled = Q()
        for name, _label, kind in REQUIRED_FIELDS:
            all_filled &= _filled(name, kind)  # the completeness measure's own rule
        rows.append(ExampleRow(example, pages, cadres.count(), cadres.filter(all_filled).count()))
    return rows
