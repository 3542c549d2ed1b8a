"""The change history in words: each stored change read back as its reader knows it — the
field's label, a choice's label, a related record's name, dates as dd/mm/yyyy HH:MM local
time — instead of column names and raw values (`platform_id: ∅ → 2`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Page, Paginator
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .models import AuditEntry

PER_PAGE = 10


@dataclass
class Change:
    label: str
    before: str
    after: str


@dataclass
class Line:
    entry: AuditEntry
    changes: list[Change]


def _field(model, name: str):
    if model is None:
        return None
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        field = None
    if field is not None and getattr(field, "concrete", False):
        return field
    # A column's attname ("platform_id"); a reverse relation's name is no stored value.
    for f in model._meta.concrete_fields:
        if f.attname == name:
            return f
    return None


def _label(model, name: str) -> str:
    field = _field(model, name)
    if field is None:
        return name
    return str(field.verbose_name)[:1].upper() + str(field.verbose_name)[1:]


def _value(field, value, names: dict) -> str:
    if value is None or value == "":
        return "—"
    if field is None:
        return str(value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return _("Có") if value else _("Không")
    if field.is_relation and field.many_to_one:
        return names.get((field.related_model, value), f"#{value}")
    if isinstance(field, models.DateTimeField) and isinstance(value, str):
        try:
            at = dt.datetime.fromisoformat(value)
        except ValueError:
            return value
        return date_format(timezone.localtime(at) if timezone.is_aware(at) else at, "d/m/Y H:i")
    if isinstance(field, models.DateField) and isinstance(value, str):
        try:
            return date_format(dt.date.fromisoformat(value), "d/m/Y")
        except ValueError:
            return value
    return str(value)


def _prefixed(name: str, platforms: dict) -> tuple[str, object] | None:
    """The label and the field of a change that is not a column of the record: a cadre's
    account on a platform ("account:<platform key>", its value the link) and a follow of an
    official channel ("follow:<channel name>"), as the import writes them."""
    kind, _sep, rest = name.partition(":")
    if kind == "account" and rest:
        return platforms.get(rest, rest), None
    if kind == "follow" and rest:
        follow = _model("cadres.channelfollow")
        field = follow._meta.get_field("status") if follow is not None else None
        return _("Theo dõi “%(channel)s”") % {"channel": rest}, field
    return None


def _platform_names(entries) -> dict[str, str]:
    keys = {
        name.partition(":")[2]
        for e in entries
        for name in (e.changes or {})
        if name.startswith("account:")
    }
    platform = _model("cadres.platform") if keys else None
    if platform is None:
        return {}
    return dict(platform._default_manager.filter(key__in=keys).values_list("key", "name"))


def readable(entries) -> list[Line]:
    """The entries with their changes in words; related records named in one query per
    related model."""
    entries = list(entries)
    wanted: dict[type, set] = {}
    for e in entries:
        model = _model(e.model)
        for name, pair in (e.changes or {}).items():
            field = _field(model, name)
            if field is not None and field.is_relation and field.many_to_one:
                wanted.setdefault(field.related_model, set()).update(
                    v for v in pair if v not in (None, "")
                )
    names = {}
    for related, pks in wanted.items():
        for obj in related._default_manager.filter(pk__in=pks):
            names[(related, obj.pk)] = str(obj)
    platforms = _platform_names(entries)
    lines = []
    for e in entries:
        model = _model(e.model)
        changes = []
        for name, pair in (e.changes or {}).items():
            field = _field(model, name)
            label = _label(model, name)
            if field is None and (prefixed := _prefixed(name, platforms)):
                label, field = prefixed
            before, after = (list(pair) + [None, None])[:2]
            changes.append(Change(label, _value(field, before, names), _value(field, after, names)))
        lines.append(Line(e, changes))
    return lines


def _model(label: str):
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def history_page(queryset, number) -> tuple[Page, list[Line]]:
    """One page of a history, newest first, and its lines in words."""
    page = Paginator(queryset.order_by("-at", "-id"), PER_PAGE).get_page(number)
    return page, readable(page.object_list)
