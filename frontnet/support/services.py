"""Every write of the support loop: threads, replies, state changes, guidance, stale flags.

Each runs in a transaction, validates with full_clean, leaves an audit entry with the thread's
(or guidance's) unit, and tells the people concerned through `notifications.notify`.

States: new → in progress (a helper takes it) → answered (a helper replied) → solved (closed by
the asker or a helper); answered or solved → reopened (the asker, or a helper); the asker
replying to an answer reopens it too.
"""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from frontnet.accounts.models import AreaAssignment, Role, User
from frontnet.audit.models import Action, Channel
from frontnet.audit.services import audit_record, save_audited, snapshot
from frontnet.core.vntext import clean_text, fold_search
from frontnet.notifications.services import notify
from frontnet.units.access import (
    in_scope,
    province_of,
    user_can_edit_unit,
    user_helps_unit,
    user_manages_province,
)

from . import attachments as files
from .models import (
    WAITING_STATES,
    Attachment,
    ExampleUnit,
    Guidance,
    Reply,
    Thread,
    ThreadState,
    Topic,
)
from .notice_kinds import THREAD_NEW, THREAD_REPLY, THREAD_STALE, THREAD_STATE

STALE_WORKING_DAYS = 3


# --- Routing ------------------------------------------------------------------------------------


def specialists_following(unit) -> list[User]:
    """The active area specialists whose assigned unit is the unit or one of its ancestors."""
    ids = [*unit.ancestor_ids(), unit.pk]
    return list(
        User.objects.filter(
            is_active=True,
            role=Role.AREA_SPECIALIST,
            pk__in=AreaAssignment.objects.filter(unit_id__in=ids).values("user_id"),
        ).order_by("username")
    )


def province_office(unit) -> list[User]:
    """The province administrators of the unit's province."""
    province = province_of(unit=unit)
    return list(
        User.objects.filter(is_active=True, role=Role.PROVINCE_ADMIN, unit=province).order_by(
            "username"
        )
    )


def _thread_url(thread) -> str:
    return reverse("support_thread_detail", kwargs={"pk": thread.pk})


def _people_of(thread) -> list[User]:
    """Everyone a thread concerns: the asker, its assignees (or the office), the repliers."""
    people = [thread.opened_by, *thread.assignees.all()]
    if thread.to_office:
        people += province_office(thread.unit)
    people += [r.author for r in thread.replies.select_related("author")]
    return people


def _attach(uploads, *, by, thread=None, reply=None, guidance=None, now) -> list[Attachment]:
    rows = []
    for upload in uploads or ():
        kind, data = files.sniff_upload(upload)
        rows.append(
            Attachment(
                thread=thread,
                reply=reply,
                guidance=guidance,
                storage_name=files.store(data, kind=kind),
                name=clean_text(upload.name)[:255] or kind,
                kind=kind,
                content_type=files.CONTENT_TYPES[kind],
                size=len(data),
                uploaded_by=by,
                created_at=now,
            )
        )
    for row in rows:
        row.full_clean()
    return Attachment.objects.bulk_create(rows)


def _check_uploads(uploads):
    """Refuse a bad file before anything is written (the thread is not half made)."""
    errors = []
    for upload in uploads or ():
        try:
            files.sniff_upload(upload)
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        raise ValidationError({"files": errors})


def _written(model, *, allowed: bool, uploads, title: str, text: str, **fields):
    """A new thread or guidance entry as its author wrote it (not saved): the permission
    and the files checked first, the title and text tidied."""
    if not allowed:
        raise PermissionDenied
    _check_uploads(uploads)
    return model(title=clean_text(title), text=(text or "").strip(), **fields)


# --- Threads ------------------------------------------------------------------------------------


def thread_open(
    *, unit, topic, title: str, text: str, by, uploads=(), now=None, channel: str = Channel.WEB
) -> Thread:
    """A unit user raises a difficulty; it goes to the specialists following the unit, or to
    the province office when none does."""
    now = now or timezone.now()
    thread = _written(
        Thread,
        allowed=user_can_edit_unit(user=by, unit=unit),
        uploads=uploads,
        unit=unit,
        topic=topic,
        title=title,
        text=text,
        opened_by=by,
        created_at=now,
        last_activity_at=now,
    )
    specialists = specialists_following(unit)
    thread.to_office = not specialists
    thread.full_clean()
    with transaction.atomic():
        thread.save()
        thread.assignees.set(specialists)
        _attach(uploads, by=by, thread=thread, now=now)
        audit_record(obj=thread, by=by, action=Action.CREATE, channel=channel)
        recipients = specialists or province_office(unit)
        notify(
            kind=THREAD_NEW,
            recipients=[u for u in recipients if u.pk != by.pk],
            unit=unit,
            url=_thread_url(thread),
            args={"unit": unit.name, "title": thread.title},
        )
    return thread


def thread_reply(
    *, thread, text: str, by, uploads=(), now=None, channel: str = Channel.WEB
) -> Reply:
    """A reply in order. A helper's first reply is the first answer; the asker answering an
    answer reopens the thread."""
    helper = user_helps_unit(user=by, unit=thread.unit)
    if not helper and not user_can_edit_unit(user=by, unit=thread.unit):
        raise PermissionDenied
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Nội dung trả lời không được để trống.")})
    _check_uploads(uploads)
    now = now or timezone.now()
    before = snapshot(thread)
    reply = Reply(thread=thread, author=by, text=text, from_helper=helper, created_at=now)
    reply.full_clean()
    with transaction.atomic():
        reply.save()
        _attach(uploads, by=by, thread=thread, reply=reply, now=now)
        if helper:
            thread.state = ThreadState.ANSWERED
            thread.first_answer_at = thread.first_answer_at or now
        elif thread.state in (ThreadState.ANSWERED, ThreadState.SOLVED):
            thread.state = ThreadState.REOPENED
        thread.closed_at = None if thread.state != ThreadState.SOLVED else thread.closed_at
        thread.last_activity_at = now
        thread.save()
        audit_record(
            obj=thread,
            by=by,
            action=Action.UPDATE,
            before=before,
            note=_("Trả lời"),
            channel=channel,
        )
        notify(
            kind=THREAD_REPLY,
            recipients=[u for u in _people_of(thread) if u.pk != by.pk],
            unit=thread.unit,
            url=_thread_url(thread),
            args={"author": str(by), "title": thread.title},
        )
    return reply


# action -> (states it leaves, state it reaches, who: "helper" or "either")
TRANSITIONS = {
    "take": (WAITING_STATES, ThreadState.IN_PROGRESS, "helper"),
    "solve": (
        (*WAITING_STATES, ThreadState.ANSWERED),
        ThreadState.SOLVED,
        "either",
    ),
    "reopen": ((ThreadState.ANSWERED, ThreadState.SOLVED), ThreadState.REOPENED, "either"),
}


def thread_can(*, user, thread, action: str) -> bool:
    """Whether the user may apply `action` (take, solve, reopen) to the thread now."""
    sources, _target, who = TRANSITIONS[action]
    if thread.state not in sources or not in_scope(user=user, unit=thread.unit):
        return False
    if user_helps_unit(user=user, unit=thread.unit):
        return True
    return who == "either" and user_can_edit_unit(user=user, unit=thread.unit)


def thread_transition(*, thread, action: str, by, now=None, channel: str = Channel.WEB) -> Thread:
    if action not in TRANSITIONS:
        raise ValidationError(_("Thao tác không hợp lệ."))
    if not thread_can(user=by, thread=thread, action=action):
        raise PermissionDenied
    now = now or timezone.now()
    before = snapshot(thread)
    thread.state = TRANSITIONS[action][1]
    thread.last_activity_at = now
    if thread.state == ThreadState.SOLVED:
        thread.closed_at, thread.closed_by = now, by
    else:
        thread.closed_at, thread.closed_by = None, None
    with transaction.atomic():
        thread.save()
        audit_record(obj=thread, by=by, action=Action.UPDATE, before=before, channel=channel)
        notify(
            kind=THREAD_STATE,
            recipients=[u for u in _people_of(thread) if u.pk != by.pk],
            unit=thread.unit,
            url=_thread_url(thread),
            args={"title": thread.title, "state": str(thread.get_state_display())},
        )
    return thread


# --- Stale threads ------------------------------------------------------------------------------


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Monday-to-Friday days after `start` up to and including `end`."""
    days, day = 0, start
    while day < end:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            days += 1
    return days


def flag_stale_threads(*, today: dt.date | None = None) -> list[Thread]:
    """Threads still unanswered STALE_WORKING_DAYS working days after they were opened are
    told to the province office, once each. Returns the threads flagged now."""
    today = today or timezone.localdate()
    flagged = []
    candidates = Thread.objects.filter(
        first_answer_at__isnull=True, stale_flagged_at__isnull=True, state__in=WAITING_STATES
    ).select_related("unit")
    for thread in candidates:
        opened = timezone.localdate(thread.created_at)
        days = working_days_between(opened, today)
        if days < STALE_WORKING_DAYS:
            continue
        before = snapshot(thread)
        with transaction.atomic():
            thread.stale_flagged_at = timezone.now()
            save_audited(
                thread,
                update_fields=["stale_flagged_at"],
                before=before,
                by=None,
                action=Action.UPDATE,
                channel=Channel.SYSTEM,
                note=_("Quá hạn trả lời"),
            )
            notify(
                kind=THREAD_STALE,
                recipients=province_office(thread.unit),
                unit=thread.unit,
                url=_thread_url(thread),
                args={"title": thread.title, "unit": thread.unit.name, "days": days},
            )
        flagged.append(thread)
    return flagged


# --- Guidance -----------------------------------------------------------------------------------


def user_can_publish_guidance(*, user, unit) -> bool:
    """Specialists and the province office publish guidance to a subtree they see."""
    if not user.is_authenticated or not user.can_edit:
        return False
    if not (user.is_superuser or user.role in (Role.AREA_SPECIALIST, Role.PROVINCE_ADMIN)):
        return False
    return in_scope(user=user, unit=unit)


def guidance_publish(
    *,
    unit,
    topic,
    title: str,
    text: str,
    by,
    uploads=(),
    thread=None,
    copy_files=False,
    now=None,
    channel: str = Channel.WEB,
) -> Guidance:
    """Publish guidance to `unit`'s subtree; from a thread it links back (the thread's files only
    when asked: a screenshot of a unit may show personal data)."""
    now = now or timezone.now()
    entry = _written(
        Guidance,
        allowed=user_can_publish_guidance(user=by, unit=unit),
        uploads=uploads,
        unit=unit,
        topic=topic,
        title=title,
        text=text,
        published_by=by,
        published_at=now,
    )
    entry.search_text = fold_search(f"{entry.title} {entry.text} {topic.name}")
    entry.full_clean()
    with transaction.atomic():
        entry.save()
        _attach(uploads, by=by, guidance=entry, now=now)
        if thread is not None:
            if copy_files:
                Attachment.objects.bulk_create(
                    Attachment(
                        guidance=entry,
                        storage_name=a.storage_name,
                        name=a.name,
                        kind=a.kind,
                        content_type=a.content_type,
                        size=a.size,
                        uploaded_by=a.uploaded_by,
                        created_at=now,
                    )
                    for a in thread.attachments.all()
                )
            before = snapshot(thread)
            thread.guidance = entry
            thread.save(update_fields=["guidance"])
            audit_record(obj=thread, by=by, action=Action.UPDATE, before=before, channel=channel)
        audit_record(obj=entry, by=by, action=Action.CREATE, channel=channel)
    return entry


# --- Good units as examples ---------------------------------------------------------------------


def example_mark(*, unit, starts_on, ends_on=None, note: str, by, now=None) -> ExampleUnit:
    """The province office shows a unit to the others as an example for a period."""
    if not user_manages_province(user=by, province=province_of(unit=unit)):
        raise PermissionDenied
    example = ExampleUnit(
        unit=unit,
        starts_on=starts_on,
        ends_on=ends_on,
        note=clean_text(note),
        marked_by=by,
        marked_at=now or timezone.now(),
    )
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError({"ends_on": _("Đến ngày: phải sau ngày bắt đầu.")})
    example.full_clean()
    with transaction.atomic():
        example.save()
        audit_record(obj=example, by=by, action=Action.CREATE)
    return example


def example_end(*, example, by, now=None) -> ExampleUnit:
    """Stop showing a unit as an example, from now on."""
    if not user_manages_province(user=by, province=province_of(unit=example.unit)):
        raise PermissionDenied
    before = snapshot(example)
    example.withdrawn_at = now or timezone.now()
    with transaction.atomic():
        save_audited(
            example, update_fields=["withdrawn_at"], before=before, by=by, action=Action.END
        )
    return example


# --- Topics ------------------------------------------------------------------------------------


@transaction.atomic
def topics_save(*, province, rows: list[dict], by) -> list[Topic]:
    """The province's topic list as the office edits it: `rows` are {"pk", "name", "order",
    "active"}, pk None for a new topic. The first edit gives the province its own copy of the
    shared defaults (its threads and guidance follow their topic's copy). Topics are never
    deleted (threads point at them): one no longer used is made inactive."""
    if not user_manages_province(user=by, province=province):
        raise PermissionDenied
    own = {t.pk: t for t in Topic.objects.filter(province=province)}
    if not own:
        # Rows still name the shared topics they were shown from: each reaches its copy.
        own = _topics_copy(province=province, by=by)
    names: dict[str, int] = {}
    for n, row in enumerate(rows, start=1):
        name = clean_text(row.get("name") or "")
        topic = own.get(row.get("pk")) if row.get("pk") else None
        if row.get("pk") and topic is None:
            raise ValidationError(_("Dòng %(n)s: chủ đề không thuộc tỉnh này.") % {"n": n})
        if not name:
            if topic is None:
                continue  # an empty new row
            raise ValidationError(
                _("Dòng %(n)s: chưa nhập tên chủ đề; không dùng nữa thì bỏ chọn “đang dùng”.")
                % {"n": n}
            )
        key = fold_search(name)
        if key in names:
            raise ValidationError(
                _("Dòng %(n)s: chủ đề “%(name)s” trùng với dòng %(first)s.")
                % {"n": n, "name": name, "first": names[key]}
            )
        names[key] = n
        held = next((t for t in own.values() if fold_search(t.name) == key), None)
        if held is not None and held is not topic:
            raise ValidationError(
                _("Dòng %(n)s: đã có chủ đề “%(name)s”.") % {"n": n, "name": held.name}
            )
        values = {"name": name, "order": row.get("order") or 0, "active": bool(row.get("active"))}
        if topic is None:
            topic = Topic(province=province, **values)
            topic.full_clean()
            topic.save()
            audit_record(obj=topic, by=by, action=Action.CREATE, unit_id=province.pk)
            own[-topic.pk] = topic  # (negative: never a shared topic's id)
            continue
        before = snapshot(topic)
        if {k: getattr(topic, k) for k in values} == values:
            continue
        for k, v in values.items():
            setattr(topic, k, v)
        topic.full_clean()
        topic.save(update_fields=list(values))
        audit_record(obj=topic, by=by, action=Action.UPDATE, before=before, unit_id=province.pk)
    return sorted({t.pk: t for t in own.values()}.values(), key=lambda t: (t.order, t.name))


def _topics_copy(*, province, by) -> dict[int, Topic]:
    """Shared topic id → the province's copy of it."""
    copies = {}
    for shared in Topic.objects.filter(province__isnull=True):
        copy = Topic.objects.create(
            province=province, name=shared.name, order=shared.order, active=shared.active
        )
        moved = Thread.objects.filter(unit__path__startswith=province.path, topic=shared).update(
            topic=copy
        )
        moved += Guidance.objects.filter(unit__path__startswith=province.path, topic=shared).update(
            topic=copy
        )
        audit_record(
            obj=copy,
            by=by,
            action=Action.CREATE,
            unit_id=province.pk,
            note=_("Chép từ danh sách chung; %(n)s vướng mắc, hướng dẫn chuyển sang")
            % {"n": moved},
        )
        copies[shared.pk] = copy
    return copies
