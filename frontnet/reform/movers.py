"""Movers: who carries which records from the legacy tree into the 2025 one.

Each mover is registered once, with an order; the transition runs them in that order inside
its one transaction. An app whose records belong to a unit (threads, campaign shares, page
statistics…) adds its own in `frontnet/<app>/reform_movers.py`:

    from frontnet.reform.movers import register_mover

    def move_threads(ctx):
        for thread in Thread.objects.filter(unit_id__in=ctx.unit_map):
            ...  # ctx.unit_map[old unit id] is the new Unit; ctx.record(kind, old, new)
        return moved

    register_mover("threads", label=_("Chủ đề trao đổi"), order=200, move=move_threads)

A mover writes through services or bulk writes with audit entries naming the unit (the
stored dashboard figures trust a unit's row only while no newer entry of it exists), records
each move with `ctx.record`, and skips what `ctx.moved(kind)` already holds, so a second run
changes nothing. The maps it may read: `unit_map` (legacy unit id -> new Unit), `cadre_map`,
`page_map`, `channel_map`, `user_map` (old id -> new id).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from frontnet.audit.models import Action, Channel
from frontnet.audit.services import audit_bulk_write, audit_record, save_audited, snapshot
from frontnet.core.vntext import fold_form
from frontnet.units.models import Level, Unit, UnitLineage
from frontnet.units.services import LEGACY_LAST_DAY, REFORM_DAY, unit_create, unit_end

from .models import RecordMove
from .plan import DEACTIVATE, END, KEEP, MERGE, PROVINCE, Plan

END_REASON = "Sắp xếp đơn vị hành chính 2025 (chuyển sang đơn vị mới)"
ENDED_REASON = "Sắp xếp đơn vị hành chính 2025 (không chuyển sang đơn vị mới)"


class Unplaced(ValueError):
    """Cadres in office the transition has nowhere to put: refused, each one named."""

    def __init__(self, cadres, plan: Plan):
        self.cadres = cadres
        where = "; ".join(
            f"{c.full_name} (mã {c.pk}, {plan.units[c.unit_id].name})" for c in cadres[:20]
        )
        super().__init__(
            _(
                "%(n)s cán bộ đang công tác không có đơn vị mới: %(where)s. Quyết định cho từng"
                " người (câu hỏi cadre:<mã>) rồi chạy lại."
            )
            % {"n": len(cadres), "where": where}
        )


@dataclass
class Context:
    plan: Plan
    by: object
    at: dt.datetime = field(default_factory=timezone.now)
    unit_map: dict[int, Unit] = field(default_factory=dict)
    cadre_map: dict[int, int] = field(default_factory=dict)
    page_map: dict[int, int] = field(default_factory=dict)
    channel_map: dict[int, int | None] = field(default_factory=dict)
    user_map: dict[int, int] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    _moves: list[RecordMove] = field(default_factory=list)

    channel = Channel.REFORM

    def moved(self, kind: str) -> dict[int, int | None]:
        return dict(RecordMove.objects.filter(kind=kind).values_list("old_id", "new_id"))

    def record(self, kind: str, old_id: int, new_id: int | None) -> None:
        self._moves.append(
            RecordMove(
                province=self.plan.province, kind=kind, old_id=old_id, new_id=new_id, at=self.at
            )
        )

    def destination(self, where: str) -> Unit | None:
        """The new unit a plan's destination names: "local:<id>" (a legacy local unit's new
        copy) or a unit of the new tree."""
        if where.startswith("local:"):
            return self.unit_map.get(int(where[6:]))
        return self.plan.unit_of(where)

    def flush(self) -> None:
        # A user put back on a legacy unit (the demo rebuilt) is moved again: the first
        # move stays the one recorded.
        RecordMove.objects.bulk_create(self._moves, batch_size=1000, ignore_conflicts=True)
        self._moves = []


@dataclass(frozen=True)
class Mover:
    key: str
    label: object
    order: int
    move: Callable[[Context], int]


MOVERS: dict[str, Mover] = {}


def register_mover(key: str, *, label, move: Callable[[Context], int], order: int = 100) -> Mover:
    """Add (or replace, on a reload) the mover `key`; movers run by `order`."""
    MOVERS[key] = Mover(key, label, order, move)
    return MOVERS[key]


def movers() -> list[Mover]:
    return sorted(MOVERS.values(), key=lambda m: (m.order, m.key))


# --- Units ------------------------------------------------------------------------------------


def move_units(ctx: Context) -> int:
    """The legacy official units map to their 2025 counterparts; residential committees (and
    any unit the province added) are carried as new units under their new commune, linked by
    lineage, the old ones ended on 30/6/2025."""
    plan = ctx.plan
    for unit in plan.units.values():
        target = plan.target_of_unit(unit)
        if target is not None:
            ctx.unit_map[unit.pk] = target
    done = ctx.moved("unit")
    carried: dict[int, Unit] = {}
    for old_id, new_id in done.items():
        if new_id:
            carried[old_id] = Unit.objects.get(pk=new_id)
    ctx.unit_map.update(carried)
    level_cache = {lv.pk: lv for lv in Level.objects.all()}
    made = 0
    for unit in plan.residential:
        if unit.pk in done:
            continue
        parent = plan.residential_parent(unit, carried)
        if parent is None:
            continue
        taken = {fold_form(n) for n in parent.children.values_list("name", flat=True)}
        name = unit.name
        if fold_form(name) in taken:
            name = f"{unit.name} ({plan.units[unit.parent_id].front_name})"
        new = unit_create(
            parent=parent,
            name=name,
            division_type=unit.division_type,
            level=level_cache[unit.level_id],
            by=ctx.by,
            code=unit.code,
            scheme=unit.scheme,
            valid_from=REFORM_DAY,
            channel=ctx.channel,
        )
        UnitLineage.objects.get_or_create(
            predecessor=unit, successor=new, defaults={"effective": REFORM_DAY}
        )
        if unit.valid_to is None or unit.valid_to > LEGACY_LAST_DAY:
            unit_end(unit=unit, on=LEGACY_LAST_DAY, by=ctx.by, channel=ctx.channel)
        carried[unit.pk] = new
        ctx.unit_map[unit.pk] = new
        ctx.record("unit", unit.pk, new.pk)
        made += 1
    ctx.counts["residential"] = made
    return made


# --- Official channels, targets, criteria ----------------------------------------------------


def _rule_choice(plan: Plan, key: str) -> str:
    return plan.choice(key) if key in plan.questions else KEEP


def move_channels(ctx: Context) -> int:
    from frontnet.cadres.models import OfficialChannel

    plan = ctx.plan
    done = ctx.moved("channel")
    ctx.channel_map.update(done)
    made = 0
    existing = {c.canonical: c for c in OfficialChannel.objects.filter(province=plan.province)}
    channels = list(OfficialChannel.objects.filter(province__in=plan.legacy_roots).order_by("pk"))
    merges = {}
    for channel in channels:
        if channel.pk in done:
            continue
        choice = _rule_choice(plan, f"channel:{channel.pk}")
        if choice.startswith("merge:"):
            merges[channel.pk] = int(choice[6:])
            continue
        if choice == END:
            ctx.channel_map[channel.pk] = None
            ctx.record("channel", channel.pk, None)
            continue
        new = existing.get(channel.canonical)
        if new is None:
            new = OfficialChannel(
                province=plan.province,
                platform_id=channel.platform_id,
                name=channel.name,
                link_raw=channel.link_raw,
                order=channel.order,
                active=channel.active,
            )
            new.canonical = channel.canonical
            new.save()
            audit_record(obj=new, by=ctx.by, action=Action.CREATE, channel=ctx.channel)
            existing[new.canonical] = new
            made += 1
        ctx.channel_map[channel.pk] = new.pk
        ctx.record("channel", channel.pk, new.pk)
    for old, into in merges.items():
        ctx.channel_map[old] = ctx.channel_map.get(into)
        ctx.record("channel", old, ctx.channel_map[old])
    return made


def _merge_chain(plan: Plan, kind: str, pk: int) -> int | None:
    """The rule a merged one ends up in (merges may chain); None when the chain ends."""
    seen = set()
    while pk not in seen:
        seen.add(pk)
        choice = _rule_choice(plan, f"{kind}:{pk}")
        if choice == KEEP:
            return pk
        if not choice.startswith(MERGE):
            return None
        pk = int(choice[len(MERGE) :])
    return None


def _merge_rules(ctx: Context, kind: str, merged: list, copies: dict[int, object], join) -> None:
    """Each rule merged into another province's one: not copied; what it lists joins the
    copy kept (`join(copy, rule)`), audited; the move points at that copy."""
    for rule in merged:
        into = _merge_chain(ctx.plan, kind, rule.pk)
        copy = copies.get(into) if into else None
        if copy is not None:
            before = snapshot(copy)
            join(copy, rule)
            audit_record(
                obj=copy,
                by=ctx.by,
                action=Action.UPDATE,
                channel=ctx.channel,
                before=before,
                note=_("Gộp “%(name)s” (sắp xếp 2025)") % {"name": rule.name},
                unit_id=ctx.plan.province.pk,
            )
        ctx.record(kind, rule.pk, copy.pk if copy is not None else None)


def _copies(kind: str, done: dict[int, int | None], model) -> dict[int, object]:
    ids = {new for new in done.values() if new}
    found = model.objects.in_bulk(ids)
    return {old: found[new] for old, new in done.items() if new in found}


def _move_rules(ctx: Context, kind: str, model, rules, *, kept_of, make, join) -> int:
    """Each rule (target or criterion) of the legacy trees, once: copied to the 2025 province,
    merged into another's copy, or ended, as its question says. `kept_of(rule)` is what a copy
    keeps of it, falsy when nothing of it fits the two-level tree (it ends whatever was
    chosen); `make(rule, kept)` writes the copy; `join` as for `_merge_rules`."""
    plan = ctx.plan
    done = ctx.moved(kind)
    copies = _copies(kind, done, model)
    merged = []
    made = 0
    for rule in rules:
        if rule.pk in done:
            continue
        kept = kept_of(rule)
        choice = _rule_choice(plan, f"{kind}:{rule.pk}") if kept else END
        if choice.startswith(MERGE):
            merged.append(rule)
            continue
        if choice != KEEP:
            ctx.record(kind, rule.pk, None)
            continue
        new = make(rule, kept)
        audit_record(
            obj=new, by=ctx.by, action=Action.CREATE, channel=ctx.channel, unit_id=plan.province.pk
        )
        ctx.record(kind, rule.pk, new.pk)
        copies[rule.pk] = new
        made += 1
    _merge_rules(ctx, kind, merged, copies, join)
    return made


def move_targets(ctx: Context) -> int:
    from frontnet.monitoring.models import Target

    plan = ctx.plan

    def make(target, _kept) -> Target:
        new = Target.objects.create(
            name=target.name,
            measure=target.measure,
            level_id=target.level_id,
            root=plan.province,
            threshold=target.threshold,
            unit_threshold=target.unit_threshold,
            start=target.start,
            deadline=target.deadline,
            source=target.source,
            active=target.active,
        )
        new.units.set(_new_units_of(ctx, target))
        return new

    return _move_rules(
        ctx,
        "target",
        Target,
        Target.objects.filter(root__in=plan.legacy_roots).order_by("pk"),
        # No district in the two-level tree.
        kept_of=lambda target: not (target.level_id and target.level.key == "district"),
        make=make,
        join=lambda copy, rule: copy.units.add(*_new_units_of(ctx, rule)),
    )


def _new_units_of(ctx: Context, target) -> set[int]:
    listed = [ctx.unit_map.get(pk) for pk in target.units.values_list("pk", flat=True)]
    return {u.pk for u in listed if u is not None and u.parent_id is not None}


def move_criteria(ctx: Context) -> int:
    from frontnet.scoring.models import Criterion

    plan = ctx.plan
    district_ids = set(Level.objects.filter(key="district").values_list("pk", flat=True))
    codes = set(Criterion.objects.values_list("code", flat=True))

    def levels_of(criterion) -> list[int]:
        return [
            pk for pk in criterion.levels.values_list("pk", flat=True) if pk not in district_ids
        ]

    def make(criterion, levels) -> Criterion:
        base = f"{criterion.code[:33]}-{plan.province.code}"
        code, n = base, 1
        while code in codes:
            n += 1
            code = f"{base}-{n}"[:40]
        codes.add(code)
        values = {
            f.attname: getattr(criterion, f.attname)
            for f in Criterion._meta.concrete_fields
            if not f.primary_key
        }
        values.update(code=code, province_id=plan.province.pk)
        new = Criterion.objects.create(**values)
        new.levels.set(levels)
        return new

    return _move_rules(
        ctx,
        "criterion",
        Criterion,
        Criterion.objects.filter(province__in=plan.legacy_roots).order_by("pk"),
        kept_of=levels_of,
        make=make,
        join=lambda copy, rule: copy.levels.add(*levels_of(rule)),
    )


# --- Cadres, their accounts and follows -------------------------------------------------------

CADRE_SKIP = {"id", "unit", "created_at", "updated_at", "active_from", "active_to", "end_reason"}


def move_cadres(ctx: Context) -> int:
    """Each cadre still in office on 1/7/2025 ends on 30/6/2025 on the legacy unit and goes on
    from 1/7/2025 as a new record of the new unit, with copies of their accounts and follows
    (same registration dates), so counts before the reform read the old records unchanged."""
    from frontnet.cadres.models import Cadre, ChannelFollow, SocialAccount

    plan = ctx.plan
    done = ctx.moved("cadre")
    ctx.cadre_map.update({k: v for k, v in done.items() if v})
    todo = [c for c in plan.cadres if c.pk not in done]
    target = {}
    ended, unplaced = [], []
    for cadre in todo:
        key = f"cadre:{cadre.pk}"
        if key in plan.questions and plan.choice(key) == END:
            ended.append(cadre)
            continue
        where = plan.unit_of(plan.choice(key)) if key in plan.questions else None
        where = where or ctx.unit_map.get(cadre.unit_id)
        if where is None:
            unplaced.append(cadre)
        target[cadre.pk] = where
    if unplaced:
        # The plan asks about every cadre it cannot place; one left over is refused, named.
        raise Unplaced(unplaced, plan)
    todo = [c for c in todo if c.pk in target]
    names = [f.attname for f in Cadre._meta.concrete_fields if f.name not in CADRE_SKIP]
    # Someone who started after the reform on a legacy unit has no history to keep.
    late = [c for c in todo if c.active_from and c.active_from >= REFORM_DAY]
    carried = [c for c in todo if not (c.active_from and c.active_from >= REFORM_DAY)]
    for cadre in late:
        before = snapshot(cadre)
        cadre.unit = target[cadre.pk]
        cadre.save(update_fields=["unit", "updated_at"])
        SocialAccount.objects.filter(cadre=cadre).update(unit=cadre.unit)
        audit_record(obj=cadre, by=ctx.by, action=Action.UPDATE, channel=ctx.channel, before=before)
        ctx.cadre_map[cadre.pk] = cadre.pk
        ctx.record("cadre", cadre.pk, cadre.pk)
    new_rows = []
    for cadre in carried:
        values = {n: getattr(cadre, n) for n in names}
        new_rows.append(
            Cadre(
                **values,
                unit=target[cadre.pk],
                active_from=REFORM_DAY,
                active_to=cadre.active_to,
                end_reason=cadre.end_reason,
            )
        )
    Cadre.objects.bulk_create(new_rows, batch_size=1000)
    for old, new in zip(carried, new_rows, strict=True):
        new.created_at = old.created_at
        ctx.cadre_map[old.pk] = new.pk
        ctx.record("cadre", old.pk, new.pk)
    Cadre.objects.bulk_update(new_rows, ["created_at"], batch_size=1000)
    old_ids = [c.pk for c in carried]
    for start in range(0, len(old_ids), 1000):
        Cadre.objects.filter(pk__in=old_ids[start : start + 1000]).update(
            active_to=LEGACY_LAST_DAY, end_reason=END_REASON
        )
    ended_ids = [c.pk for c in ended]
    Cadre.objects.filter(pk__in=ended_ids).update(
        active_to=LEGACY_LAST_DAY, end_reason=ENDED_REASON
    )
    for cadre in ended:
        ctx.record("cadre", cadre.pk, None)
    # Accounts and follows, copied with their dates (on the cadre's new unit).
    unit_of_new = {n.pk: n.unit_id for n in new_rows}
    accounts = []
    account_pairs = []
    for account in SocialAccount.objects.filter(cadre_id__in=old_ids).order_by("pk"):
        new_cadre = ctx.cadre_map[account.cadre_id]
        copy = SocialAccount(
            unit_id=unit_of_new[new_cadre],
            cadre_id=new_cadre,
            platform_id=account.platform_id,
            link_raw=account.link_raw,
            canonical=account.canonical,
            verifiable=account.verifiable,
            phone=account.phone,
        )
        accounts.append(copy)
        account_pairs.append(account)
    SocialAccount.objects.bulk_create(accounts, batch_size=1000)
    for old, new in zip(account_pairs, accounts, strict=True):
        new.created_at = old.created_at
    SocialAccount.objects.bulk_update(accounts, ["created_at"], batch_size=1000)
    follows = []
    for follow in ChannelFollow.objects.filter(cadre_id__in=old_ids):
        channel_id = ctx.channel_map.get(follow.channel_id, follow.channel_id)
        if channel_id is None:
            continue
        follows.append(
            ChannelFollow(
                cadre_id=ctx.cadre_map[follow.cadre_id],
                channel_id=channel_id,
                status=follow.status,
                confirmed_on=follow.confirmed_on,
            )
        )
    ChannelFollow.objects.bulk_create(follows, batch_size=1000, ignore_conflicts=True)
    new_by_old = {c.pk: n for c, n in zip(carried, new_rows, strict=True)}
    _audit_cadres(
        ctx,
        END_REASON,
        [_end_row(c, successor=[None, new_by_old[c.pk].pk]) for c in carried]
        + [
            (
                Action.CREATE,
                n.pk,
                str(n),
                n.unit_id,
                {**{k: [None, v] for k, v in snapshot(n).items()}, "predecessor": [None, old]},
            )
            for old, n in new_by_old.items()
        ],
    )
    _audit_cadres(ctx, ENDED_REASON, [_end_row(c) for c in ended])
    # The collective accounts of the units (no cadre) go with the unit.
    collective = SocialAccount.objects.filter(
        cadre__isnull=True, unit_id__in=[pk for pk in ctx.unit_map if pk in plan.units]
    ).exclude(pk__in=list(ctx.moved("account")))
    for account in collective:
        target = ctx.unit_map[account.unit_id]
        copy, created = SocialAccount.objects.get_or_create(
            unit=target,
            cadre=None,
            canonical=account.canonical,
            defaults={
                "platform_id": account.platform_id,
                "link_raw": account.link_raw,
                "verifiable": account.verifiable,
                "phone": account.phone,
            },
        )
        if created:
            SocialAccount.objects.filter(pk=copy.pk).update(created_at=account.created_at)
            audit_record(obj=copy, by=ctx.by, action=Action.CREATE, channel=ctx.channel)
        ctx.record("account", account.pk, copy.pk)
    ctx.counts["cadres"] = len(todo) + len(ended)
    return len(todo) + len(ended)


def _end_row(cadre, **more) -> tuple:
    """The audit row of a cadre's record ended on 30/6/2025 (before the update, read from it)."""
    changes = {"active_to": [cadre.active_to and cadre.active_to.isoformat(), "2025-06-30"]}
    return (Action.END, cadre.pk, str(cadre), cadre.unit_id, changes | more)


def _audit_cadres(ctx: Context, note: str, rows: list[tuple]) -> None:
    from frontnet.cadres.models import Cadre

    if rows:
        audit_bulk_write(
            model=Cadre, by=ctx.by, channel=ctx.channel, at=ctx.at, note=note, rows=rows
        )


# --- Community pages --------------------------------------------------------------------------


def move_pages(ctx: Context) -> int:
    """Each page that continues is carried to its new unit with its events (same dates) and
    its expected name recomputed; the old one ends on 30/6/2025 (as of earlier days it reads
    as it was). A page that does not continue only ends."""
    from frontnet.pages.models import CommunityPage, PageAction, PageEvent
    from frontnet.pages.naming import check_page_name
    from frontnet.pages.selectors import expected_name_for

    plan = ctx.plan
    done = ctx.moved("page")
    ctx.page_map.update({k: v for k, v in done.items() if v})
    moved = 0
    for page in plan.pages:
        if page.pk in done:
            continue
        where = plan.page_destination(page)
        target = None
        if plan.page_continues(page):
            target = ctx.destination(where)
        before = snapshot(page)
        page.active = False
        page.ended_on = LEGACY_LAST_DAY
        save_audited(
            page,
            update_fields=["active", "ended_on", "updated_at"],
            before=before,
            by=ctx.by,
            action=Action.END,
            channel=ctx.channel,
            note=END_REASON if target else _("Trang không tiếp tục sau sắp xếp 2025"),
        )
        if target is None:
            ctx.record("page", page.pk, None)
            moved += 1
            continue
        manager_id = ctx.cadre_map.get(page.manager_id) if page.manager_id else None
        if manager_id:
            from frontnet.cadres.models import Cadre

            if not Cadre.objects.filter(pk=manager_id, unit=target).exists():
                manager_id = None
        new = CommunityPage(
            unit=target,
            platform_id=page.platform_id,
            name=page.name,
            link_raw=page.link_raw,
            manager_id=manager_id,
            created_on=page.created_on,
            status=page.status,
            reported_at=page.reported_at,
            verified_at=page.verified_at,
            return_reason=page.return_reason,
            reported_by_id=page.reported_by_id,
            verified_by_id=page.verified_by_id,
        )
        new.canonical = page.canonical
        new.verifiable = page.verifiable
        new.expected_name = expected_name_for(target)
        new.name_verdict = (
            check_page_name(new.name, new.expected_name).verdict if new.expected_name else "no_rule"
        )
        new.save()
        CommunityPage.objects.filter(pk=new.pk).update(created_at=page.created_at)
        PageEvent.objects.bulk_create(
            [
                PageEvent(page=new, action=e.action, at=e.at, by_id=e.by_id, note=e.note)
                for e in page.events.all()
            ]
            + [
                PageEvent(
                    page=new, action=PageAction.MOVE, at=ctx.at, by=_user(ctx.by), note=END_REASON
                )
            ]
        )
        audit_record(obj=new, by=ctx.by, action=Action.CREATE, channel=ctx.channel)
        ctx.page_map[page.pk] = new.pk
        ctx.record("page", page.pk, new.pk)
        moved += 1
    ctx.counts["pages"] = moved
    return moved


def _user(by):
    return by if getattr(by, "pk", None) else None


# --- Users and area assignments ---------------------------------------------------------------


def move_users(ctx: Context) -> int:
    from frontnet.accounts.models import Role

    plan = ctx.plan
    moved = 0
    for user in plan.users:
        where = plan.user_destination(user)
        before = snapshot(user, ["unit_id", "role", "is_active"])
        if where == DEACTIVATE:
            user.is_active = False
        else:
            target = ctx.destination(where)
            if target is None:  # the plan asks about every user it cannot place
                raise RuntimeError(f"user {user.pk}: {where} is not in the new tree")
            if where == PROVINCE and f"user:{user.pk}" in plan.questions:
                # A district's staff in the province office follow, they do not run it.
                if user.role == Role.UNIT_STAFF:
                    user.role = Role.VIEWER
            user.unit = target
        save_audited(
            user,
            update_fields=["unit", "role", "is_active"],
            before=before,
            by=ctx.by,
            action=Action.UPDATE,
            channel=ctx.channel,
            unit_id=user.unit_id,
        )
        ctx.user_map[user.pk] = user.pk
        ctx.record("user", user.pk, None if where == DEACTIVATE else user.unit_id)
        moved += 1
    ctx.counts["users"] = moved
    return moved


def successors_of(ctx: Context, unit_id: int) -> list[Unit]:
    """The new units that carry a legacy unit on: itself mapped, or for a district every new
    commune of its communes."""
    plan = ctx.plan
    unit = plan.units.get(unit_id)
    if unit is None:
        return []
    if unit.pk in plan.successors:
        return plan.successors[unit.pk]
    if unit.parent_id is None or unit.scheme != "legacy":
        return [ctx.unit_map[unit.pk]] if unit.pk in ctx.unit_map else []
    found: dict[int, Unit] = {}
    for pk, units in plan.successors.items():
        if plan.units[pk].path.startswith(unit.path):
            for u in units:
                found.setdefault(u.pk, u)
    return list(found.values())


def move_assignments(ctx: Context) -> int:
    """An area specialist assigned to a legacy unit follows its successors (for a district:
    the new communes of its communes). Where assignments are dated (`valid_from`/`valid_to`)
    the old one ends on 30/6/2025 and stays as history and the new ones start on 1/7/2025;
    without dates the old row goes and the new ones are created. Both audited, the move
    recorded."""
    from frontnet.accounts.models import AreaAssignment

    plan = ctx.plan
    dated = any(f.name == "valid_to" for f in AreaAssignment._meta.concrete_fields)
    assignments = AreaAssignment.objects.filter(unit_id__in=list(plan.units))
    if dated:
        assignments = assignments.filter(valid_to__isnull=True)
    moved = 0
    for assignment in assignments.select_related("user"):
        for target in successors_of(ctx, assignment.unit_id):
            if dated:
                new, created = AreaAssignment.objects.get_or_create(
                    user=assignment.user,
                    unit=target,
                    valid_to=None,
                    defaults={"valid_from": max(REFORM_DAY, assignment.valid_from)},
                )
            else:
                new, created = AreaAssignment.objects.get_or_create(
                    user=assignment.user, unit=target
                )
            if created:
                audit_record(obj=new, by=ctx.by, action=Action.CREATE, channel=ctx.channel)
        if dated:
            before = snapshot(assignment, ["valid_to"])
            assignment.valid_to = max(LEGACY_LAST_DAY, assignment.valid_from)
            save_audited(
                assignment,
                update_fields=["valid_to"],
                before=before,
                by=ctx.by,
                action=Action.END,
                channel=ctx.channel,
            )
        else:
            audit_record(obj=assignment, by=ctx.by, action=Action.DELETE, channel=ctx.channel)
            assignment.delete()
        ctx.record("assignment", assignment.pk, None)
        moved += 1
    return moved


register_mover(
    "units", label=gettext_lazy("Đơn vị, ban công tác Mặt trận"), order=10, move=move_units
)
register_mover("channels", label=gettext_lazy("Kênh chính thức"), order=20, move=move_channels)
register_mover("targets", label=gettext_lazy("Chỉ tiêu"), order=30, move=move_targets)
register_mover("criteria", label=gettext_lazy("Tiêu chí thi đua"), order=40, move=move_criteria)
register_mover("cadres", label=gettext_lazy("Cán bộ"), order=50, move=move_cadres)
register_mover("pages", label=gettext_lazy("Trang cộng đồng"), order=60, move=move_pages)
register_mover("users", label=gettext_lazy("Tài khoản người dùng"), order=70, move=move_users)
register_mover(
    "assignments", label=gettext_lazy("Địa bàn theo dõi"), order=80, move=move_assignments
)

__all__ = ["MOVERS", "Context", "Mover", "movers", "register_mover"]
