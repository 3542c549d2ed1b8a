"""Deadlines that remind by themselves (`manage.py send_reminders`, run daily by the worker).

For each active target, on each of its reminder days before the deadline (`remind_days`,
7 and 1 by default) every covered unit that does not meet it yet is reminded, with what is
missing in words; the day after the deadline each unit that missed it gets an overdue
notice, and its parent unit and its area specialists get one summary listing them. A unit
with no account is named in its parent's summary (on reminder days too: nobody else would
hear of it).

Exactly once: each message first claims its `Reminder` row (unique per unit, target,
offset and kind) with an INSERT that ignores conflicts, then reads back the rows its own
run claimed; only those are sent. Two runs at the same moment on two servers each claim a
disjoint set, and a second run the same day finds everything claimed.
"""

import datetime as dt
import uuid
from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_noop

from frontnet.accounts.models import Role, User
from frontnet.accounts.selectors import specialists_of_unit_on
from frontnet.notifications.kinds import phrase, phrases
from frontnet.notifications.services import notify
from frontnet.units.models import Unit

from . import unit_figures
from .missing import missing_words
from .models import Reminder, Target, remind_offsets
from .notice_kinds import REMINDER_DUE, REMINDER_OVERDUE, REMINDER_SUMMARY
from .selectors import province_channels, target_checks

OVERDUE = -1  # the offset of the day after the deadline
LISTED = gettext_noop("%(unit)s (%(missing)s)")
LISTED_NO_ACCOUNT = gettext_noop("%(unit)s (%(missing)s) — chưa có tài khoản")


@dataclass
class RunResult:
    sent: int = 0
    skipped: int = 0

    def __str__(self) -> str:
        return f"sent={self.sent} skipped={self.skipped}"


def _vn(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def _people(unit_ids) -> dict[int, list[User]]:
    """The active accounts of each unit that act for it (not viewers)."""
    found: dict[int, list[User]] = {}
    qs = User.objects.filter(unit_id__in=list(unit_ids), is_active=True).exclude(
        role__in=[Role.VIEWER, Role.AREA_SPECIALIST]
    )
    for user in qs:
        found.setdefault(user.unit_id, []).append(user)
    return found


def _any_account(unit_ids) -> set[int]:
    return set(
        User.objects.filter(unit_id__in=list(unit_ids), is_active=True).values_list(
            "unit_id", flat=True
        )
    )


def _claim(keys: list[tuple], *, target: Target, day: dt.date, dry_run: bool) -> set[tuple]:
    """The (unit id, offset, kind) keys this run may send: those nobody sent before."""
    if not keys:
        return set()
    done = set(
        Reminder.objects.filter(target=target, offset__in={k[1] for k in keys}).values_list(
            "unit_id", "offset", "kind"
        )
    )
    if dry_run:
        return {k for k in keys if k not in done}
    run = uuid.uuid4().hex
    Reminder.objects.bulk_create(
        [
            Reminder(unit_id=u, target=target, offset=o, kind=k, day=day, run=run)
            for u, o, k in keys
            if (u, o, k) not in done
        ],
        ignore_conflicts=True,
    )
    return set(Reminder.objects.filter(run=run).values_list("unit_id", "offset", "kind"))


def _provinces_of(target: Target, day: dt.date) -> list[Unit]:
    if target.root_id:
        return [target.root]
    return list(Unit.objects.filter(parent__isnull=True).valid_on(day).order_by("path"))


def _run_target(target: Target, province: Unit, today: dt.date, *, dry_run: bool) -> RunResult:
    result = RunResult()
    offset = (target.deadline - today).days
    if offset == OVERDUE:
        kind = Reminder.Kind.OVERDUE
    elif offset > 0 and offset in remind_offsets(target.remind_days):
        kind = Reminder.Kind.REMINDER
    else:
        return result
    channels = province_channels(province)
    book = unit_figures.FiguresBook(province, channels)
    checks = [c for c in target_checks(target, province, today, book) if not c.meets]
    if not checks:
        return result
    missing = missing_words(target, checks, today, [ch.pk for ch in channels])
    units = {u.pk: u for u in Unit.objects.filter(pk__in=[c.unit_id for c in checks])}
    with_account = _any_account(units)
    # Summaries: the parent of every unit overdue, or of every unit no account can hear.
    summarised: dict[int, list] = {}
    by_specialist: dict[int, tuple[User, list]] = {}
    for c in checks:
        unit = units[c.unit_id]
        if unit.parent_id and (kind == Reminder.Kind.OVERDUE or c.unit_id not in with_account):
            summarised.setdefault(unit.parent_id, []).append(c)
        if kind == Reminder.Kind.OVERDUE:
            for s in specialists_of_unit_on(unit=unit, day=today):
                by_specialist.setdefault(s.pk, (s, []))[1].append(c)
    keys = [(c.unit_id, offset, kind) for c in checks]
    keys += [(p, offset, Reminder.Kind.SUMMARY) for p in summarised]
    keys += [(cs[0].unit_id, offset, f"specialist:{pk}") for pk, (_s, cs) in by_specialist.items()]
    with transaction.atomic():
        claimed = _claim(keys, target=target, day=today, dry_run=dry_run)
        result.sent, result.skipped = len(claimed), len(keys) - len(claimed)
        if dry_run:
            return result
        parents = {u.pk: u for u in Unit.objects.filter(pk__in=list(summarised))}
        people = _people([*units, *parents])
        base = {"target": target.name, "deadline": _vn(target.deadline)}
        for c in checks:
            if (c.unit_id, offset, kind) not in claimed:
                continue
            unit = units[c.unit_id]
            notify(
                kind=REMINDER_OVERDUE if kind == Reminder.Kind.OVERDUE else REMINDER_DUE,
                recipients=people.get(unit.pk, []),
                unit=unit,
                url=reverse("unit_dashboard", args=[unit.pk]),
                args={**base, "unit": unit.name, "days": offset, "missing": missing[c.unit_id]},
            )

        def listing(cs) -> dict:
            return phrases(
                [
                    phrase(
                        LISTED if c.unit_id in with_account else LISTED_NO_ACCOUNT,
                        unit=c.name,
                        missing=missing[c.unit_id],
                    )
                    for c in sorted(cs, key=lambda c: c.name)
                ],
                sep="; ",
            )

        for parent_id, cs in summarised.items():
            if (parent_id, offset, Reminder.Kind.SUMMARY) in claimed:
                notify(
                    kind=REMINDER_SUMMARY,
                    recipients=people.get(parent_id, []),
                    unit=parents[parent_id],
                    url=reverse("unit_dashboard", args=[parent_id]),
                    args={**base, "count": len(cs), "units": listing(cs)},
                )
        for pk, (specialist, cs) in by_specialist.items():
            if (cs[0].unit_id, offset, f"specialist:{pk}") in claimed:
                # Unit-less: the summary names only units the specialist follows.
                notify(
                    kind=REMINDER_SUMMARY,
                    recipients=[specialist],
                    unit=None,
                    url=reverse("unit_dashboard", args=[province.pk]),
                    args={**base, "count": len(cs), "units": listing(cs)},
                )
    return result


def send_reminders(*, today: dt.date, dry_run: bool = False) -> RunResult:
    total = RunResult()
    for target in Target.objects.filter(active=True).select_related("level", "root"):
        target.listed = target.units.exists()  # what covered_units expects
        for province in _provinces_of(target, today):
            part = _run_target(target, province, today, dry_run=dry_run)
            total.sent += part.sent
            total.skipped += part.skipped
    return total
