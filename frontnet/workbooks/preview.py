"""The import preview: what a batch will write, row by row, before anyone commits it.

A created row lists the values it brings, an updated one each field before → after, with the
labels of the one definition of a cadre's fields (`cadres/fields.py`, so a field added there
shows here with no change) and values as people know them (a choice's label, dd/mm/yyyy, a
phone as it is dialled, Có/Không). Unchanged rows are counted; rejected rows come with their
sheet, row, column and reason, rendered in the reader's language. Rows are stored once per
plan (`ImportRow`) and read a page at a time, so a 50,000-row preview opens as fast as a
ten-row one. Contact details are masked for a reader who may not see the unit's (privacy).
"""

import datetime as dt
import functools
from dataclasses import dataclass

from django import forms
from django.core.paginator import Paginator
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from frontnet.audit.history import Change  # a change in words, as the history shows it
from frontnet.cadres.fields import BY_NAME
from frontnet.cadres.models import FollowStatus
from frontnet.cadres.normalize import format_phone_national
from frontnet.privacy.masking import MASKERS, PERSONAL_FIELDS
from frontnet.units.access import personal_data_checker

from .bulk import insert_rows
from .models import ImportBatch, ImportRow
from .plan import CREATED, REJECTED, UNCHANGED, UPDATED, Plan, rejection_reason
from .selectors import batch_rows

PER_PAGE = 25
CHANGED = "changed"  # created and updated together, in the file's order
SHOWS = (CHANGED, CREATED, UPDATED, UNCHANGED, REJECTED)
SHOW_LABELS = {
    CHANGED: gettext_lazy("Tất cả thay đổi"),
    CREATED: gettext_lazy("Thêm mới"),
    UPDATED: gettext_lazy("Cập nhật"),
    UNCHANGED: gettext_lazy("Không đổi"),
    REJECTED: gettext_lazy("Bị từ chối"),
}
# The columns of the pages sheet, labelled as on the page form.
PAGE_LABELS = {
    "unit": gettext_lazy("Đơn vị"),
    "platform": gettext_lazy("Nền tảng"),
    "name": gettext_lazy("Tên trang"),
    "link": gettext_lazy("Liên kết của trang"),
    "manager": gettext_lazy("Cán bộ quản lý (đầu mối liên hệ)"),
    "created_on": gettext_lazy("Ngày lập trang"),
    "others": gettext_lazy("Đơn vị đã có trang"),
}
_ROW_COLUMNS = [
    "batch_id",
    "sheet",
    "row",
    "kind",
    "outcome",
    "record_id",
    "unit_id",
    "name",
    "changes",
]


def _plain(value):
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "pk"):  # a unit, category, platform or cadre: by its name
        return getattr(value, "name", None) or getattr(value, "full_name", None) or str(value)
    return value


def _plan_rows(batch: ImportBatch, plan: Plan):
    """The plan's rows that write something, as ImportRow columns."""
    rows = [
        ("cadre", r, r.cadre_id, r.data.get("unit"), r.data.get("full_name"))
        for r in plan.cadre_rows
    ]
    rows += [("page", r, r.page_id, r.unit, r.values.get("name")) for r in plan.page_rows]
    for kind, row, record_id, unit, name in rows:
        if row.action in (CREATED, UPDATED):
            changes = {k: [_plain(a), _plain(b)] for k, (a, b) in row.changes.items()}
            yield (
                batch.pk,
                row.sheet[:100],
                row.row,
                kind,
                row.action,
                record_id,
                unit.pk,
                (name or "")[:255],
                changes,
            )


@transaction.atomic
def preview_store(*, batch: ImportBatch, plan: Plan, chunk: int = 2000) -> None:
    """The plan's created and updated rows, in place of the batch's earlier ones."""
    ImportRow.objects.filter(batch=batch).delete()
    rows = []
    for values in _plan_rows(batch, plan):
        rows.append(values)
        if len(rows) == chunk:
            insert_rows(ImportRow, _ROW_COLUMNS, rows)
            rows = []
    insert_rows(ImportRow, _ROW_COLUMNS, rows)


# --- Reading -----------------------------------------------------------------------------


@dataclass
class Line:
    row: ImportRow
    changes: list[Change]


@functools.cache
def _form_field(name: str) -> forms.Field | None:
    field = BY_NAME.get(name)
    return field.build_form_field() if field is not None and field.form_field else None


def _label(kind: str, key: str) -> str:
    if key.startswith("follow:"):
        return _("Theo dõi “%(channel)s”") % {"channel": key.removeprefix("follow:")}
    if kind == "page":
        return str(PAGE_LABELS.get(key, key))
    field = BY_NAME.get(key)
    return str(field.label) if field is not None else key


def _day(value) -> str:
    try:
        return date_format(dt.date.fromisoformat(str(value)), "d/m/Y")
    except ValueError:
        return str(value)


def _value(kind: str, key: str, value) -> str:
    if value is None or value == "":
        return "—"
    if key.startswith("follow:"):
        return str(dict(FollowStatus.choices).get(value, value))
    if kind == "page":
        return _day(value) if key == "created_on" else str(value)
    if key == "phone":
        return format_phone_national(value)
    field = _form_field(key)
    if isinstance(field, forms.BooleanField) or isinstance(value, bool):
        return _("Có") if value else _("Không")
    if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
        return str(dict(field.choices).get(value, value))
    if isinstance(field, forms.DateField):
        return _day(value)
    return str(value)


def _shown(kind: str, key: str, value, masked: bool) -> str:
    if masked and kind == "cadre" and key in PERSONAL_FIELDS and value:
        return MASKERS[key](str(value))
    return _value(kind, key, value)


def lines(rows, *, user, batch: ImportBatch) -> list[Line]:
    """The rows in words. Contact details of a unit the reader may not see are masked; what
    the file brings stays readable to the person who uploaded it."""
    sees = personal_data_checker(user=user)
    uploader = user.pk == batch.uploaded_by_id
    out = []
    for row in rows:
        hidden = row.unit is None or not sees(row.unit)
        out.append(
            Line(
                row,
                [
                    Change(
                        _label(row.kind, key),
                        _shown(row.kind, key, before, hidden),
                        _shown(row.kind, key, after, hidden and not uploader),
                    )
                    for key, (before, after) in row.changes.items()
                ],
            )
        )
    return out


def preview_context(*, batch: ImportBatch, user, show: str | None, page: str | None) -> dict:
    """What the batch page shows of the plan: the outcome chosen (all changes by default),
    one page of its rows in words, and the tabs with their counts."""
    if batch.status not in ("validated", "committed"):
        return {}
    counts = {
        CHANGED: batch.created + batch.updated,
        CREATED: batch.created,
        UPDATED: batch.updated,
        UNCHANGED: batch.unchanged,
        REJECTED: batch.rejected,
    }
    show = show if show in SHOWS else CHANGED
    tabs = [(key, SHOW_LABELS[key], counts[key]) for key in SHOWS]
    context = {"show": show, "tabs": tabs, "show_count": counts[show]}
    if show in (REJECTED, CHANGED) and batch.rejected:
        # All changes come with the first rejected rows below them: nothing is committed
        # before the user has seen what was refused.
        stored = batch.report.get("rejections", [])
        pager = Paginator(stored, PER_PAGE).get_page(page if show == REJECTED else 1)
        context["rejections_page"] = pager
        context["rejections"] = [{**r, "reason": rejection_reason(r)} for r in pager.object_list]
        context["rejections_stored"] = len(stored)
        context["rejections_total"] = batch.report.get("rejections_total", len(stored))
    if show not in (UNCHANGED, REJECTED):
        outcomes = [CREATED, UPDATED] if show == CHANGED else [show]
        pager = Paginator(batch_rows(batch, outcomes), PER_PAGE).get_page(page)
        context["rows_page"] = pager
        context["lines"] = lines(pager.object_list, user=user, batch=batch)
    return context
