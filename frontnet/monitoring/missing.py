"""What a unit still lacks to meet a target, in words, for its reminder: "chưa báo cáo trang
cộng đồng lên cấp trên", "12 cán bộ chưa có số điện thoại".

Kept as `phrases` (msgids and numbers), so each reader reads them in their own language.
Cadre counts are of the unit's subtree as of the target's judging day, by the same
definition of a cadre on a day as the dashboard (`counting.cadres_on`).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q
from django.db.models.functions import Substr
from django.utils.translation import gettext_noop

from frontnet.cadres.models import Cadre
from frontnet.notifications.kinds import phrase, phrases
from frontnet.units.models import Unit

from .counting import _filled, cadre_aggregates, cadres_on, figures_of, in_subtree
from .measures import REQUIRED_FIELDS
from .models import Measure, Target
from .targets import UnitCheck, judging_date

PAGE_MISSING = {
    "none": gettext_noop("chưa có trang cộng đồng"),
    "registered": gettext_noop("chưa báo cáo trang cộng đồng lên cấp trên"),
    "reported": gettext_noop("trang cộng đồng đã báo cáo, chưa được cấp trên xác nhận"),
    "returned": gettext_noop("trang cộng đồng bị cấp trên trả lại, cần sửa và báo cáo lại"),
    "reopened": gettext_noop("trang cộng đồng đã sửa, chưa báo cáo lại lên cấp trên"),
}
# The required fields as the missing part of a sentence ("12 cán bộ chưa có số điện thoại").
FIELD_MISSING = {
    "full_name": gettext_noop("%(n)s cán bộ chưa có họ và tên"),
    "gender": gettext_noop("%(n)s cán bộ chưa có giới tính"),
    "birth_year": gettext_noop("%(n)s cán bộ chưa có năm sinh"),
    "position": gettext_noop("%(n)s cán bộ chưa có chức vụ"),
    "category": gettext_noop("%(n)s cán bộ chưa có loại cán bộ"),
    "phone": gettext_noop("%(n)s cán bộ chưa có số điện thoại"),
}
NO_CADRES = gettext_noop("chưa nhập cán bộ nào")
WITHOUT_ACCOUNT = gettext_noop("%(n)s/%(cadres)s cán bộ chưa có tài khoản mạng xã hội")
NOT_FOLLOWING = gettext_noop("%(n)s/%(cadres)s cán bộ chưa theo dõi đủ các kênh của tỉnh")
FIELDS_OTHER = gettext_noop("%(n)s cán bộ chưa đủ thông tin")
BAR = gettext_noop("cần đạt %(bar)s%% số cán bộ")


def _cadre_counts(paths: list[str], day: dt.date, channel_ids: list[int]) -> dict[str, dict]:
    """Per unit path: the cadre aggregates of its subtree, and per required field the number
    of cadres without it. Paths of one length at a time, so subtrees never overlap."""
    found: dict[str, dict] = {}
    missing = {
        f"missing_{name}": Count("pk", filter=~_filled(name, kind))
        for name, _label, kind in REQUIRED_FIELDS
    }
    for length in sorted({len(p) for p in paths}):
        group = [p for p in paths if len(p) == length]
        within = Q(pk__in=[])
        for path in group:
            within |= in_subtree(path, "unit__path")
        rows = (
            Cadre.objects.filter(cadres_on(day))
            .filter(within)
            .annotate(prefix=Substr("unit__path", 1, length))
            .order_by()
            .values("prefix")
            .annotate(**cadre_aggregates(day, channel_ids), **missing)
        )
        found.update({row["prefix"]: row for row in rows if row["prefix"] in group})
    return found


def missing_words(
    target: Target, checks: list[UnitCheck], as_of: dt.date, channel_ids: list[int]
) -> dict[int, dict | str]:
    """For each check that does not meet the target: what its unit lacks, as phrases."""
    failing = [c for c in checks if not c.meets]
    if target.is_page_measure:
        return {c.unit_id: phrase(PAGE_MISSING.get(c.state, PAGE_MISSING["none"])) for c in failing}
    if target.measure in Measure.page_stat_measures() | Measure.campaign_measures():
        return {c.unit_id: c.reason for c in failing}  # already in words
    day = judging_date(as_of, target.deadline)
    paths = dict(Unit.objects.filter(pk__in=[c.unit_id for c in failing]).values_list("pk", "path"))
    counts = _cadre_counts(list(paths.values()), day, channel_ids)
    bar = phrase(BAR, bar=target.unit_threshold)
    words: dict[int, dict | str] = {}
    for c in failing:
        row = counts.get(paths.get(c.unit_id, ""))
        if not row or not row["cadres"]:
            words[c.unit_id] = phrase(NO_CADRES)
            continue
        f = figures_of(row, channel_ids)
        if target.measure == Measure.HAS_ACCOUNT:
            parts = [phrase(WITHOUT_ACCOUNT, n=f.cadres - f.with_account, cadres=f.cadres)]
        elif target.measure == Measure.FOLLOWS_ALL:
            parts = [phrase(NOT_FOLLOWING, n=f.cadres - f.follows_all, cadres=f.cadres)]
        else:
            parts = [
                phrase(FIELD_MISSING[name], n=row[f"missing_{name}"])
                if name in FIELD_MISSING
                else phrase(FIELDS_OTHER, n=row[f"missing_{name}"])
                for name, _label, _kind in REQUIRED_FIELDS
                if row[f"missing_{name}"]
            ]
        words[c.unit_id] = phrases([*parts, bar])
    return words
