"""Writing a validated plan: every valid row in one transaction, in bulk.

One audit entry per cadre row says who, when, through which channel and what changed,
including the row's accounts and channel follows (one entry per row rather than per
record keeps a 50,000-row import's log to 50,000 entries).

The rows are written a chunk at a time, all inside the one transaction: the model
instances of one chunk (cadres, accounts, follows, audit entries) are dropped before the
next is built, so memory stays flat however long the file is.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from frontnet.audit.models import Action, AuditEntry, Channel
from frontnet.audit.services import audit_entry, diff, snapshot
from frontnet.cadres.models import (
    Cadre,
    ChannelFollow,
    OfficialChannel,
    Platform,
    SocialAccount,
)
from frontnet.core.vntext import fold_search

from .importing import CREATED, UPDATED, Plan

CADRE_FIELDS = [
    "unit",
    "full_name",
    "gender",
    "birth_year",
    "position",
    "category",
    "phone",
    "phone_raw",
    "phone_kind",
    "email",
]
ACCOUNT_PLATFORMS = ("facebook_profile", "zalo")
# Rows written per round (each round: cadres, accounts, follows, audit entries).
CHUNK = 2000
BATCH = 1000  # as bench/run.py's raw baseline writes


@dataclass
class _Context:
    by: object
    channel: str
    note: str
    now: object
    today: object
    platforms: dict
    channel_names: dict


@transaction.atomic
def apply_plan(plan: Plan, *, by, channel: str = Channel.IMPORT, note: str = "") -> dict:
    follows = {ch for r in plan.cadre_rows for ch in r.follows}
    context = _Context(
        by=by,
        channel=channel,
        note=note,
        now=timezone.now(),
        today=timezone.localdate(),
        platforms={p.key: p for p in Platform.objects.filter(key__in=ACCOUNT_PLATFORMS)},
        channel_names=dict(
            OfficialChannel.objects.filter(pk__in=follows).values_list("pk", "name")
        ),
    )
    # All new cadres first, then the updated ones, as one pass would: ids come out in file order.
    for action, write in ((CREATED, _create_cadres), (UPDATED, _update_cadres)):
        rows = [r for r in plan.cadre_rows if r.action == action]
        for start in range(0, len(rows), CHUNK):
            chunk = rows[start : start + CHUNK]
            cadres, changes = write(chunk, context)
            existing = action == UPDATED  # a new cadre has no accounts or follows yet
            _apply_accounts(chunk, cadres, context.platforms, changes, existing)
            _apply_follows(chunk, changes, context, existing)
            _audit(chunk, cadres, changes, action, context)

    if plan.page_rows:
        from .page_rows import apply_page_rows

        apply_page_rows(plan, by=by, channel=channel, note=note)
    return plan.counts


def _create_cadres(rows, context) -> tuple[dict, dict]:
    cadres = []
    for row in rows:
        cadre = Cadre(**{k: v for k, v in row.data.items() if k in CADRE_FIELDS})
        cadre.search_name = fold_search(cadre.full_name)
        cadre.active_from = context.today
        cadres.append(cadre)
    Cadre.objects.bulk_create(cadres, batch_size=BATCH)
    changes = {}
    for row, cadre in zip(rows, cadres, strict=True):
        row.cadre_id = cadre.pk
        # A new record: only the fields it was given. Empty ones would be "∅ → ∅" noise.
        changes[cadre.pk] = {
            k: [None, v] for k, v in snapshot(cadre).items() if v is not None and v != ""
        }
    return {c.pk: c for c in cadres}, changes


def _update_cadres(rows, context) -> tuple[dict, dict]:
    stored = Cadre.objects.in_bulk([r.cadre_id for r in rows])
    updated, touched, changes = [], {"search_name", "updated_at"}, {}
    for row in rows:
        cadre = stored[row.cadre_id]
        before = snapshot(cadre)
        for name, value in row.data.items():
            if name in CADRE_FIELDS:
                setattr(cadre, name, value)
                touched.add(name)
        cadre.search_name = fold_search(cadre.full_name)
        cadre.updated_at = context.now
        changes[cadre.pk] = diff(before, snapshot(cadre))
        if changes[cadre.pk]:
            updated.append(cadre)
    Cadre.objects.bulk_update(updated, sorted(touched), batch_size=BATCH)
    return stored, changes


def _audit(rows, cadres, changes, action, context) -> None:
    entries = [
        audit_entry(
            obj=cadres[row.cadre_id],
            by=context.by,
            action=Action.CREATE if action == CREATED else Action.UPDATE,
            channel=context.channel,
            at=context.now,
            note=context.note,
            changes=changes[row.cadre_id],
        )
        for row in rows
        if changes.get(row.cadre_id)
    ]
    AuditEntry.objects.bulk_create(entries, batch_size=BATCH)


def _apply_accounts(rows, cadres, platforms, changes, existing: bool) -> None:
    accounts = {}
    if existing:
        accounts = {
            (a.cadre_id, a.platform_id): a
            for a in SocialAccount.objects.filter(
                cadre_id__in=[r.cadre_id for r in rows], platform__in=platforms.values()
            )
        }
    new, changed = [], []
    for row in rows:
        for key, link in zip(ACCOUNT_PLATFORMS, (row.facebook, row.zalo), strict=True):
            if link is None:
                continue
            platform = platforms[key]
            account = accounts.get((row.cadre_id, platform.pk))
            if account is None:
                account = SocialAccount(
                    cadre_id=row.cadre_id,
                    unit_id=cadres[row.cadre_id].unit_id,
                    platform=platform,
                    link_raw=link.original,
                    canonical=link.canonical,
                    verifiable=link.verifiable,
                    phone=link.phone_e164 or "",
                )
                new.append(account)
                changes[row.cadre_id][f"account:{key}"] = [None, link.canonical]
            elif account.canonical != link.canonical:
                changes[row.cadre_id][f"account:{key}"] = [account.canonical, link.canonical]
                account.link_raw, account.canonical = link.original, link.canonical
                account.verifiable, account.phone = link.verifiable, link.phone_e164 or ""
                changed.append(account)
    SocialAccount.objects.bulk_create(new, batch_size=BATCH)
    SocialAccount.objects.bulk_update(
        changed, ["link_raw", "canonical", "verifiable", "phone"], batch_size=BATCH
    )


def _apply_follows(rows, changes, context, existing: bool) -> None:
    follows = {}
    if existing:
        follows = {
            (f.cadre_id, f.channel_id): f
            for f in ChannelFollow.objects.filter(cadre_id__in=[r.cadre_id for r in rows])
        }
    new, changed = [], []
    for row in rows:
        for channel_id, status in row.follows.items():
            follow = follows.get((row.cadre_id, channel_id))
            key = f"follow:{context.channel_names[channel_id]}"
            if follow is None:
                new.append(
                    ChannelFollow(
                        cadre_id=row.cadre_id,
                        channel_id=channel_id,
                        status=status,
                        confirmed_on=context.today,
                    )
                )
                changes[row.cadre_id][key] = [None, status]
            elif follow.status != status:
                changes[row.cadre_id][key] = [follow.status, status]
                follow.status, follow.confirmed_on = status, context.today
                changed.append(follow)
    ChannelFollow.objects.bulk_create(new, batch_size=BATCH)
    ChannelFollow.objects.bulk_update(changed, ["status", "confirmed_on"], batch_size=BATCH)
