"""What changes the unit tree. Every write records an audit entry."""

import datetime as dt
import uuid
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from frontnet.audit.models import Action, Channel
from frontnet.audit.services import audit_record, snapshot
from frontnet.core.vntext import clean_text, fold_form, fold_search

from .access import user_can_change_unit_identity
from .models import PATH_STEP, Level, Scheme, Unit, UnitLineage

REFORM_DAY = dt.date(2025, 7, 1)
LEGACY_LAST_DAY = REFORM_DAY - dt.timedelta(days=1)

# Division types of the official lists, mapped to our level keys.
LEVEL_OF_TYPE = {
    "tỉnh": "province",
    "thành phố trung ương": "province",
    "huyện": "district",
    "quận": "district",
    "thị xã": "district",
    "thành phố": "district",
    "xã": "commune",
    "phường": "commune",
    "thị trấn": "commune",
    "đặc khu": "commune",
}
RESIDENTIAL_TYPES = ["thôn", "xóm", "bản", "khối", "tổ dân phố", "ấp", "buôn", "làng", "tổ"]


def _shown_type(division_type: str) -> str:
    # The package's "thành phố trung ương" is written "thành phố" in names.
    return "thành phố" if division_type == "thành phố trung ương" else division_type


def _place(unit: Unit) -> None:
    """Give a saved unit its materialised path under its parent."""
    prefix = unit.parent.path if unit.parent_id else ""
    unit.path = f"{prefix}{unit.pk:0{PATH_STEP}d}/"
    unit.depth = unit.path.count("/") - 1
    unit.save(update_fields=["path", "depth"])


def _code_free(unit: Unit) -> None:
    """A unit's code is unique within its scheme and level: say so in words, and name the
    unit holding it, before the database constraint would (its message is not for users)."""
    if not unit.code:
        return
    holder = (
        Unit.objects.filter(scheme=unit.scheme, level_id=unit.level_id, code=unit.code)
        .exclude(pk=unit.pk)
        .first()
    )
    if holder is not None:
        raise ValidationError(
            {
                "code": _("Mã “%(code)s” đã được dùng cho %(name)s; hãy nhập mã khác.")
                % {"code": unit.code, "name": holder.name}
            }
        )


def _save(unit: Unit, **kwargs) -> None:
    """Save, turning a constraint the check above could not see (two saves at once) into
    the same message."""
    try:
        with transaction.atomic():
            unit.save(**kwargs)
    except IntegrityError:
        _code_free(unit)
        raise ValidationError(_("Không lưu được: dữ liệu trùng với một đơn vị khác.")) from None


def _insert(unit: Unit) -> Unit:
    unit.name = clean_text(unit.name)
    unit.search_name = fold_search(unit.name)
    unit.path = f"new-{uuid.uuid4().hex}"
    _code_free(unit)
    unit.full_clean(exclude=["path"])
    _save(unit)
    _place(unit)
    return unit


@transaction.atomic
def unit_create(
    *,
    parent: Unit | None,
    name: str,
    division_type: str,
    level: Level,
    by,
    code: str = "",
    scheme: str = Scheme.LOCAL,
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
    channel: str = Channel.WEB,
) -> Unit:
    unit = _insert(
        Unit(
            parent=parent,
            name=name,
            division_type=clean_text(division_type).lower(),
            level=level,
            code=clean_text(code),
            scheme=scheme,
            valid_from=valid_from,
            valid_to=valid_to,
        )
    )
    audit_record(obj=unit, by=by, action=Action.CREATE, channel=channel)
    return unit


@transaction.atomic
def unit_update(*, unit: Unit, by, channel: str = Channel.WEB, **fields) -> Unit:
    """Change a unit's own fields (not its place in the tree). Its identity changes only from
    above: the unit's own staff cannot rename, re-code or end it (`access`)."""
    # Commands and the 2025 transition (checked as the province's own) act from above.
    if by is not None and channel not in (Channel.COMMAND, Channel.REFORM):
        if not user_can_change_unit_identity(user=by, unit=unit):
            raise PermissionDenied
    before = snapshot(unit)
    for name, value in fields.items():
        setattr(unit, name, clean_text(value) if isinstance(value, str) else value)
    unit.division_type = unit.division_type.lower()
    unit.search_name = fold_search(unit.name)
    _code_free(unit)
    unit.full_clean()
    after = snapshot(unit)
    if after == before:
        return unit
    _save(unit)
    audit_record(obj=unit, by=by, action=Action.UPDATE, channel=channel, before=before, after=after)
    return unit


@transaction.atomic
def unit_end(*, unit: Unit, on: dt.date, by, channel: str = Channel.WEB) -> Unit:
    """A unit stops existing on a day (merged, abolished); it and its history stay."""
    if unit.valid_from and on < unit.valid_from:
        raise ValidationError({"valid_to": _("Ngày kết thúc không được trước ngày bắt đầu.")})
    return unit_update(unit=unit, by=by, channel=channel, valid_to=on)


# --- Loading the official lists (vietnam-provinces) ---------------------------------------


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    closed: int = 0
    lineages: int = 0

    def __str__(self) -> str:
        return (
            f"created={self.created} updated={self.updated} unchanged={self.unchanged} "
            f"closed={self.closed} lineages={self.lineages}"
        )


class UnknownProvince(ValueError):
    pass


def _find_province(module, province: str):
    query = str(province).strip()
    if query.isdigit():
        try:
            return module.Province.from_code(module.ProvinceCode(int(query)))
        except (ValueError, KeyError):
            raise UnknownProvince(_("Không có tỉnh mã %(code)s.") % {"code": query}) from None
    wanted = fold_search(query)
    for prov in module.Province.iter_all():
        name = fold_search(prov.name)
        if wanted in {name, name.split(" ", 1)[-1]}:
            return prov
    raise UnknownProvince(_("Không tìm thấy tỉnh “%(name)s”.") % {"name": query})


def _upsert(existing, result, *, by, scheme, code, name, division_type, level, parent, valid_from):
    division_type = _shown_type(str(division_type))
    unit = existing.get((level.pk, code))
    if unit is None:
        unit = unit_create(
            parent=parent,
            name=name,
            division_type=division_type,
            level=level,
            by=by,
            code=code,
            scheme=scheme,
            valid_from=valid_from,
            channel=Channel.COMMAND,
        )
        existing[(level.pk, code)] = unit
        result.created += 1
        return unit
    wanted = {"name": name, "division_type": division_type, "level_id": level.pk}
    if any(getattr(unit, k) != v for k, v in wanted.items()) or unit.parent_id != getattr(
        parent, "pk", None
    ):
        before = snapshot(unit)
        unit.name, unit.division_type, unit.level = name, division_type, level
        unit.search_name = fold_search(name)
        moved = unit.parent_id != getattr(parent, "pk", None)
        unit.parent = parent
        unit.save()
        if moved:
            _reparent_subtree(unit)
        audit_record(obj=unit, by=by, action=Action.UPDATE, channel=Channel.COMMAND, before=before)
        result.updated += 1
    else:
        result.unchanged += 1
    return unit


def _reparent_subtree(unit: Unit) -> None:
    old = unit.path
    _place(unit)
    for child in Unit.objects.filter(path__startswith=old).exclude(pk=unit.pk).order_by("depth"):
        child.path = unit.path + child.path[len(old) :]
        child.depth = child.path.count("/") - 1
        child.save(update_fields=["path", "depth"])


@transaction.atomic
def units_load_official(*, province: str, shape: str, by=None) -> LoadResult:
    """Load one province from the official list, idempotently: a second run changes nothing.

    shape "legacy": province > district > commune as before 1 July 2025.
    shape "2025": province > commune as from 1 July 2025. When the legacy tree of the same
    province is present, its units are closed on 30 June 2025 and each new commune is
    linked to the legacy communes it replaced, so history survives the reform.
    """
    levels = {lv.key: lv for lv in Level.objects.all()}
    result = LoadResult()
    if shape == "legacy":
        from vietnam_provinces import legacy as module

        scheme = Scheme.LEGACY
    elif shape == "2025":
        import vietnam_provinces as module

        scheme = Scheme.REFORM_2025
    else:
        raise ValueError(_("Dạng danh mục phải là legacy hoặc 2025."))
    prov = _find_province(module, province)
    existing = {(u.level_id, u.code): u for u in Unit.objects.filter(scheme=scheme)}
    valid_from = REFORM_DAY if scheme == Scheme.REFORM_2025 else None
    common = {"by": by, "scheme": scheme, "valid_from": valid_from}

    def place(entry, level: str, parent):
        return _upsert(
            existing,
            result,
            code=str(int(entry.code)),
            name=entry.name,
            division_type=entry.division_type,
            level=levels[level],
            parent=parent,
            **common,
        )

    root = place(prov, "province", None)
    if shape == "legacy":
        for district in module.District.iter_by_province(prov.code):
            d_unit = place(district, "district", root)
            for ward in module.Ward.iter_by_district(district.code):
                place(ward, "commune", d_unit)
    else:
        for ward in module.Ward.iter_by_province(prov.code):
            place(ward, "commune", root)
    _apply_reform(_new_province_code(prov, shape), result, by=by)
    return result


def _new_province_code(prov, shape: str) -> int:
    """The 2025 province a loaded province belongs to (a legacy one may have merged)."""
    if shape != "legacy":
        return int(prov.code)
    import vietnam_provinces as current

    found = current.Province.search_from_legacy(code=int(prov.code))
    return int(found[0].province.code) if found else int(prov.code)


def _legacy_province_codes(province_code: int) -> list[str]:
    """The legacy provinces a 2025 province was made of (Nam Định, Hà Nam and Ninh Bình
    became Ninh Bình)."""
    import vietnam_provinces as current

    try:
        province = current.Province.from_code(current.ProvinceCode(province_code))
    except (ValueError, KeyError):
        return [str(province_code)]
    return [str(int(p.code)) for p in province.get_legacy_sources()] or [str(province_code)]


def _apply_reform(province_code: int, result: LoadResult, *, by) -> None:
    """When the 2025 province and (some of) the legacy provinces it was made of are loaded,
    close the legacy trees and link successors: every legacy province to the new one, every
    legacy commune to the 2025 communes made from it."""
    import vietnam_provinces as current

    new_root = Unit.objects.filter(
        code=str(province_code), parent__isnull=True, scheme=Scheme.REFORM_2025
    ).first()
    old_roots = list(
        Unit.objects.filter(
            code__in=_legacy_province_codes(province_code),
            parent__isnull=True,
            scheme=Scheme.LEGACY,
        )
    )
    if not old_roots or new_root is None:
        return
    legacy_tree = [
        u
        for old_root in old_roots
        for u in Unit.objects.filter(path__startswith=old_root.path, scheme=Scheme.LEGACY)
    ]
    legacy_units = {u.code: u for u in legacy_tree if u.level.key == "commune"}
    for unit in legacy_tree:
        if unit.valid_to is None:
            unit_end(unit=unit, on=LEGACY_LAST_DAY, by=by, channel=Channel.COMMAND)
            result.closed += 1
    pairs = {(old_root.pk, new_root.pk) for old_root in old_roots}
    for new in Unit.objects.filter(parent=new_root, scheme=Scheme.REFORM_2025):
        ward = current.Ward.from_code(current.WardCode(int(new.code)))
        for source in ward.get_legacy_sources():
            old = legacy_units.get(str(int(source.code)))
            if old is not None:
                pairs.add((old.pk, new.pk))
    known = set(UnitLineage.objects.values_list("predecessor_id", "successor_id"))
    fresh = [
        UnitLineage(predecessor_id=p, successor_id=s, effective=REFORM_DAY)
        for p, s in sorted(pairs - known)
    ]
    UnitLineage.objects.bulk_create(fresh)
    result.lineages += len(fresh)


# --- Residential committees from a file ------------------------------------------------------


@dataclass
class RowError:
    sheet: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return _("Trang “%(sheet)s”, dòng %(row)s, cột “%(column)s”: %(message)s") % {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


def guess_residential_type(name: str) -> str:
    low = name.lower()
    for kind in sorted(RESIDENTIAL_TYPES, key=len, reverse=True):
        if low.startswith(kind + " ") or low == kind:
            return kind
    return "thôn"


RESIDENTIAL_HEADERS = {
    "name": {
        "ten",
        "ten ban cong tac mat tran",
        "ten ban cong tac",
        "ten thon to dan pho",
        "ten thon",
        "ten don vi",
        "ban cong tac mat tran",
    },
    "parent_code": {
        "ma xa",
        "ma xa phuong",
        "ma xa phuong thi tran",
        "ma don vi cap tren",
        "ma cap tren",
    },
}


@dataclass
class ResidentialImportResult:
    created: int = 0
    unchanged: int = 0
    errors: list[RowError] | None = None


@transaction.atomic
def residential_committees_import(
    *, data: bytes, filename: str, within: list[Unit], by, channel: str = Channel.IMPORT
) -> ResidentialImportResult:
    """Add residential committees listed in a file (name, parent commune code).

    All or nothing: one bad row and nothing is written, every bad row is named. A row
    whose committee already exists under that commune is left unchanged, so loading
    the same file twice adds nothing.
    """
    from frontnet.core.sheets import UnreadableFile, cell_text, find_header, read_workbook

    result = ResidentialImportResult(errors=[])
    try:
        sheets = read_workbook(data, filename)
    except UnreadableFile as exc:
        result.errors.append(RowError(filename, 0, "", str(exc)))
        return result
    level = Level.objects.get(key="residential")
    communes = {
        u.code: u
        for u in Unit.objects.filter(level__key="commune").exclude(code="")
        if any(u.path.startswith(r.path) for r in within)
    }
    header_found = False
    planned: list[tuple[Unit, str]] = []
    for sheet in sheets:
        match = find_header(sheet, RESIDENTIAL_HEADERS)
        if match is None or set(match.columns) != {"name", "parent_code"}:
            continue
        header_found = True
        cols = match.columns
        for index in range(match.row + 1, len(sheet.rows)):
            row = sheet.rows[index]
            name = clean_text(cell_text(row[cols["name"]]) if cols["name"] < len(row) else "")
            code = cell_text(row[cols["parent_code"]]) if cols["parent_code"] < len(row) else ""
            if not name and not code:
                continue
            line = index + 1
            if not name:
                result.errors.append(RowError(sheet.name, line, "Tên", _("thiếu tên.")))
                continue
            parent = communes.get(code.lstrip("0") or code) or communes.get(code)
            if parent is None:
                result.errors.append(
                    RowError(
                        sheet.name,
                        line,
                        "Mã xã",
                        _("không có xã mã “%(code)s” trong phạm vi của bạn.") % {"code": code},
                    )
                )
                continue
            planned.append((parent, name))
    if not header_found:
        result.errors.append(
            RowError(
                filename,
                0,
                "",
                _("Không tìm thấy dòng tiêu đề có hai cột “Tên” và “Mã xã”."),
            )
        )
    if result.errors:
        return result
    existing = {
        (u.parent_id, fold_form(u.name))
        for u in Unit.objects.filter(level=level, parent__in={p for p, _n in planned})
    }
    for parent, name in planned:
        key = (parent.pk, fold_form(name))
        if key in existing:
            result.unchanged += 1
            continue
        unit_create(
            parent=parent,
            name=name,
            division_type=guess_residential_type(name),
            level=level,
            by=by,
            channel=channel,
        )
        existing.add(key)
        result.created += 1
    return result
