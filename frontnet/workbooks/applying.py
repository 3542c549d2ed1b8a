"""Writing a validated plan: every valid row in one transaction, in bulk.

One audit entry per cadre row says who, when, through which channel and what changed,
including the row's accounts and channel follows (one entry per row rather than per
record keeps a 50,000-row import's log to 50,000 entries).

The rows are written a chunk at a time, all inside the one transaction, with one
`executemany` per table and chunk (see bulk.py): new cadres get their ids first, so their
accounts, follows and audit entries are written from plain tuples, with no model instance
per row. Updated cadres are read back and compared field by field, as a web edit would.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from frontnet.audit.models import Action, Channel
from frontnet.audit.services import audit_bulk_write, diff, snapshot, snapshot_values
from frontnet.cadres.fields import template_fields
from frontnet.cadres.models import (
    Cadre,
    ChannelFollow,
    OfficialChannel,
    Platform,
    SocialAccount,
)
from frontnet.core.vntext import fold_search
from frontnet.monitoring.unit_figures import forget as forget_figures
from frontnet.privacy.models import ConsentMethod
from frontnet.privacy.services import consents_record

from .bulk import allocate_ids, insert_rows, update_rows
from .plan import CREATED, UPDATED, Plan

# The Cadre fields an imported row sets, from the one definition (the phone sets three).
CADRE_FIELDS = [name for f in template_fields() for name in f.stored]
# Their columns (unit_id, category_id…), and each one's value when the row leaves it blank.
_ROW_COLUMNS = [
    (name, field.attname, None if field.null else "")
    for name, field in ((n, Cadre._meta.get_field(n)) for n in CADRE_FIELDS)
]
ACCOUNT_PLATFORMS = ("facebook_profile", "zalo")
# Rows written per round (each round: cadres, accounts, follows, audit entries).
CHUNK = 2000

# Every column of a new cadre, as bulk.insert_rows takes them.
NEW_CADRE_COLUMNS = [
    "id",
    *(column for _name, column, _blank in _ROW_COLUMNS),
    "search_name",
    "active_from",
    "active_to",
    "end_reason",
    "created_at",
    "updated_at",
]
ACCOUNT_COLUMNS = [
    "unit_id",
    "cadre_id",
    "platform_id",
    "link_raw",
    "canonical",
    "verifiable",
    "phone",
    "created_at",
    "updated_at",
]
ACCOUNT_CHANGES = ["link_raw", "canonical", "verifiable", "phone", "updated_at"]
FOLLOW_COLUMNS = ["cadre_id", "channel_id", "status", "confirmed_on"]


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
            write(rows[start : start + CHUNK], context)

    agreed = {
        r.cadre_id: r.consent
        for r in plan.cadre_rows
        if r.consent is not None and r.action in (CREATED, UPDATED)
    }
    if agreed:
        consents_record(agreed=agreed, by=by, method=ConsentMethod.IMPORT, channel=channel)

    if plan.page_rows:
        from .page_rows import apply_page_rows

        apply_page_rows(plan, by=by, channel=channel, note=note)
    return plan.counts


def _audit(context, action: str, entries: list) -> None:
    audit_bulk_write(
        model=Cadre,
        by=context.by,
        channel=context.channel,
        at=context.now,
        note=context.note,
        rows=[(action, *entry) for entry in entries],
    )


def _create_cadres(rows, context) -> None:
    """New cadres, their accounts and follows, and one audit entry each."""
    now, today = context.now, context.today
    cadres, accounts, follows, entries = [], [], [], []
    for row, pk in zip(rows, allocate_ids(Cadre, len(rows)), strict=True):
        row.cadre_id = pk
        data = row.data
        unit_id = data["unit"].pk
        values = {}
        for name, column, blank in _ROW_COLUMNS:
            value = data.get(name)
            if value is None or value == "":
                value = blank
            elif column != name:  # a foreign key: the row holds the object
                value = value.pk
            values[column] = value
        values["active_from"] = today
        cadres.append(
            (
                pk,
                *(values[column] for _name, column, _blank in _ROW_COLUMNS),
                fold_search(values["full_name"]),
                today,
                None,
                "",
                now,
                now,
            )
        )
        # A new record: only the fields it was given. Empty ones would be "∅ → ∅" noise.
        changes = {
            k: [None, v]
            for k, v in snapshot_values(Cadre, values).items()
            if v is not None and v != ""
        }
        for key, link in zip(ACCOUNT_PLATFORMS, (row.facebook, row.zalo), strict=True):
            if link is not None:
                accounts.append(
                    (
                        unit_id,
                        pk,
                        context.platforms[key].pk,
                        link.original,
                        link.canonical,
                        link.verifiable,
                        link.phone_e164 or "",
                        now,
                        now,
                    )
                )
                changes[f"account:{key}"] = [None, link.canonical]
        for channel_id, status in row.follows.items():
            follows.append((pk, channel_id, status, today))
            changes[f"follow:{context.channel_names[channel_id]}"] = [None, status]
        entries.append((pk, values["full_name"], unit_id, changes))
    insert_rows(Cadre, NEW_CADRE_COLUMNS, cadres)
    insert_rows(SocialAccount, ACCOUNT_COLUMNS, accounts)
    insert_rows(ChannelFollow, FOLLOW_COLUMNS, follows)
    _audit(context, Action.CREATE, entries)


def _update_cadres(rows, context) -> None:
    """Stored cadres whose row differs: the fields, accounts and follows that changed, and
    one audit entry per cadre saying what did."""
    stored = Cadre.objects.in_bulk([r.cadre_id for r in rows])
    touched, changes = {"search_name", "updated_at"}, {}
    changed, moved_from = [], set()
    for row in rows:
        cadre = stored[row.cadre_id]
        before = snapshot(cadre)
        old_unit = cadre.unit_id
        for name, value in row.data.items():
            if name in CADRE_FIELDS:
                setattr(cadre, name, value)
                touched.add(name)
        cadre.search_name = fold_search(cadre.full_name)
        cadre.updated_at = context.now
        changes[cadre.pk] = diff(before, snapshot(cadre))
        if changes[cadre.pk]:
            changed.append(cadre)
        if cadre.unit_id != old_unit:
            moved_from.add(old_unit)
    names = sorted(touched)
    attnames = [Cadre._meta.get_field(n).attname for n in names]
    update_rows(Cadre, names, [[*(getattr(c, a) for a in attnames), c.pk] for c in changed])
    _update_accounts(rows, stored, changes, context)
    _update_follows(rows, changes, context)
    entries = [
        (row.cadre_id, str(stored[row.cadre_id])[:255], stored[row.cadre_id].unit_id, found)
        for row in rows
        if (found := changes.get(row.cadre_id))
    ]
    _audit(context, Action.UPDATE, entries)
    if moved_from:
        forget_figures(moved_from)  # their entries name the new unit only


def _update_accounts(rows, cadres, changes, context) -> None:
    platforms = context.platforms
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
                new.append(
                    (
                        cadres[row.cadre_id].unit_id,
                        row.cadre_id,
                        platform.pk,
                        link.original,
                        link.canonical,
                        link.verifiable,
                        link.phone_e164 or "",
                        context.now,
                        context.now,
                    )
                )
                changes[row.cadre_id][f"account:{key}"] = [None, link.canonical]
            elif account.canonical != link.canonical:
                changes[row.cadre_id][f"account:{key}"] = [account.canonical, link.canonical]
                changed.append(
                    (
                        link.original,
                        link.canonical,
                        link.verifiable,
                        link.phone_e164 or "",
                        context.now,
                        account.pk,
                    )
                )
    insert_rows(SocialAccount, ACCOUNT_COLUMNS, new)
    update_rows(SocialAccount, ACCOUNT_CHANGES, changed)


def _update_follows(rows, changes, context) -> None:
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
                new.append((row.cadre_id, channel_id, status, context.today))
                changes[row.cadre_id][key] = [None, status]
            elif follow.status != status:
                changes[row.cadre_id][key] = [follow.status, status]
                changed.append((status, context.today, follow.pk))
    insert_rows(ChannelFollow, FOLLOW_COLUMNS, new)
    update_rows(ChannelFollow, ["status", "confirmed_on"], changed)
