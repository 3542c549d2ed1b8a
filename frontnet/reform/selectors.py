"""Reads of the 2025 transition: the province a user may plan for, and a record's life
across the reform (a cadre's units over time)."""

from __future__ import annotations

from dataclasses import dataclass

from frontnet.units.access import (
    province_get_managed,
    province_of,
    scoped,
    unit_get_for_user,
    user_can_edit_unit,
)

from .models import RecordMove


def reform_province_get_for_user(user, pk):
    """(the 2025 province to plan for, the province named in the request): the user must
    administer the one named, which is the 2025 province or one of the legacy provinces it
    replaced (before the transition its administrator is still on the legacy one). 404 out
    of scope or when a legacy province has no 2025 successor loaded; 403 for anyone else."""
    from django.http import Http404

    from frontnet.units.models import Scheme, Unit

    province = province_get_managed(user=user, pk=pk)
    if province.scheme != Scheme.LEGACY:
        return province, province
    successor = (
        Unit.objects.filter(
            predecessions__predecessor=province,
            parent__isnull=True,
            scheme=Scheme.REFORM_2025,
        )
        .select_related("level")
        .first()
    )
    if successor is None:
        raise Http404("no 2025 province")
    return successor, province


def cadre_records_over_time(user, cadre) -> list:
    """The records of one person across the reform, oldest first (each with its unit and
    dates), those the user sees: the legacy record ended on 30/6/2025 and the one that
    carries it on."""
    from frontnet.cadres.models import Cadre

    ids = [cadre.pk]
    current = cadre.pk
    while (row := RecordMove.objects.filter(kind="cadre", new_id=current).first()) is not None:
        if row.old_id == current:
            break
        ids.insert(0, row.old_id)
        current = row.old_id
    current = cadre.pk
    while (row := RecordMove.objects.filter(kind="cadre", old_id=current).first()) is not None:
        if not row.new_id or row.new_id == current:
            break
        ids.append(row.new_id)
        current = row.new_id
    if len(ids) == 1:
        return []
    found = {
        c.pk: c
        for c in scoped(user=user, queryset=Cadre.objects.filter(pk__in=ids)).select_related("unit")
    }
    return [found[pk] for pk in ids if pk in found]


def pages_to_rename(province):
    """The pages the transition carried into the province whose name no longer follows the
    2025 rule (the expected name recomputed for the new unit), to be renamed."""
    from frontnet.pages.models import CommunityPage, NameVerdict

    carried = RecordMove.objects.filter(
        province=province, kind="page", new_id__isnull=False
    ).values("new_id")
    return (
        CommunityPage.objects.filter(pk__in=carried, active=True, name_verdict=NameVerdict.MISMATCH)
        .select_related("unit")
        .order_by("unit__name")
    )


@dataclass
class KeepChoice:
    """Which page continues where several land on one 2025 unit, as one unit sees it: the
    2025 unit itself or one of the legacy units whose page lands there."""

    unit: object  # the unit of the request
    plan: object | None  # the province's plan; None before the 2025 list is loaded
    question: object | None  # the plan's `keep:<2025 unit id>` question; None: none to ask
    target: object | None  # the 2025 unit the pages land on
    pages: list  # the pages landing there, with `.unit_name`
    can_choose: bool
    done: bool  # the transition already ran: the choice is history


def keep_choice_for_user(user, pk) -> KeepChoice:
    """404 outside the user's scope. Choosing is for who may edit the 2025 unit (after the
    transition, its own staff; the province administrator) or one of the legacy units whose
    page lands there (before it, the merging communes' staff); the others only read."""
    from frontnet.pages.models import CommunityPage
    from frontnet.units.models import Scheme, Unit

    from .plan import NoNewTree, build_plan

    unit = unit_get_for_user(user=user, pk=pk)
    root = province_of(unit=unit)
    if root.scheme == Scheme.LEGACY:
        root = Unit.objects.filter(
            predecessions__predecessor=root, parent__isnull=True, scheme=Scheme.REFORM_2025
        ).first()
    empty = KeepChoice(unit, None, None, None, [], False, False)
    if root is None:
        return empty
    try:
        plan = build_plan(root)
    except NoNewTree:
        return empty
    empty.plan = plan
    question = target_id = None
    if unit.scheme == Scheme.LEGACY:
        mine = {p.pk for p in plan.pages if p.unit_id == unit.pk}
        for key, q in plan.questions.items():
            if key.startswith("keep:") and any(int(v[5:]) in mine for v, _l in q.options):
                question, target_id = q, int(key[5:])
                break
    else:
        question, target_id = plan.questions.get(f"keep:{unit.pk}"), unit.pk
    done = False
    if question is None:
        # After the transition the question is gone: show what became of the pages.
        moved = RecordMove.objects.filter(kind="page")
        if unit.scheme == Scheme.LEGACY:
            old_ids = CommunityPage.objects.filter(unit=unit).values("pk")
            moved = moved.filter(old_id__in=old_ids)
        else:
            moved = moved.filter(new_id__in=CommunityPage.objects.filter(unit=unit).values("pk"))
        return empty if not moved.exists() else _after(unit, plan, moved)
    page_ids = [int(v[5:]) for v, _l in question.options]
    pages = [p for p in plan.pages if p.pk in page_ids]
    for page in pages:
        page.unit_name = plan.units[page.unit_id].name
        page.value = f"page:{page.pk}"
        page.chosen = page.value == question.value
        page.is_default = page.value == question.default
    target = plan.unit_of(f"unit:{target_id}")
    can_choose = user_can_edit_unit(user=user, unit=target) or any(
        user_can_edit_unit(user=user, unit=plan.units[p.unit_id]) for p in pages
    )
    return KeepChoice(unit, plan, question, target, pages, can_choose, done)


def _after(unit, plan, moved) -> KeepChoice:
    """The transition ran: the pages of the unit's merge, the one that continued marked."""
    from frontnet.pages.models import CommunityPage

    rows = list(moved.values_list("old_id", "new_id"))
    carried = {old: new for old, new in rows if new}
    pages = list(
        CommunityPage.objects.filter(pk__in=[old for old, _n in rows]).select_related("unit")
    )
    for page in pages:
        page.unit_name = page.unit.name
        page.continued = page.pk in carried
    return KeepChoice(unit, plan, None, None, pages, False, True)
