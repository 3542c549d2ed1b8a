"""Writes of the 2025 transition: the administrator's decisions, then the transition itself,
in one transaction, audited with its own channel (`Channel.REFORM`)."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from frontnet.audit.models import Action, Channel
from frontnet.audit.services import audit_record
from frontnet.core.vntext import fold_search
from frontnet.units.access import user_manages_province
from frontnet.units.services import RowError

from .models import Decision
from .movers import Context, movers
from .plan import DEACTIVATE, END, KEEP, PROVINCE, Plan, build_plan
from .selectors import KeepChoice

DECISION_SHEET = "Quyết định"
HEADERS = {
    "key": {"ma cau hoi", "ma", "cau hoi"},
    "value": {"quyet dinh", "lua chon"},
}
# What people type for the values that are not a unit.
WORDS = {
    PROVINCE: {"tinh", "van phong tinh", "co quan tinh", "province"},
    DEACTIVATE: {"ngung", "ngung tai khoan", "khoa", "deactivate"},
    END: {"ket thuc", "ngung trang", "end"},
    KEEP: {"giu", "giu lai", "keep"},
}


class Undecided(ValueError):
    def __init__(self, questions):
        self.questions = questions
        super().__init__(
            _("Còn %(n)s câu hỏi chưa quyết định: %(keys)s")
            % {"n": len(questions), "keys": ", ".join(q.key for q in questions)}
        )


def _check(by, plan: Plan) -> None:
    """The administrator of the 2025 province, or of a legacy one it replaced (who is still
    there until the transition moves them)."""
    if by is not None and getattr(by, "pk", None):
        provinces = [plan.province, *plan.legacy_roots]
        if not any(user_manages_province(user=by, province=p) for p in provinces):
            raise PermissionDenied


# --- Decisions ------------------------------------------------------------------------------


def read_value(question, text: str) -> str | None:
    """The option a typed answer names: its value, a unit's code, its label, or a word."""
    text = (text or "").strip()
    options = dict(question.options)
    if text in options:
        return text
    folded = fold_search(text)
    for value, words in WORDS.items():
        if folded in words and value in options:
            return value
    for value, label in question.options:
        if fold_search(str(label)) == folded:
            return value
    from frontnet.units.models import Unit

    ids = [int(v[5:]) for v in options if v.startswith("unit:")]
    match = list(Unit.objects.filter(pk__in=ids, code=text).values_list("pk", flat=True))
    if len(match) == 1:
        return f"unit:{match[0]}"
    if text.startswith("page:") or text.isdigit():
        value = text if text.startswith("page:") else f"page:{text}"
        if value in options:
            return value
    return None


@dataclass
class DecisionsRead:
    decisions: dict[str, str] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)


def decisions_read(*, plan: Plan, data: bytes, filename: str) -> DecisionsRead:
    """Validate a workbook of decisions: every bad row named (sheet, row, column), nothing
    taken when one is bad. Empty answers are left undecided."""
    from frontnet.core.sheets import UnreadableFile, cell_text, find_header, read_workbook

    result = DecisionsRead()
    try:
        sheets = read_workbook(data, filename)
    except UnreadableFile as exc:
        result.errors.append(RowError(filename, 0, "", str(exc)))
        return result
    found = False
    for sheet in sheets:
        match = find_header(sheet, HEADERS)
        if match is None or set(match.columns) != {"key", "value"}:
            continue
        found = True
        for index in range(match.row + 1, len(sheet.rows)):
            key = cell_text(sheet.value(index, match.columns["key"]))
            text = cell_text(sheet.value(index, match.columns["value"]))
            if not key and not text:
                continue
            line = index + 1
            question = plan.questions.get(key)
            if question is None:
                result.errors.append(
                    RowError(
                        sheet.name,
                        line,
                        "Mã câu hỏi",
                        _("không có câu hỏi “%(key)s” trong kế hoạch của %(unit)s.")
                        % {"key": key, "unit": plan.province.name},
                    )
                )
                continue
            if not text:
                continue
            value = read_value(question, text)
            if value is None:
                allowed = "; ".join(f"{v} ({label})" for v, label in question.options)
                result.errors.append(
                    RowError(
                        sheet.name,
                        line,
                        "Quyết định",
                        _("“%(text)s” không phải là một lựa chọn; chọn một trong: %(allowed)s")
                        % {"text": text, "allowed": allowed},
                    )
                )
                continue
            result.decisions[key] = value
    if not found:
        result.errors.append(
            RowError(
                filename,
                0,
                "",
                _("Không tìm thấy dòng tiêu đề có hai cột “Mã câu hỏi” và “Quyết định”."),
            )
        )
    if result.errors:
        result.decisions = {}
    return result


def decisions_workbook(plan: Plan) -> bytes:
    """The questions of the plan as a workbook to fill in (the column "Quyết định")."""
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet(DECISION_SHEET)
    bold = book.add_format({"bold": True})
    headers = ["Mã câu hỏi", "Nội dung", "Quyết định", "Mặc định", "Các lựa chọn"]
    for col, text in enumerate(headers):
        sheet.write(0, col, text, bold)
    for row, q in enumerate(plan.questions.values(), start=1):
        sheet.write(row, 0, q.key)
        sheet.write(row, 1, q.label)
        sheet.write(row, 2, q.value or "")
        sheet.write(row, 3, f"{q.default} ({q.option_label(q.default)})")
        sheet.write(row, 4, "; ".join(f"{v} ({label})" for v, label in q.options))
    sheet.set_column(0, 0, 18)
    sheet.set_column(1, 1, 70)
    sheet.set_column(2, 3, 30)
    book.close()
    return buffer.getvalue()


@transaction.atomic
def decisions_save(*, plan: Plan, decisions: dict[str, str], by, channel: str = Channel.WEB) -> int:
    """Store answers (each checked against its question's options). Returns how many
    changed."""
    _check(by, plan)
    return sum(
        _decision_store(plan=plan, key=key, value=value, by=by, channel=channel, unit_id=None)
        for key, value in decisions.items()
    )


def _decision_store(*, plan: Plan, key: str, value: str, by, channel: str, unit_id) -> int:
    """Store one answer (checked against its question's options), audited on `unit_id` (the
    province by default); 1 when it changed, else 0."""
    question = plan.questions.get(key)
    if question is None or value not in dict(question.options):
        raise ValueError(_("Quyết định không hợp lệ: %(key)s = %(value)s") % locals())
    current = Decision.objects.filter(province=plan.province, key=key).first()
    if current is not None and current.value == value:
        return 0
    before = {"value": current.value} if current else {}
    row, _created = Decision.objects.update_or_create(
        province=plan.province,
        key=key,
        defaults={"value": value, "by": by if getattr(by, "pk", None) else None},
    )
    audit_record(
        obj=row,
        by=by,
        action=Action.UPDATE if current else Action.CREATE,
        channel=channel,
        before=before,
        after={"key": key, "value": value},
        unit_id=unit_id or plan.province.pk,
    )
    question.value = value
    return 1


class AlreadyMoved(ValueError):
    pass


@transaction.atomic
def page_keep_choose(*, choice: KeepChoice, page_value: str, by, channel: str = Channel.WEB) -> int:
    """The commune (or the province that owns the merge) chooses which of the pages landing
    on one 2025 unit continues; the others end at the transition, kept in history. Only
    before the transition: after it the choice made is history."""
    if not choice.can_choose:
        raise PermissionDenied
    if choice.done:
        raise AlreadyMoved(_("Đã chuyển dữ liệu sang danh mục 2025: trang tiếp tục đã được chọn."))
    return _decision_store(
        plan=choice.plan,
        key=choice.question.key,
        value=page_value,
        by=by,
        channel=channel,
        unit_id=choice.target.pk,
    )


# --- The transition -------------------------------------------------------------------------


@dataclass
class CommitResult:
    counts: dict[str, int]
    movers: dict[str, int]

    def __str__(self) -> str:
        return " ".join(f"{k}={v}" for k, v in self.counts.items())


def reform_commit(*, plan: Plan, by, use_defaults: bool = False) -> CommitResult:
    """Carry the province onto the 2025 tree. Refuses (Undecided) while a question has no
    answer, unless `use_defaults`; the defaults taken are stored as decisions. Running it
    again finds nothing left to move and changes nothing."""
    _check(by, plan)
    undecided = plan.undecided()
    if undecided and not use_defaults:
        raise Undecided(undecided)
    with transaction.atomic():
        if undecided:
            decisions_save(
                plan=plan,
                decisions={q.key: q.default for q in undecided},
                by=by,
                channel=Channel.REFORM,
            )
        ctx = Context(plan=plan, by=by)
        done = {}
        for mover in movers():
            done[mover.key] = mover.move(ctx)
            ctx.flush()
        counts = {
            "cadres": ctx.counts.get("cadres", 0),
            "pages": ctx.counts.get("pages", 0),
            "users": ctx.counts.get("users", 0),
            "residential": ctx.counts.get("residential", 0),
            "undecided": 0,
        }
        if any(done.values()):
            audit_record(
                obj=plan.province,
                by=by,
                action=Action.UPDATE,
                channel=Channel.REFORM,
                before={},
                after={"reform": done},
                note=_("Chuyển dữ liệu sang đơn vị 2025: %(counts)s")
                % {"counts": " ".join(f"{k}={v}" for k, v in done.items())},
            )
    return CommitResult(counts=counts, movers=done)


def plan_for(province, *, decisions=None) -> Plan:
    return build_plan(province, decisions=decisions)
