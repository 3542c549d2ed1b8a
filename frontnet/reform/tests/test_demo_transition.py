"""The 2025 transition on the demo province (Nghệ An, the 2022 data in the legacy tree), the
way the issue's "Done means" reads: after `reform --commit --use-defaults` every active cadre
and page is on a unit valid today, `tinh` sees the new province and its 130 communes, 2022
reads exactly as before (the rollup as of 31/3/2022 and the 2022-01 scores report), and a
second `--commit` changes nothing. One test: building the demo takes a minute or two."""

import io
import json

import pytest
from django.core.management import call_command
from django.utils import timezone

from frontnet.audit.models import AuditEntry
from frontnet.cadres.models import Cadre
from frontnet.core.sheets import read_workbook
from frontnet.pages.models import CommunityPage
from frontnet.reform.models import RecordMove
from frontnet.units.models import Scheme, Unit

pytestmark = pytest.mark.django_db


def _run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def _rollup_2022() -> dict:
    return json.loads(_run("rollup", "--unit", "40", "--json", "--as-of", "2022-03-31"))


def _report_2022_01(tmp_path) -> list:
    path = tmp_path / "bang-xep-hang.xlsx"
    _run("report", "--unit", "40", "--period", "2022-01", "--format", "xlsx", "-o", str(path))
    return [(sheet.name, sheet.rows) for sheet in read_workbook(path.read_bytes(), path.name)]


def test_demo_province_carried_onto_the_2025_tree(tmp_path):
    _run("demo", "--province", "40", "--shape", "legacy")
    rollup_before = _rollup_2022()
    report_before = _report_2022_01(tmp_path)
    assert rollup_before["total"]["cadres"] > 5000

    _run("load_units", "--province", "40", "--shape", "2025")
    plan = _run("reform", "--province", "40")
    first = plan.splitlines()[0]
    assert first.startswith("cadres=") and "undecided=0" not in first  # questions are asked
    done = _run("reform", "--province", "40", "--commit", "--use-defaults", "--as", "tinh")
    assert "Đã chuyển: cadres=" in done

    today = timezone.localdate()
    active_cadres = Cadre.objects.filter(active_to__isnull=True).select_related("unit")
    assert active_cadres.count() > 5000
    assert [c.pk for c in active_cadres if not c.unit.is_valid_on(today)] == []
    active_pages = CommunityPage.objects.filter(active=True).select_related("unit")
    assert active_pages.exists()
    assert [p.pk for p in active_pages if not p.unit.is_valid_on(today)] == []

    # tinh now administers the 2025 province and sees its 130 communes.
    now = json.loads(_run("rollup", "--unit", "40", "--as", "tinh", "--json"))
    new_root = Unit.objects.get(scheme=Scheme.REFORM_2025, parent__isnull=True, code="40")
    assert now["unit"]["id"] == new_root.pk
    communes = Unit.objects.filter(parent=new_root, valid_to__isnull=True)
    assert communes.count() == 130
    assert sorted(c["id"] for c in now["children"]) == sorted(communes.values_list("pk", flat=True))
    assert (
        now["total"]["cadres"] == active_cadres.filter(unit__path__startswith=new_root.path).count()
    )

    # 2022 reads as it was.
    assert _rollup_2022() == rollup_before
    assert _report_2022_01(tmp_path) == report_before

    # A second commit finds nothing left to move.
    entries, moves = AuditEntry.objects.count(), RecordMove.objects.count()
    again = _run("reform", "--province", "40", "--commit", "--use-defaults", "--as", "tinh")
    assert again.splitlines()[0] == "cadres=0 pages=0 users=0 residential=0 undecided=0"
    assert (AuditEntry.objects.count(), RecordMove.objects.count()) == (entries, moves)
