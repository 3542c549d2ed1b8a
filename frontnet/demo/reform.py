"""The demo as today: the 2022 province in the legacy tree, carried onto the 2025 tree with
the default answers, then a few changes made after the reform (a page renamed to the 2025
rule, a cadre added on a new commune, one who left), so a newcomer sees today's province and
can still look back at 2022 (as of a date, in the 2022 scores and reports)."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from frontnet.accounts.models import User
from frontnet.audit.models import Channel
from frontnet.reform.plan import build_plan
from frontnet.reform.services import reform_commit
from frontnet.units.models import Scheme, Unit
from frontnet.units.services import units_load_official


@transaction.atomic
def demo_reform(*, province: str = "40") -> list[str]:
    """Load the 2025 shape of the demo province and apply the transition (defaults); running
    it again changes nothing. Returns lines for the demo's output."""
    from frontnet.cadres.models import CadreCategory
    from frontnet.cadres.services import cadre_create, cadre_end
    from frontnet.pages.models import CommunityPage, NameVerdict
    from frontnet.pages.services import page_update

    notes = []
    units_load_official(province=province, shape="2025")
    root = Unit.objects.get(scheme=Scheme.REFORM_2025, parent__isnull=True, code=str(int(province)))
    admin = User.objects.filter(username="tinh").first()
    plan = build_plan(root)
    first_time = bool(plan.cadres)
    result = reform_commit(plan=plan, by=admin, use_defaults=True)
    notes.append(f"Sắp xếp 2025: {result}")
    if not first_time:
        return notes
    # After the reform: the staff of a few communes rename their page to the 2025 rule…
    for page in CommunityPage.objects.filter(
        unit__path__startswith=root.path, active=True, name_verdict=NameVerdict.MISMATCH
    ).order_by("unit__code")[:10]:
        page_update(page=page, by=admin, name=page.expected_name, channel=Channel.COMMAND)
    xa = User.objects.filter(username="xa").select_related("unit").first()
    if xa is not None and xa.unit_id:
        # …a commune takes on a new cadre, and one of its cadres leaves.
        today = timezone.localdate()
        cadre_create(
            unit=xa.unit,
            by=xa,
            full_name="Nguyễn Thị Mai Anh",
            category=CadreCategory.objects.order_by("order").first(),
            position="Cán bộ hợp đồng",
            phone="0912345678",
            active_from=today - dt.timedelta(days=20),
            channel=Channel.COMMAND,
        )
        leaving = xa.unit.cadres.filter(active_to__isnull=True).order_by("pk").last()
        if leaving is not None:
            cadre_end(
                cadre=leaving,
                by=xa,
                on=today - dt.timedelta(days=5),
                reason="Nghỉ hưu",
                channel=Channel.COMMAND,
            )
    notes.append("Sau sắp xếp: 10 trang đổi tên theo quy định 2025, 1 cán bộ mới, 1 cán bộ nghỉ.")
    return notes
