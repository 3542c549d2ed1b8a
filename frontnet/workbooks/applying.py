"""Writing a validated plan: every valid row in one transaction, in bulk.

One audit entry per cadre row says who, when, through which channel and what changed,
including the row's accounts and channel follows (one entry per row rather than per
record keeps a 50,000-row import's log to 50,000 entries).
"""

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


@transaction.atomic
def apply_plan(plan: Plan, *, by, channel: str = Channel.IMPORT, note: str = "") -> dict:
    now = timezone.now()
    today = timezone.localdate()
    platforms = {p.key: p for p in Platform.objects.filter(key__in=ACCOUNT_PLATFORMS)}
    new_rows = [r for r in plan.cadre_rows if r.action == CREATED]
    changed_rows = [r for r in plan.cadre_rows if r.action == UPDATED]
    changes: dict[int, dict] = {}  # cadre id -> what its row changed

    new_cadres = []
    for row in new_rows:
        cadre = Cadre(**{k: v for k, v in row.data.items() if k in CADRE_FIELDS})
        cadre.search_name = fold_search(cadre.full_name)
        cadre.active_from = today
        new_cadres.append(cadre)
    Cadre.objects.bulk_create(new_cadres, batch_size=1000)
    for row, cadre in zip(new_rows, new_cadres, strict=True):
        row.cadre_id = cadre.pk
        changes[cadre.pk] = {k: [None, v] for k, v in snapshot(cadre).items()}

    stored = Cadre.objects.in_bulk([r.cadre_id for r in changed_rows])
    updated, touched = [], {"search_name", "updated_at"}
    for row in changed_rows:
        cadre = stored[row.cadre_id]
        before = snapshot(cadre)
        for name, value in row.data.items():
            if name in CADRE_FIELDS:
                setattr(cadre, name, value)
                touched.add(name)
        cadre.search_name = fold_search(cadre.full_name)
        cadre.updated_at = now
        changes[cadre.pk] = diff(before, snapshot(cadre))
        if changes[cadre.pk]:
            updated.append(cadre)
    Cadre.objects.bulk_update(updated, sorted(touched), batch_size=1000)

    rows = [*new_rows, *changed_rows]
    cadres = {c.pk: c for c in new_cadres} | stored
    _apply_accounts(rows, cadres, platforms, changes)
    _apply_follows(rows, cadres, changes, today)

    entries = []
    for row in rows:
        if not changes.get(row.cadre_id):
            continue
        action = Action.CREATE if row.action == CREATED else Action.UPDATE
        entries.append(
            audit_entry(
                obj=cadres[row.cadre_id],
                by=by,
                action=action,
                channel=channel,
                at=now,
                note=note,
                after=changes[row.cadre_id],
            )
        )
        entries[-1].changes = changes[row.cadre_id]
    AuditEntry.objects.bulk_create(entries, batch_size=1000)

    if plan.page_rows:
        from .page_rows import apply_page_rows

        apply_page_rows(plan, by=by, channel=channel, note=note)
    return plan.counts


def _apply_accounts(rows, cadres, platforms, changes) -> None:
    ids = [r.cadre_id for r in rows]
    accounts = {
        (a.cadre_id, a.platform_id): a
        for a in SocialAccount.objects.filter(cadre_id__in=ids, platform__in=platforms.values())
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
    SocialAccount.objects.bulk_create(new, batch_size=1000)
    SocialAccount.objects.bulk_update(
        changed, ["link_raw", "canonical", "verifiable", "phone"], batch_size=1000
    )


def _apply_follows(rows, cadres, changes, today) -> None:
    ids = [r.cadre_id for r in rows]
    channels = OfficialChannel.objects.in_bulk({ch for r in rows for ch in r.follows})
    follows = {
        (f.cadre_id, f.channel_id): f for f in ChannelFollow.objects.filter(cadre_id__in=ids)
    }
    new, changed = [], []
    for row in rows:
        for channel_id, status in row.follows.items():
            follow = follows.get((row.cadre_id, channel_id))
            key = f"follow:{channels[channel_id].name}"
            if follow is None:
                new.append(
                    ChannelFollow(
                        cadre_id=row.cadre_id,
                        channel_id=channel_id,
                        status=status,
                        confirmed_on=today,
                    )
                )
                changes[row.cadre_id][key] = [None, status]
            elif follow.status != status:
                changes[row.cadre_id][key] = [follow.status, status]
                follow.status, follow.confirmed_on = status, today
                changed.append(follow)
    ChannelFollow.objects.bulk_create(new, batch_size=1000)
    ChannelFollow.objects.bulk_update(changed, ["status", "confirmed_on"], batch_size=1000)
