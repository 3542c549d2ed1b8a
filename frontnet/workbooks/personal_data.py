"""Import batches that hold a person: the rows stored with a batch (rejections, headers,
the preview's rows) and the kept uploaded file (frontnet.privacy.registry)."""

import csv
import hashlib
import io
import os

import xlsxwriter
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from frontnet.core.sheets import UnreadableFile, cell_text, read_workbook
from frontnet.privacy.registry import register_handler
from frontnet.units.models import Unit

from .models import ImportBatch, ImportRow


def _batches(person):
    """Batches whose file may hold the person: those of a unit the person was in or of one
    above it (a batch covers its unit's subtree), and those whose stored rows name them."""
    prefixes = set()
    for path in Unit.objects.filter(pk__in=person.unit_ids).values_list("path", flat=True):
        parts = path.strip("/").split("/")
        prefixes |= {"/".join(parts[: i + 1]) + "/" for i in range(len(parts))}
    named = person.candidates(ImportBatch.objects.all(), "filename", json_columns=("report",))
    return ImportBatch.objects.filter(
        Q(unit__path__in=prefixes) | Q(pk__in=named.values("pk"))
    ).order_by("pk")


def _preview_rows(person):
    """The preview rows that name the person (their name, or a value before or after)."""
    candidates = person.candidates(ImportRow.objects.all(), "name", json_columns=("changes",))
    return [
        row
        for row in candidates.order_by("pk")
        if person.scrub(row.name) != row.name or person.scrub(row.changes) != row.changes
    ]


def _sheets(batch):
    if not batch.file:
        return []
    try:
        with batch.file.open("rb") as handle:
            return read_workbook(handle.read(), batch.filename)
    except (UnreadableFile, OSError):
        return []


def _rows_naming(person, sheets):
    for sheet in sheets:
        for r, row in enumerate(sheet.rows):
            values = [cell_text(sheet.value(r, c)) for c in range(len(row))]
            if person.scrub(values) != values:
                yield sheet, r, values


def _rewrite(person, batch, sheets) -> tuple[bytes, str]:
    """The kept file with the person taken out, as csv for a csv, else as xlsx."""
    name, ext = os.path.splitext(batch.filename)
    if ext.lower() == ".csv":
        out = io.StringIO()
        writer = csv.writer(out)
        for r, row in enumerate(sheets[0].rows):
            writer.writerow(
                person.scrub([cell_text(sheets[0].value(r, c)) for c in range(len(row))])
            )
        return out.getvalue().encode("utf-8-sig"), person.scrub(batch.filename)
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False})
    for sheet in sheets:
        page = book.add_worksheet(sheet.name[:31])
        for r, row in enumerate(sheet.rows):
            for c in range(len(row)):
                value = sheet.value(r, c)
                if value is None or value == "":
                    continue
                value = person.scrub(value)
                if isinstance(value, int | float) and not isinstance(value, bool):
                    page.write_number(r, c, value)
                else:
                    page.write_string(r, c, cell_text(value))
    book.close()
    return out.getvalue(), person.scrub(name) + ".xlsx"


@register_handler("workbooks.batches", label=_("Các lần nhập biểu mẫu"))
class ImportBatches:
    def collect(self, person) -> list:
        found = []
        for batch in _batches(person):
            for sheet, r, values in _rows_naming(person, _sheets(batch)):
                found.append(
                    {
                        "batch": batch.pk,
                        "uploaded_at": batch.uploaded_at,
                        "file": batch.filename,
                        "sheet": sheet.name,
                        "row": r + 1,
                        "values": values,
                    }
                )
            report = batch.report or {}
            if person.scrub(report) != report:
                found.append({"batch": batch.pk, "stored_rows": report})
        for row in _preview_rows(person):
            found.append(
                {"batch": row.batch_id, "sheet": row.sheet, "row": row.row, "preview": row.changes}
            )
        return found

    def erase(self, person) -> int:
        changed = 0
        for batch in _batches(person):
            updates = {}
            report = person.scrub(batch.report or {})
            if report != (batch.report or {}):
                updates["report"] = report
            if person.scrub(batch.error) != batch.error:
                updates["error"] = person.scrub(batch.error)
            sheets = _sheets(batch)
            if batch.file and (
                any(True for _ in _rows_naming(person, sheets))
                or person.scrub(batch.filename) != batch.filename
            ):
                data, filename = _rewrite(person, batch, sheets)
                old = batch.file.name
                storage = batch.file.storage
                batch.file.save(os.path.basename(filename), ContentFile(data), save=False)
                if old and old != batch.file.name:
                    # Only once the erasure commits: a rollback keeps the old file in use.
                    transaction.on_commit(lambda old=old, storage=storage: storage.delete(old))
                updates |= {
                    "file": batch.file.name,
                    "filename": filename[:255],
                    "sha256": hashlib.sha256(data).hexdigest(),
                }
            if updates:
                ImportBatch.objects.filter(pk=batch.pk).update(**updates)
                changed += 1
        # A preview row is what the batch would write: gone with the person (counts stay).
        rows = _preview_rows(person)
        ImportRow.objects.filter(pk__in=[r.pk for r in rows]).delete()
        return changed + len(rows)
