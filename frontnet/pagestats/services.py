"""Writes of page statistics: plan a file (nothing written), then apply the plan.

Every source goes the same way: `stats_plan` reads the file, finds the page it belongs to,
classifies each row (per post, or per month) as created / updated / unchanged / rejected with
a located Vietnamese reason; `stats_apply` writes the valid rows in one transaction; each row
written gets its audit entry (who, when, the page's unit, what changed), all of one import
written at the end in one bulk write per kind of record (`AuditRows`). The monthly form is one "file" of one row.
A posts export's months are recounted from the stored posts after they are written, so a
later export of the same posts replaces their figures and the month follows.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from frontnet.audit.models import Action, Channel
from frontnet.audit.services import audit_bulk_write, diff, snapshot
from frontnet.core.sheets import UnreadableFile
from frontnet.core.vntext import fold_form
from frontnet.pages.models import CommunityPage
from frontnet.units.access import in_scope, user_can_edit_unit
from frontnet.units.models import Unit

from . import parsers
from .models import PageIdentity, PageMonth, PagePost, Source, StatsUpload
from .selectors import pages_for_upload

CREATED, UPDATED, UNCHANGED, REJECTED = "created", "updated", "unchanged", "rejected"
MAPPING_KIND = "pagestats"
POST_FIELDS = (
    "published_at",
    "permalink",
    "post_type",
    "views",
    "reach",
    "reactions",
    "comments",
    "shares",
)
RECOUNTED = ("posts", "post_views", "post_reach", "reactions", "comments", "shares")
FORM_FIELDS = ("followers", "new_follows", "posts", "reach", "views", "interactions")


class AuditRows:
    """The audit entries of one import, kept as rows and written at the end with
    `audit_bulk_write` (one write per kind of record): each record still has its own entry,
    with who, when, through what and what changed."""

    def __init__(self, *, by, channel: str, at: dt.datetime):
        self.by, self.channel, self.at = by, channel, at
        self.rows: dict[type, list[tuple]] = {}

    def add(self, obj, *, unit_id: int, before: dict | None = None) -> None:
        after = snapshot(obj)
        if before is None:
            action, changes = Action.CREATE, {k: [None, v] for k, v in after.items()}
        else:
            action, changes = Action.UPDATE, diff(before, after)
        self.rows.setdefault(type(obj), []).append((action, obj.pk, str(obj), unit_id, changes))

    def write(self) -> int:
        return sum(
            audit_bulk_write(model=model, by=self.by, channel=self.channel, at=self.at, rows=rows)
            for model, rows in self.rows.items()
        )


class StatsError(ValueError):
    """A file or entry that cannot be used at all; the message says why, in Vietnamese."""


@dataclass
class RowChange:
    status: str
    page: CommunityPage | None
    month: dt.date | None = None
    post: parsers.PostRow | None = None
    values: dict = field(default_factory=dict)  # month fields to write
    line: int = 0


@dataclass
class MonthPreview:
    month: dt.date
    values: dict


@dataclass
class Plan:
    filename: str
    layout: str
    sheet: str = ""
    page: CommunityPage | None = None
    needs_page: bool = False
    missing: list[str] = field(default_factory=list)  # fields for the column-mapping step
    headers: list[str] = field(default_factory=list)
    signature: str = ""
    problems: list[parsers.Problem] = field(default_factory=list)
    changes: list[RowChange] = field(default_factory=list)
    months: list[MonthPreview] = field(default_factory=list)  # what the months will read
    meta_page_ids: set[str] = field(default_factory=set)
    exported_on: dt.date | None = None
    source: str = ""

    def count(self, status: str) -> int:
        if status == REJECTED:
            return len(self.problems)
        return sum(1 for c in self.changes if c.status == status)

    @property
    def counts(self) -> dict[str, int]:
        return {s: self.count(s) for s in (CREATED, UPDATED, UNCHANGED, REJECTED)}

    def summary(self) -> str:
        return " ".join(f"{k}={v}" for k, v in self.counts.items())

    @property
    def ready(self) -> bool:
        return not self.needs_page and not self.missing

    def messages(self) -> list[str]:
        return [p.message(self.filename) for p in self.problems]


# --- Reading a file safely ---------------------------------------------------------------


def check_size(data: bytes, filename: str) -> None:
    """Refuse a file past the upload cap before anything decodes it."""
    limit = getattr(settings, "FRONTNET_UPLOAD_MAX_BYTES", 30 * 1024 * 1024)
    if len(data) > limit:
        raise UnreadableFile(
            _("Tệp “%(file)s” quá lớn (%(size)s MB, tối đa %(limit)s MB).")
            % {"file": filename, "size": len(data) // 2**20, "limit": limit // 2**20}
        )


def read_file(data: bytes, filename: str, mapping: dict | None = None) -> parsers.Parsed:
    check_size(data, filename)
    parsed = parsers.parse_file(data, filename, mapping=mapping)
    rows = getattr(settings, "FRONTNET_SHEET_MAX_ROWS", 200_000)
    if parsed.rows > rows:
        raise UnreadableFile(
            _("Tệp “%(file)s” có hơn %(rows)s dòng.") % {"file": filename, "rows": rows}
        )
    return parsed


def stored_mapping(signature: str) -> dict | None:
    from frontnet.workbooks.models import ColumnMapping

    found = ColumnMapping.objects.filter(kind=MAPPING_KIND, signature=signature[:2000]).first()
    return {k: int(v) for k, v in found.mapping.items()} if found else None


def mapping_save(*, signature: str, mapping: dict[str, int], by) -> None:
    from frontnet.workbooks.models import ColumnMapping

    ColumnMapping.objects.update_or_create(
        kind=MAPPING_KIND,
        signature=signature[:2000],
        defaults={"mapping": mapping, "created_by": by if by.pk else None},
    )


# --- Which page ----------------------------------------------------------------------------


def _page_from_file(parsed: parsers.Parsed) -> tuple[CommunityPage | None, str]:
    """The page named in a posts export (by a learnt Meta Page ID, an ID in the page's link,
    or its name), among all active pages: the caller checks scope. Also the ID found."""
    ids = sorted(parsed.page_ids)
    for meta_id in ids:
        known = PageIdentity.objects.filter(meta_page_id=meta_id).select_related("page").first()
        if known and known.page.active:
            return known.page, meta_id
        by_link = CommunityPage.objects.filter(active=True).filter(
            Q(canonical__endswith=f"/{meta_id}") | Q(canonical__endswith=f"id={meta_id}")
        )
        if len(found := list(by_link[:2])) == 1:
            return found[0], meta_id
    names = {fold_form(n) for n in parsed.page_names}
    if len(names) == 1:
        name = names.pop()
        candidates = [
            p
            for p in CommunityPage.objects.filter(
                active=True, name__iexact=next(iter(parsed.page_names))
            )
            if fold_form(p.name) == name
        ]
        if len(candidates) == 1:
            return candidates[0], ids[0] if ids else ""
    return None, ids[0] if ids else ""


def _located(parsed: parsers.Parsed, field_name: str, reason: str) -> parsers.Problem:
    line = parsed.posts[0].line if parsed.posts else 2
    column = {"page_id": "Page ID", "page_name": "Page name"}.get(field_name, field_name)
    for label in parsed.headers:
        if parsers.fold_header(label) in parsers.POST_HEADERS.get(field_name, set()):
            column = label
    return parsers.Problem(parsed.sheet, line, column, reason)


# --- Planning ----------------------------------------------------------------------------


def stats_plan(
    *,
    data: bytes,
    filename: str,
    user,
    unit: Unit,
    page: CommunityPage | None = None,
    mapping: dict | None = None,
    exported_on: dt.date | None = None,
) -> Plan:
    """Read and classify a file; writes nothing. Raises UnreadableFile for a file that no
    layout fits. `page` is the uploader's choice (already checked to be in their scope)."""
    parsed = read_file(data, filename, mapping)
    if parsed.missing and mapping is None:
        remembered = stored_mapping(parsed.signature)
        if remembered:
            parsed = read_file(data, filename, remembered)
    plan = Plan(
        filename=filename,
        layout=parsed.layout,
        sheet=parsed.sheet,
        problems=list(parsed.problems),
        headers=parsed.headers,
        signature=parsed.signature,
        exported_on=exported_on or timezone.localdate(),
    )
    if parsed.missing:
        plan.missing = parsed.missing
        return plan
    if parsed.layout == "monthly":
        plan.source = Source.WORKBOOK
        _plan_month_rows(plan, parsed, user=user, unit=unit)
        return plan
    if parsed.layout == "posts":
        plan.source = Source.POSTS_EXPORT
        if len(parsed.page_ids) > 1:
            plan.problems.insert(
                0,
                _located(
                    parsed,
                    "page_id",
                    _("Tệp có bài viết của %(n)s trang; hãy xuất riêng từng trang.")
                    % {"n": len(parsed.page_ids)},
                ),
            )
            plan.changes = []
            return plan
        named, meta_id = _page_from_file(parsed)
        plan.meta_page_ids = parsed.page_ids
        if named is not None:
            allowed = pages_for_upload(user=user, unit=unit).filter(pk=named.pk).exists()
            if not allowed:
                plan.problems.insert(
                    0,
                    _located(
                        parsed,
                        "page_id",
                        _("Trang có ID “%(id)s” trong tệp không thuộc phạm vi của bạn.")
                        % {"id": meta_id or next(iter(parsed.page_names), "")},
                    ),
                )
                return plan
            if page is not None and page.pk != named.pk:
                plan.problems.insert(
                    0,
                    _located(
                        parsed,
                        "page_id",
                        _("Tệp là của trang “%(file)s”, không phải trang đã chọn “%(chosen)s”.")
                        % {"file": named.name, "chosen": page.name},
                    ),
                )
                return plan
            page = named
    else:
        plan.source = Source.METRIC_EXPORT
    if page is None:
        plan.needs_page = True
        return plan
    plan.page = page
    if parsed.layout == "posts":
        _plan_posts(plan, parsed.posts, page)
    else:
        _plan_metric_months(plan, parsed, page)
    return plan


def local(naive: dt.datetime) -> dt.datetime:
    return timezone.make_aware(naive) if timezone.is_naive(naive) else naive


def month_range(month: dt.date) -> tuple[dt.datetime, dt.datetime]:
    after = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    start = timezone.make_aware(dt.datetime.combine(month, dt.time.min))
    return start, timezone.make_aware(dt.datetime.combine(after, dt.time.min))


def _post_values(row: parsers.PostRow) -> dict:
    return {
        "published_at": local(row.published_at),
        "permalink": row.permalink,
        "post_type": row.post_type,
        "views": row.views,
        "reach": row.reach,
        "reactions": row.reactions,
        "comments": row.comments,
        "shares": row.shares,
    }


def _plan_posts(plan: Plan, rows: list[parsers.PostRow], page: CommunityPage) -> None:
    stored = {
        p.post_id: p
        for p in PagePost.objects.filter(page=page, post_id__in=[r.post_id for r in rows])
    }
    touched: set[dt.date] = set()
    for row in rows:
        values = _post_values(row)
        old = stored.get(row.post_id)
        if old is None:
            status = CREATED
        elif all(getattr(old, k) == v for k, v in values.items()):
            status = UNCHANGED
        elif old.exported_on > plan.exported_on:
            status = UNCHANGED  # an older export than the one stored: its figures are behind
        else:
            status = UPDATED
            touched.add(parsers.month_of(timezone.localtime(old.published_at)))
        if status == CREATED or status == UPDATED:
            touched.add(parsers.month_of(timezone.localtime(values["published_at"])))
        plan.changes.append(
            RowChange(status=status, page=page, post=row, values=values, line=row.line)
        )
    # What the touched months will read: the stored posts, with the file's in their place.
    replaced = {c.post.post_id: c for c in plan.changes if c.status in (CREATED, UPDATED)}
    posts = []
    for month in sorted(touched):
        start, end = month_range(month)
        for p in PagePost.objects.filter(page=page, published_at__gte=start, published_at__lt=end):
            if p.post_id not in replaced:
                p.published_at = timezone.localtime(p.published_at).replace(tzinfo=None)
                posts.append(p)
    posts += [
        _Post(c.post.post_id, c.post.published_at, c.post.permalink, **_counts(c.post))
        for c in replaced.values()
    ]
    totals = parsers.post_totals(posts)
    plan.months = [
        MonthPreview(m, _recount_values(totals.get(m, parsers.PostTotals())))
        for m in sorted(touched)
    ]


@dataclass
class _Post:
    post_id: str
    published_at: dt.datetime
    permalink: str
    views: int
    reach: int
    reactions: int
    comments: int
    shares: int


def _counts(row) -> dict:
    return {k: getattr(row, k) for k in ("views", "reach", "reactions", "comments", "shares")}


def _recount_values(totals: parsers.PostTotals) -> dict:
    return {
        "posts": totals.posts,
        "post_views": totals.post_views,
        "post_reach": totals.post_reach,
        "reactions": totals.reactions,
        "comments": totals.comments,
        "shares": totals.shares,
        "best_post_url": totals.best_post_url,
    }


def _classify_month(stored: PageMonth | None, values: dict) -> str:
    if stored is None:
        return CREATED
    if all(getattr(stored, k) == v for k, v in values.items()):
        return UNCHANGED
    return UPDATED


def _plan_metric_months(plan: Plan, parsed: parsers.Parsed, page: CommunityPage) -> None:
    totals = parsers.metric_totals(parsed.days)
    stored = {m.month: m for m in PageMonth.objects.filter(page=page, month__in=list(totals))}
    first_line = {}
    for d in parsed.days:
        first_line.setdefault(parsers.month_of(d.day), d.line)
    for month in sorted(totals):
        values = totals[month]
        if not values:
            continue
        status = _classify_month(stored.get(month), values)
        plan.changes.append(
            RowChange(status=status, page=page, month=month, values=values, line=first_line[month])
        )
        plan.months.append(MonthPreview(month, values))


def _plan_month_rows(plan: Plan, parsed: parsers.Parsed, *, user, unit: Unit) -> None:
    pages = list(pages_for_upload(user=user, unit=unit))
    by_pk = {str(p.pk): p for p in pages}
    by_name: dict[str, list[CommunityPage]] = {}
    for p in pages:
        by_name.setdefault(fold_form(p.name), []).append(p)
    rows = []
    for row in parsed.months:
        page = by_pk.get(row.page_ref)
        if page is None and not row.page_ref:
            found = by_name.get(fold_form(row.page_name), [])
            if row.unit:
                found = [p for p in found if fold_form(p.unit.name) == fold_form(row.unit)] or found
            page = found[0] if len(found) == 1 else None
        if page is None:
            plan.problems.append(
                parsers.Problem(
                    parsed.sheet,
                    row.line,
                    parsers.MONTH_COLUMNS[0][1] if row.page_ref else parsers.MONTH_COLUMNS[2][1],
                    _("Không tìm thấy trang “%(page)s” trong phạm vi của bạn.")
                    % {"page": row.page_ref or row.page_name},
                )
            )
            continue
        values = dict(row.values)
        if row.best_post_url:
            values["best_post_url"] = row.best_post_url
        rows.append((row, page, values))
    keys = [(p.pk, r.month) for r, p, _v in rows]
    stored = {
        (m.page_id, m.month): m
        for m in PageMonth.objects.filter(
            page_id__in={k[0] for k in keys}, month__in={k[1] for k in keys}
        )
    }
    seen: dict[tuple, int] = {}
    for row, page, values in rows:
        key = (page.pk, row.month)
        if key in seen:
            plan.problems.append(
                parsers.Problem(
                    parsed.sheet,
                    row.line,
                    parsers.MONTH_COLUMNS[3][1],
                    _("Trang và tháng này đã có ở dòng %(line)s.") % {"line": seen[key]},
                )
            )
            continue
        seen[key] = row.line
        status = _classify_month(stored.get(key), values)
        plan.changes.append(
            RowChange(status=status, page=page, month=row.month, values=values, line=row.line)
        )


# --- Applying ----------------------------------------------------------------------------


@transaction.atomic
def stats_apply(
    *, plan: Plan, by, channel: str = Channel.WEB, upload: StatsUpload | None = None
) -> dict[str, int]:
    """Write the plan's valid rows; returns the counts. Nothing is written when the plan is
    not ready (page or columns still to be chosen)."""
    if not plan.ready:
        raise StatsError(_("Chưa chọn trang hoặc chưa ghép cột."))
    now = timezone.now()
    audit = AuditRows(by=by, channel=channel, at=now)
    if plan.layout == "posts" and plan.page is not None:
        _apply_posts(plan, by=by, upload=upload, now=now, audit=audit)
        for meta_id in plan.meta_page_ids:
            PageIdentity.objects.update_or_create(
                meta_page_id=meta_id, defaults={"page": plan.page}
            )
    else:
        for change in plan.changes:
            if change.status in (CREATED, UPDATED):
                _month_write(
                    page=change.page,
                    month=change.month,
                    values=change.values,
                    source=plan.source,
                    by=by,
                    upload=upload,
                    now=now,
                    audit=audit,
                )
    audit.write()
    counts = plan.counts
    if upload is not None:
        upload.committed_at = now
        upload.page = plan.page
        upload.report = {"counts": counts, "problems": plan.messages()[:200]}
        upload.save(update_fields=["committed_at", "page", "report"])
    return counts


def _apply_posts(plan: Plan, *, by, upload, now, audit: AuditRows) -> None:
    page = plan.page
    changed = [c for c in plan.changes if c.status in (CREATED, UPDATED)]
    if not changed:
        return
    stored = {
        p.post_id: p
        for p in PagePost.objects.filter(page=page, post_id__in=[c.post.post_id for c in changed])
    }
    touched: set[dt.date] = set()
    new, updated = [], []
    for change in changed:
        old = stored.get(change.post.post_id)
        if old is None:
            post = PagePost(
                page=page,
                post_id=change.post.post_id,
                exported_on=plan.exported_on,
                upload=upload,
                **change.values,
            )
            post.full_clean(validate_unique=False, validate_constraints=False)
            new.append(post)
        else:
            before = snapshot(old)
            touched.add(parsers.month_of(timezone.localtime(old.published_at)))
            for name, value in change.values.items():
                setattr(old, name, value)
            old.exported_on, old.upload = plan.exported_on, upload
            old.full_clean(validate_unique=False, validate_constraints=False)
            updated.append((old, before))
        touched.add(parsers.month_of(timezone.localtime(change.values["published_at"])))
    PagePost.objects.bulk_create(new, batch_size=500)  # SQLite and PostgreSQL return the ids
    if updated:
        PagePost.objects.bulk_update(
            [p for p, _b in updated], [*POST_FIELDS, "exported_on", "upload"], batch_size=500
        )
    for post in new:
        audit.add(post, unit_id=page.unit_id)
    for post, before in updated:
        audit.add(post, unit_id=page.unit_id, before=before)
    for month in sorted(touched):
        start, end = month_range(month)
        posts = list(
            PagePost.objects.filter(page=page, published_at__gte=start, published_at__lt=end)
        )
        for p in posts:
            p.published_at = timezone.localtime(p.published_at).replace(tzinfo=None)
        totals = parsers.post_totals(posts).get(month, parsers.PostTotals())
        _month_write(
            page=page,
            month=month,
            values=_recount_values(totals),
            source=Source.POSTS_EXPORT,
            by=by,
            upload=upload,
            now=now,
            audit=audit,
        )


def _month_write(*, page, month, values, source, by, upload, now, audit: AuditRows) -> str:
    stored = PageMonth.objects.filter(page=page, month=month).first()
    status = _classify_month(stored, values)
    if status == UNCHANGED:
        return status
    row = stored or PageMonth(page=page, month=month)
    before = snapshot(row) if stored else None
    for name, value in values.items():
        setattr(row, name, value)
    row.source, row.upload, row.entered_by, row.entered_at = (
        source,
        upload,
        by if by.pk else None,
        now,
    )
    row.full_clean(validate_unique=False, validate_constraints=False)
    row.save()
    audit.add(row, unit_id=page.unit_id, before=before)
    return status


# --- Uploads and the form ----------------------------------------------------------------


def stats_upload_create(
    *, unit: Unit, by, data: bytes, filename: str, exported_on: dt.date | None = None
) -> StatsUpload:
    """Keep the file for its preview and commit; refuses a file past the size cap."""
    check_size(data, filename)
    upload = StatsUpload(
        unit=unit,
        uploaded_by=by,
        filename=filename[:255],
        sha256=hashlib.sha256(data).hexdigest(),
        content=data,
        exported_on=exported_on or timezone.localdate(),
    )
    upload.full_clean(exclude=["content"])
    upload.save()
    return upload


def stats_upload_plan(*, upload: StatsUpload, user, page=None, mapping=None) -> Plan:
    return stats_plan(
        data=bytes(upload.content),
        filename=upload.filename,
        user=user,
        unit=upload.unit,
        page=page,
        mapping=mapping,
        exported_on=upload.exported_on,
    )


def stats_upload_commit(*, upload: StatsUpload, by, page=None, mapping=None) -> Plan:
    if upload.committed_at is not None:
        raise StatsError(_("Tệp này đã được ghi rồi."))
    if not user_can_edit_unit(user=by, unit=upload.unit):
        raise StatsError(_("Bạn không có quyền ghi số liệu cho đơn vị này."))
    plan = stats_upload_plan(upload=upload, user=by, page=page, mapping=mapping)
    stats_apply(plan=plan, by=by, channel=Channel.IMPORT, upload=upload)
    return plan


def stats_upload_map_and_commit(*, upload: StatsUpload, by, page=None, mapping=None) -> Plan:
    """Commit an upload with the page and column mapping chosen (web or API); a mapping given
    is kept, so the next file of its layout is recognised by itself."""
    if mapping:
        plan = stats_upload_plan(upload=upload, user=by, page=page, mapping=mapping)
        if plan.signature:
            mapping_save(signature=plan.signature, mapping=mapping, by=by)
    return stats_upload_commit(upload=upload, by=by, page=page, mapping=mapping)


def month_figures_save(
    *, page: CommunityPage, month: dt.date, by, values: dict, channel: str = Channel.WEB
) -> str:
    """The monthly form: the figures given (blank ones left as they are)."""
    if not user_can_edit_unit(user=by, unit=page.unit) or not in_scope(user=by, unit=page.unit):
        raise StatsError(_("Bạn không có quyền ghi số liệu cho trang này."))
    if month.day != 1 or month > timezone.localdate():
        raise StatsError(_("Tháng không hợp lệ."))
    given = {k: v for k, v in values.items() if v not in (None, "")}
    if not given:
        raise StatsError(_("Chưa nhập số liệu nào."))
    now = timezone.now()
    audit = AuditRows(by=by, channel=channel, at=now)
    with transaction.atomic():
        status = _month_write(
            page=page,
            month=month,
            values=given,
            source=Source.FORM,
            by=by,
            upload=None,
            now=now,
            audit=audit,
        )
        audit.write()
    return status


# --- Reminders ---------------------------------------------------------------------------


def remind_missing_figures(*, today: dt.date | None = None) -> int:
    """Tell the people of each page's unit (its staff: the page's manager is a cadre, who may
    not log in) that last month ended without figures for the page. Safe to call every day:
    a page is reminded once per month. Returns how many notifications were sent."""
    from frontnet.accounts.models import Role, User
    from frontnet.notifications.models import Notification
    from frontnet.notifications.services import notify

    from .notice_kinds import PAGE_STATS_MISSING
    from .selectors import add_months, pages_missing_month

    today = today or timezone.localdate()
    month = add_months(today.replace(day=1), -1)
    label = f"{month:%m/%Y}"
    pages = list(pages_missing_month(month))
    if not pages:
        return 0
    told = set(
        Notification.objects.filter(
            kind=PAGE_STATS_MISSING.key, args__month=label, unit_id__in={p.unit_id for p in pages}
        ).values_list("args__page_id", flat=True)
    )
    staff: dict[int, list] = {}
    for user in User.objects.filter(
        unit_id__in={p.unit_id for p in pages}, is_active=True, role=Role.UNIT_STAFF
    ):
        staff.setdefault(user.unit_id, []).append(user)
    from django.urls import reverse

    sent = 0
    for page in pages:
        if page.pk in told or not staff.get(page.unit_id):
            continue
        sent += len(
            notify(
                kind=PAGE_STATS_MISSING,
                recipients=staff[page.unit_id],
                unit=page.unit,
                url=reverse("page_stats_month", kwargs={"pk": page.pk}) + f"?month={label}",
                args={"page": page.name, "page_id": page.pk, "month": label},
            )
        )
    return sent
