"""The two-phase import of a filled form template.

`plan_import` reads and validates every row, writing nothing, and classifies each as
created / updated / unchanged / rejected (with sheet, row, column and a Vietnamese reason).
`apply_plan` writes the valid rows in one transaction. A row is validated by the same form
the web uses (frontnet.cadres.forms / frontnet.pages.forms), so the two cannot disagree.
"""

import datetime as dt
import functools
from collections.abc import Callable

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from frontnet.cadres import rules
from frontnet.cadres.fields import BY_NAME, CADRE_FIELDS, SHARED, example_missing, template_fields
from frontnet.cadres.models import (
    Cadre,
    CadreCategory,
    ChannelFollow,
    OfficialChannel,
    SocialAccount,
)
from frontnet.cadres.normalize import LinkError, Phone, normalize_link, zalo_personal_link
from frontnet.core.sheets import (
    HeaderMatch,
    RawSheet,
    UnreadableFile,
    cell_text,
    find_header,
    fold_header,
    header_signature,
    parse_yes_no,
    read_workbook,
)
from frontnet.core.vntext import fold_form
from frontnet.privacy.masking import unmasked
from frontnet.privacy.selectors import consent_days, current_notice
from frontnet.units.access import province_path_of
from frontnet.units.models import Unit

from .cells import parse_date
from .columns import (
    CADRE_COLUMNS,
    CADRE_SHEET,
    FOLLOW_PREFIX,
    PAGE_COLUMNS,
    PAGE_SHEET,
    synonyms_for,
)
from .labels import unit_resolver
from .page_rows import PagePlanner
from .plan import (
    CREATED,
    REJECTED,
    UNCHANGED,
    UPDATED,
    CadreRow,
    NeedsMapping,
    Plan,
    Rejection,
    Said,
)

# The template's cells read by the shared form (rules.CadreFieldsForm), by field name.
_FORM_CELLS = tuple(f.name for f in template_fields() if f.form == SHARED)
# A Cadre attribute's field in the one definition (the phone's number is the phone field).
FIELD_OF_ATTRIBUTE = {f.model: f.name for f in CADRE_FIELDS if f.model}


def category_resolver(categories: list[CadreCategory]) -> Callable[[str], CadreCategory | None]:
    exact = {fold_form(c.name): c for c in categories} | {c.key: c for c in categories}
    by_key = {c.key: c for c in categories}
    # The words units actually write, most specific first ("bán chuyên trách" before "chuyên trách").
    hints = [
        ("ban chuyen trach", "part_time"),
        ("chuyen trach", "full_time"),
        ("hop dong", "contract"),
        ("uy vien", "committee_member"),
        ("ban cong tac", "residential_member"),
        ("thanh vien", "residential_member"),
    ]

    @functools.lru_cache(maxsize=1024)
    def resolve(text: str) -> CadreCategory | None:
        if not text:
            return None
        found = exact.get(fold_form(text))
        if found:
            return found
        folded = fold_header(text)
        for hint, key in hints:
            if hint in folded and key in by_key:
                return by_key[key]
        return None

    return resolve


_PHONE_SYMBOLS = frozenset("0123456789+-.()/ ")

GENDERS = {
    "nam": "male",
    "male": "male",
    "m": "male",
    "nu": "female",
    "female": "female",
    "f": "female",
    "khac": "other",
}


def _gender(text: str) -> str:
    return GENDERS.get(fold_header(text), text)


def parse_birth_year(value) -> tuple[int | None, Said | None]:
    """A year from a number, a year as text, a date cell or a dd/mm/yyyy text."""
    if value in (None, ""):
        return None, None
    if isinstance(value, dt.datetime | dt.date):
        return value.year, None
    text = cell_text(value)
    for fmt in ("%Y", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%m/%Y"):
        try:
            return dt.datetime.strptime(text, fmt).year, None
        except ValueError:
            continue
    return None, Said(
        N_("“%(value)s” không phải năm sinh (ghi 4 chữ số, ví dụ 1985)."), {"value": text}
    )


def follow_synonyms(channels: list[OfficialChannel]) -> dict[str, set[str]]:
    return {
        f"follow:{ch.pk}": {
            fold_header(FOLLOW_PREFIX + ch.name),
            fold_header(ch.name),
            fold_header("theo doi " + ch.name),
        }
        for ch in channels
    }


def locate_sheet(
    sheets: list[RawSheet], preferred: str, synonyms: dict[str, set[str]], required: set[str]
) -> tuple[RawSheet | None, HeaderMatch | None]:
    """The sheet holding these columns: the template's sheet name first, then any sheet whose
    header row names the required fields."""
    ordered = sorted(sheets, key=lambda s: fold_header(s.name) != fold_header(preferred))
    for sheet in ordered:
        match = find_header(sheet, synonyms)
        if match and required <= set(match.columns):
            return sheet, match
    return None, None


def guess_header_row(sheet: RawSheet) -> tuple[int, list[str]] | None:
    """For an unknown layout: the first row with three or more text cells."""
    for index, row in enumerate(sheet.rows[:30]):
        texts = [cell_text(v) for v in row]
        if sum(1 for t in texts if t and not t.replace(".", "").isdigit()) >= 3:
            return index, texts
    return None


__all__ = [
    "CADRE_COLUMNS",
    "CREATED",
    "REJECTED",
    "UNCHANGED",
    "UPDATED",
    "CadreRow",
    "Plan",
    "CADRE_SHEET",
    "PAGE_COLUMNS",
    "PAGE_SHEET",
    "NeedsMapping",
    "Rejection",
    "UnreadableFile",
    "category_resolver",
    "follow_synonyms",
    "guess_header_row",
    "header_signature",
    "locate_sheet",
    "parse_birth_year",
    "parse_date",
    "parse_yes_no",
    "read_workbook",
    "synonyms_for",
    "Unit",
]


# --- Cadres ---------------------------------------------------------------------------------


class NameIndex:
    """Items by (unit, phone, name), two names being the same when their `fold_form` is.

    Folding a name is the costly part of reading a row, and most rows share their unit and
    phone with no other: a name is folded only once a second item with its unit and phone
    comes along, so those rows never pay for it. The first item added under a key is the
    one found."""

    def __init__(self):
        # (unit id, phone) -> [names not yet folded with their items, {folded name: item}]
        self.buckets: dict[tuple, list] = {}

    def add(self, unit_id, phone: str, name: str, item) -> None:
        bucket = self.buckets.setdefault((unit_id, phone or ""), [[], {}])
        bucket[0].append((name, item))

    def get(self, unit_id, phone: str, name: str):
        bucket = self.buckets.get((unit_id, phone or ""))
        if bucket is None:
            return None
        pending, folded = bucket
        for other, item in pending:
            folded.setdefault(fold_form(other), item)
        pending.clear()
        return folded.get(fold_form(name))


class CadrePlanner:
    """Validates the rows of a cadres sheet against what is stored, writing nothing."""

    def __init__(self, *, plan: Plan, units: list[Unit], mapping_store=None):
        self.plan = plan
        self.units = {u.pk: u for u in units}
        self.resolve_unit = unit_resolver(units)
        self.categories = list(CadreCategory.objects.all())
        self.resolve_category = category_resolver(self.categories)
        province_path = province_path_of(unit=plan.unit)
        self.channels = list(
            OfficialChannel.objects.filter(province__path=province_path, active=True).order_by(
                "order", "name"
            )
        )
        # By a join on the subtree's path, never a list of ids: a province's cadres number in
        # the hundreds of thousands, past what SQLite takes as query parameters.
        in_scope = {"unit__path__startswith": plan.unit.path, "active_to__isnull": True}
        cadres = [c for c in Cadre.objects.filter(**in_scope) if c.unit_id in self.units]
        self.by_id = {c.pk: c for c in cadres}
        self.by_key = NameIndex()  # stored cadres by unit, phone and name
        for cadre in cadres:
            self.by_key.add(cadre.unit_id, cadre.phone, cadre.full_name, cadre)
        self.accounts: dict[tuple[int, str], object] = {}
        cadre_scope = {f"cadre__{k}": v for k, v in in_scope.items()}
        for account in SocialAccount.objects.filter(
            **cadre_scope, platform__key__in=["facebook_profile", "zalo"]
        ).select_related("platform"):
            if account.cadre_id in self.by_id:
                self.accounts[(account.cadre_id, account.platform.key)] = account
        self.follows = {
            (f.cadre_id, f.channel_id): f.status
            for f in ChannelFollow.objects.filter(**cadre_scope, channel__in=self.channels)
            if f.cadre_id in self.by_id
        }
        self.follow_keys = [(ch, f"follow:{ch.pk}") for ch in self.channels]
        self.channel_names = {ch.pk: ch.name for ch in self.channels}
        self.category_by_id = {c.pk: c for c in self.categories}
        # The consent column (frontnet/privacy): each cadre's latest valid consent, and the
        # notice a new one agrees to.
        self.consents = consent_days(**{f"cadre__{k}": v for k, v in in_scope.items()})
        province = Unit.objects.filter(path=province_path).first()
        self.notice = current_notice(province) if province else None
        self.seen_keys = NameIndex()  # this file's rows (their numbers) by unit, phone and name
        self.mapping_store = mapping_store
        self.rules = rules  # the field rules for one cadre, shared with the web form
        self.form = self.rules.row_form()
        # A workbook repeats the same few genders, years and ticks thousands of times: each
        # distinct cell is read once per plan (per plan, so messages keep the plan's language).
        self.gender = functools.lru_cache(maxsize=256)(_gender)
        self.birth_year = functools.lru_cache(maxsize=1024, typed=True)(parse_birth_year)
        self.yes_no = functools.lru_cache(maxsize=256, typed=True)(parse_yes_no)
        # Units, categories, positions, ticks and empty cells repeat on almost every row.
        self.cell_text = functools.lru_cache(maxsize=4096, typed=True)(cell_text)

    def synonyms(self) -> dict[str, set[str]]:
        return synonyms_for(CADRE_COLUMNS, follow_synonyms(self.channels))

    def plan_sheet(
        self, sheet: RawSheet, columns: dict[str, int], header_row: int, progress=None
    ) -> None:
        header = sheet.rows[header_row]
        headers = {f: cell_text(header[c] if c < len(header) else f) for f, c in columns.items()}
        data_rows = range(header_row + 1, len(sheet.rows))
        self.plan.total_rows += len(data_rows)
        self.plan.headers[sheet.name] = [cell_text(v) for v in header]
        fields = list(columns.items())
        for count, index in enumerate(data_rows, start=1):
            line = sheet.rows[index]
            if sheet.links:
                values = {f: sheet.value(index, c) for f, c in fields}
            else:  # no hyperlink cells: the values are the row's, read directly
                size = len(line)
                values = {f: line[c] if c < size else None for f, c in fields}
            if progress and count % 500 == 0:
                progress(count)
            row = self.plan_row(sheet.name, index + 1, values, headers, line)
            if row is not None:
                self.plan.cadre_rows.append(row)

    def reject(self, sheet, row, column, reason, raw):
        self.plan.rejections.append(Rejection(sheet, row, column, reason, list(raw)))

    def plan_row(
        self, sheet: str, row: int, values: dict, headers: dict, raw: list
    ) -> CadreRow | None:
        text = {f: self.cell_text(v) for f, v in values.items()}
        meaningful = [
            f
            for f in ("full_name", "phone", "facebook", "zalo", "category", "position")
            if text.get(f)
        ]
        if not meaningful:
            return None  # a blank or separator row ("I. HUYỆN NGHI LỘC")
        rejected_before = len(self.plan.rejections)

        def bad(field_name, reason):  # with the field's own example (cadres/fields.py)
            parts = reason if isinstance(reason, list) else [reason]
            field = BY_NAME.get(field_name)
            if field and example_missing(" ".join(str(p) for p in parts), field.example):
                parts = [*parts, _example(field.example)]
            self.reject(sheet, row, headers.get(field_name, field_name), parts, raw)

        unit = None
        if "unit" in values and text.get("unit"):
            unit = self.resolve_unit(text["unit"])
            if unit is None:
                bad(
                    "unit",
                    Said(
                        N_("không có đơn vị “%(unit)s” trong phạm vi %(scope)s."),
                        {"unit": text["unit"], "scope": self.plan.unit.name},
                    ),
                )
        elif len(self.units) == 1 or "unit" not in values:
            unit = self.plan.unit
        else:
            bad("unit", [Said(N_("thiếu đơn vị.")), _example(self.plan.unit.name)])

        cadre_id = None
        if text.get("id"):
            try:
                cadre_id = int(float(text["id"]))
            except ValueError:
                bad(
                    "id",
                    Said(
                        N_("mã hệ thống bị sửa (“%(value)s”); hãy để nguyên cột này."),
                        {"value": text["id"]},
                    ),
                )
            else:
                if cadre_id not in self.by_id:
                    bad(
                        "id",
                        Said(
                            N_("mã hệ thống %(id)s không thuộc cán bộ nào đang có của %(scope)s."),
                            {"id": cadre_id, "scope": self.plan.unit.name},
                        ),
                    )

        if cadre_id in self.by_id:  # a template downloaded masked comes back unchanged
            # (links are exported canonical; a template from before, as they were typed)
            for link in ("canonical", "link_raw"):
                stored = self.stored_contacts(cadre_id, link)
                text, values = unmasked(text, stored), unmasked(values, stored)
        form_data = {name: text.get(name, "") for name in _FORM_CELLS}
        form_data["gender"] = self.gender(form_data["gender"])
        if isinstance(values.get("phone"), float | int):
            form_data["phone"] = values["phone"]  # a number cell: read as the number it is
        year, error = self.birth_year(values.get("birth_year"))
        if error:
            bad("birth_year", error)
        form_data["birth_year"] = year or ""
        category = self.resolve_category(text.get("category", ""))
        if category is None:
            if text.get("category"):
                bad(
                    "category",
                    Said(N_("không có loại cán bộ “%(value)s”."), {"value": text["category"]}),
                )
            else:
                bad("category", Said(N_("thiếu loại cán bộ.")))
        cleaned, errors = self.rules.cadre_fields_clean(form_data, form=self.form)
        if errors:  # each message by id and arguments, to be read in the reader's language
            for field_name, messages in self.form.errors.as_data().items():
                bad(field_name, Said.of_errors(messages))

        facebook = zalo = None
        if text.get("facebook"):
            try:
                facebook = normalize_link(text["facebook"], default_platform="facebook")
                if facebook.platform not in (None, "facebook"):
                    bad("facebook", Said(N_("liên kết không phải Facebook.")))
            except LinkError as exc:
                bad("facebook", Said.of_refusal(exc))
        if text.get("zalo"):
            try:
                zalo = self.zalo_same_as_phone(text["zalo"], form_data["phone"], cleaned)
                zalo = zalo or normalize_link(text["zalo"], default_platform="zalo")
                if zalo.platform not in (None, "zalo"):
                    bad("zalo", Said(N_("không phải số điện thoại hoặc liên kết Zalo.")))
            except LinkError as exc:
                bad("zalo", Said.of_refusal(exc))
        follows = {}
        for ch, key in self.follow_keys:
            if key in values and text.get(key):
                answer = self.yes_no(values[key])
                if answer is None:
                    bad(key, Said(N_("“%(value)s” không phải Có/Không."), {"value": text[key]}))
                else:
                    follows[ch.pk] = "yes" if answer else "no"

        consent = None
        if text.get("consent"):
            consent, error = parse_date(values["consent"])
            if error:
                bad("consent", error)
            elif consent > timezone.localdate():
                bad("consent", Said(N_("ngày đồng ý không được ở tương lai.")))
            elif self.notice is None:
                bad("consent", Said(N_("tỉnh chưa có thông báo xử lý dữ liệu cá nhân để đồng ý.")))

        if len(self.plan.rejections) > rejected_before:
            return None
        data = {**cleaned, "unit": unit, "category": category}
        key = (unit.pk, data.get("phone", ""), data["full_name"])
        existing = self.by_id.get(cadre_id) if cadre_id else self.by_key.get(*key)
        if (first := self.seen_keys.get(*key)) is not None:
            bad(
                "full_name",
                Said(
                    N_("trùng với dòng %(row)s (cùng đơn vị, họ tên, số điện thoại)."),
                    {"row": first},
                ),
            )
            return None
        self.seen_keys.add(*key, row)
        result = CadreRow(
            sheet,
            row,
            CREATED,
            data=data,
            facebook=facebook,
            zalo=zalo,
            follows=follows,
            consent=consent,
        )
        if existing is None:
            result.changes = self.given(result)
            return result
        result.cadre_id = existing.pk
        result.changes = self.changes(existing, result)
        result.action = UPDATED if result.changes else UNCHANGED
        return result

    def stored_contacts(self, cadre_id: int, link: str) -> dict:
        cadre = self.by_id[cadre_id]
        links = {
            key: getattr(self.accounts.get((cadre_id, platform)), link, "")
            for key, platform in (("facebook", "facebook_profile"), ("zalo", "zalo"))
        }
        return {
            "phone": cadre.phone,
            "email": cadre.email,
            "gender": cadre.gender,
            "birth_year": cadre.birth_year,
            **links,
        }

    @staticmethod
    def zalo_same_as_phone(zalo: str, phone, cleaned: dict):
        """The Zalo link of a Zalo cell that repeats the phone cell (as units often fill it),
        from the number the form has just read, rather than reading the same number twice.
        None when the cells differ: the Zalo cell is then read on its own."""
        # Plain digits and separators only: for these normalize_link reads the cell as
        # normalize_phone does, so the number, and the link, would come out the same.
        if zalo != phone or not cleaned.get("phone") or not set(zalo) <= _PHONE_SYMBOLS:
            return None
        return zalo_personal_link(zalo, Phone(cleaned["phone"], cleaned["phone_kind"]))

    def given(self, row: CadreRow) -> dict:
        """What a new cadre's row brings, as `changes` says it (nothing stored before); the
        name and unit are the row's own."""
        found = {}
        for name, value in row.data.items():
            if name in ("phone_raw", "phone_kind", "unit", "full_name") or value in (None, ""):
                continue
            found[FIELD_OF_ATTRIBUTE.get(name, name)] = [
                None,
                value.name if name == "category" else value,
            ]
        for key, link in (("facebook", row.facebook), ("zalo", row.zalo)):
            if link is not None:
                found[key] = [None, link.canonical]
        for channel_id, status in row.follows.items():
            found[f"follow:{self.channel_names[channel_id]}"] = [None, status]
        if row.consent is not None:
            found["consent"] = [None, _day(row.consent)]
        return found

    def changes(self, cadre, row: CadreRow) -> dict:
        """What the row would change of the stored cadre, {field name: [stored, in the file]}
        (the names of cadres/fields.py; a unit and a category by name, a follow by its
        channel's name). Empty: the row is unchanged. A blank link cell changes nothing."""
        found = {}
        for name, value in row.data.items():
            if name in ("phone_raw", "phone_kind"):
                continue  # how the phone was typed is kept, but only the number itself counts
            if name in ("unit", "category"):
                stored_id = getattr(cadre, f"{name}_id")
                if stored_id != value.pk:
                    names = self.units if name == "unit" else self.category_by_id
                    stored = names.get(stored_id)
                    found[name] = [stored.name if stored else None, value.name]
                continue
            stored = getattr(cadre, name)
            if (stored or "") != (value or ""):
                found[FIELD_OF_ATTRIBUTE.get(name, name)] = [stored, value]
        for key, platform, link in (
            ("facebook", "facebook_profile", row.facebook),
            ("zalo", "zalo", row.zalo),
        ):
            if link is not None:
                account = self.accounts.get((cadre.pk, platform))
                if account is None or account.canonical != link.canonical:
                    found[key] = [account.canonical if account else None, link.canonical]
        for channel_id, status in row.follows.items():
            stored = self.follows.get((cadre.pk, channel_id))
            if stored != status:
                found[f"follow:{self.channel_names[channel_id]}"] = [stored, status]
        stored = self.consents.get(cadre.pk)
        if row.consent is not None and stored != row.consent:
            found["consent"] = [_day(stored), _day(row.consent)]
        return found


def _example(example: str) -> Said:
    return Said(N_("Ví dụ: %(example)s"), {"example": example})


def _day(day: dt.date | None) -> str | None:
    return day.strftime("%d/%m/%Y") if day else None


def plan_import(
    *, data: bytes, filename: str, unit: Unit, mappings: dict | None = None, progress=None
) -> Plan:
    """Read and validate a workbook for `unit`'s subtree. Writes nothing.

    `mappings` holds remembered column mappings ({(kind, signature): {field: column}}) for
    layouts that are not the template's. Raises UnreadableFile for a file that cannot be
    read at all or holds no sheet that looks like the form.
    """
    sheets = read_workbook(data, filename)
    units = list(
        Unit.objects.subtree_of(unit).valid_on(timezone.localdate()).select_related("parent")
    )
    plan = Plan(filename=filename, unit=unit)
    cadres = CadrePlanner(plan=plan, units=units)
    sheet, match = locate_sheet(sheets, CADRE_SHEET, cadres.synonyms(), {"full_name"})
    pages = PagePlanner(plan=plan, units=units)
    page_sheet, page_match = locate_sheet(sheets, PAGE_SHEET, pages.synonyms(), {"name", "link"})
    if sheet is not None:
        cadres.plan_sheet(sheet, match.columns, match.row, progress)
    if page_sheet is not None and page_sheet is not sheet:
        pages.plan_sheet(page_sheet, page_match.columns, page_match.row)
    if sheet is None and page_sheet is None:
        # Not the template: a remembered mapping for this layout, or ask the user for one.
        for candidate in sheets:
            guessed = guess_header_row(candidate)
            if guessed is None:
                continue
            row, headers = guessed
            signature = header_signature([fold_header(h) for h in headers])
            mapping = (mappings or {}).get(("cadres", signature))
            if mapping:
                plan.mapping_signature = signature
                cadres.plan_sheet(candidate, {f: int(c) for f, c in mapping.items()}, row, progress)
                return plan
            plan.needs_mapping.append(
                NeedsMapping("cadres", candidate.name, row, headers, signature)
            )
            return plan
        raise UnreadableFile(
            _(
                "Tệp “%(file)s” không giống biểu mẫu: không tìm thấy dòng tiêu đề có cột “Họ và tên”."
            )
            % {"file": filename}
        )
    return plan
