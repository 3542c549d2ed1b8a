"""Writing a validated plan: every valid row in one transaction, in bulk, with audit entries."""

from django.db import transaction
from django.utils import timezone

from frontnet.audit.models import Action, AuditEntry, Channel
from frontnet.audit.services import audit_entry, snapshot
from frontnet.cadres.models import Cadre, ChannelFollow, Platform, SocialAccount
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


@transaction.atomic
def apply_plan(plan: Plan, *, by, channel: str = Channel.IMPORT, note: str = "") -> dict:
    now = timezone.now()
    today = timezone.localdate()
    entries: list[AuditEntry] = []
    platforms = {p.key: p for p in Platform.objects.filter(key__in=["facebook_profile", "zalo"])}

    new_rows = [r for r in plan.cadre_rows if r.action == CREATED]
    changed_rows = [r for r in plan.cadre_rows if r.action == UPDATED]
    new_cadres = []
    for row in new_rows:
        cadre = Cadre(
            **{k: v for k, v in row.data.items() if k in CADRE_FIELDS or k in {"unit", "category"}}
        )
        cadre.search_name = fold_search(cadre.full_name)
        cadre.active_from = cadre.active_from or today
        new_cadres.append(cadre)
    Cadre.objects.bulk_create(new_cadres, batch_size=2000)
    for row, cadre in zip(new_rows, new_cadres, strict=True):
        row.cadre_id = cadre.pk
        entries.append(
            audit_entry(obj=cadre, by=by, action=Action.CREATE, channel=channel, at=now, note=note)
        )

    stored = Cadre.objects.in_bulk([r.cadre_id for r in changed_rows])
    updated = []
    fields_touched: set[str] = set()
    for row in changed_rows:
        cadre = stored[row.cadre_id]
        before = snapshot(cadre)
        for name, value in row.data.items():
            if name in CADRE_FIELDS:
                setattr(cadre, name, value)
                fields_touched.add(name)
        cadre.search_name = fold_search(cadre.full_name)
        after = snapshot(cadre)
        if after != before:
            updated.append(cadre)
            entries.append(
                audit_entry(
                    obj=cadre,
                    by=by,
                    action=Action.UPDATE,
                    channel=channel,
                    before=before,
                    after=after,
                    at=now,
                    note=note,
                )
            )
    if updated:
        for cadre in updated:
            cadre.updated_at = now
        Cadre.objects.bulk_update(
            updated, sorted(fields_touched | {"search_name", "updated_at"}), batch_size=2000
        )

    rows = [*new_rows, *changed_rows]
    cadre_ids = [r.cadre_id for r in rows]
    accounts = {
        (a.cadre_id, a.platform_id): a
        for a in SocialAccount.objects.filter(
            cadre_id__in=cadre_ids, platform__in=platforms.values()
        )
    }
    new_accounts, changed_accounts = [], []
    unit_of = {r.cadre_id: r.data["unit"] for r in rows}
    for row in rows:
        for key, link in (("facebook_profile", row.facebook), ("zalo", row.zalo)):
            if link is None:
                continue
            platform = platforms[key]
            account = accounts.get((row.cadre_id, platform.pk))
            if account is None:
                account = SocialAccount(
                    cadre_id=row.cadre_id,
                    unit=unit_of[row.cadre_id],
                    platform=platform,
                    link_raw=link.original,
                    canonical=link.canonical,
                    verifiable=link.verifiable,
                    phone=link.phone_e164 or "",
                )
                new_accounts.append(account)
            elif account.canonical != link.canonical:
                before = snapshot(account)
                account.link_raw, account.canonical = link.original, link.canonical
                account.verifiable, account.phone = link.verifiable, link.phone_e164 or ""
                changed_accounts.append(account)
                entries.append(
                    audit_entry(
                        obj=account,
                        by=by,
                        action=Action.UPDATE,
                        channel=channel,
                        before=before,
                        at=now,
                        note=note,
                    )
                )
    SocialAccount.objects.bulk_create(new_accounts, batch_size=2000)
    entries.extend(
        audit_entry(obj=a, by=by, action=Action.CREATE, channel=channel, at=now, note=note)
        for a in new_accounts
    )
    if changed_accounts:
        SocialAccount.objects.bulk_update(
            changed_accounts, ["link_raw", "canonical", "verifiable", "phone"], batch_size=2000
        )

    follows = {
        (f.cadre_id, f.channel_id): f for f in ChannelFollow.objects.filter(cadre_id__in=cadre_ids)
    }
    new_follows, changed_follows = [], []
    for row in rows:
        for channel_id, status in row.follows.items():
            follow = follows.get((row.cadre_id, channel_id))
            if follow is None:
                follow = ChannelFollow(
                    cadre_id=row.cadre_id, channel_id=channel_id, status=status, confirmed_on=today
                )
                new_follows.append(follow)
            elif follow.status != status:
                before = snapshot(follow)
                follow.status, follow.confirmed_on = status, today
                changed_follows.append(follow)
                entries.append(
                    audit_entry(
                        obj=follow,
                        by=by,
                        action=Action.UPDATE,
                        channel=channel,
                        before=before,
                        at=now,
                        note=note,
                        unit_id=unit_of[row.cadre_id].pk,
                    )
                )
    ChannelFollow.objects.bulk_create(new_follows, batch_size=2000)
    entries.extend(
        audit_entry(
            obj=f,
            by=by,
            action=Action.CREATE,
            channel=channel,
            at=now,
            note=note,
            unit_id=unit_of[f.cadre_id].pk,
        )
        for f in new_follows
    )
    if changed_follows:
        ChannelFollow.objects.bulk_update(
            changed_follows, ["status", "confirmed_on"], batch_size=2000
        )

    page_counts = {}
    if plan.page_rows:
        from .page_rows import apply_page_rows

        page_counts = apply_page_rows(plan, by=by, channel=channel, note=note, entries=entries)
    AuditEntry.objects.bulk_create(entries, batch_size=2000)
    return plan.counts | page_counts
