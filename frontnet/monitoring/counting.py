"""How cadres are counted as of a day, in SQL: the one definition that both the live count
(`selectors.cadre_figures`) and the per-unit cache (`unit_figures`) use."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q, Value
from django.utils import timezone

from frontnet.cadres.models import ChannelFollow, FollowStatus, Network, SocialAccount

from .measures import REQUIRED_FIELDS, Figures


def end_of(day: dt.date) -> dt.datetime:
    """The first instant after `day` (local time): records stamped before it count."""
    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))


def valid_q(day: dt.date, prefix: str = "") -> Q:
    return (Q(**{f"{prefix}valid_from__isnull": True}) | Q(**{f"{prefix}valid_from__lte": day})) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": day})
    )


def cadres_on(day: dt.date) -> Q:
    return (
        Q(created_at__lt=end_of(day))
        & (Q(active_from__isnull=True) | Q(active_from__lte=day))
        & (Q(active_to__isnull=True) | Q(active_to__gte=day))
        & valid_q(day, "unit__")
    )


def _filled(name: str, kind: str) -> Q:
    return ~Q(**{name: ""}) if kind == "text" else Q(**{f"{name}__isnull": False})


def cadre_aggregates(day: dt.date, channel_ids: list[int]) -> dict:
    """The aggregates of a Cadre queryset that make its Figures as of `day`."""
    end = end_of(day)
    accounts = SocialAccount.objects.filter(cadre=OuterRef("pk"), created_at__lt=end)
    has_account = Exists(accounts)
    has_facebook = Exists(accounts.filter(platform__network=Network.FACEBOOK))
    has_zalo = Exists(accounts.filter(platform__network=Network.ZALO))
    follows = {
        pk: Exists(
            ChannelFollow.objects.filter(
                cadre=OuterRef("pk"), channel_id=pk, status=FollowStatus.YES
            ).filter(Q(confirmed_on__isnull=True) | Q(confirmed_on__lte=day))
        )
        for pk in channel_ids
    }
    all_filled = Q()
    filled = []
    for name, _label, kind in REQUIRED_FIELDS:
        all_filled &= _filled(name, kind)
        filled.append(Count("pk", filter=_filled(name, kind)))
    follows_all = Q()
    for expression in follows.values():
        follows_all &= Q(expression)
    return {
        "cadres": Count("pk"),
        "with_account": Count("pk", filter=Q(has_account)),
        "with_facebook": Count("pk", filter=Q(has_facebook)),
        "with_zalo": Count("pk", filter=Q(has_zalo)),
        "fields_filled": sum(filled[1:], filled[0]),
        "complete": Count("pk", filter=all_filled),
        "follows_all": Count("pk", filter=follows_all) if follows else Value(0),
        **{f"follows_{pk}": Count("pk", filter=Q(e)) for pk, e in follows.items()},
    }


def figures_of(row: dict, channel_ids: list[int]) -> Figures:
    """A row of `cadre_aggregates` as Figures."""
    return Figures(
        cadres=row["cadres"],
        with_account=row["with_account"],
        with_facebook=row["with_facebook"],
        with_zalo=row["with_zalo"],
        fields_filled=row["fields_filled"] or 0,
        complete=row["complete"],
        follows_all=row["follows_all"] if channel_ids else 0,
        follows={pk: row[f"follows_{pk}"] for pk in channel_ids},
    )


def in_subtree(path: str, field: str = "path") -> Q:
    """Units (or records of units, through `field`) of the subtree at `path`.

    On SQLite `startswith` becomes LIKE … ESCAPE, which never uses the index on `path`; the
    same set as a range of paths does (ids are zero-padded, so a subtree's paths sort
    together and the one after its last starts with the next character). PostgreSQL's
    pattern index serves LIKE, and its collation may not sort "/" as SQLite does."""
    if connection.vendor == "sqlite":
        upper = path[:-1] + chr(ord(path[-1]) + 1)
        return Q(**{f"{field}__gte": path, f"{field}__lt": upper})
    return Q(**{f"{field}__startswith": path})
