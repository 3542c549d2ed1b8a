"""The criteria the January 2022 letters imply (seeds/000 Nghệ An, seeds/002 Nam Định), and
the year as the mean of the months. 100 points per level; the province edits them."""

import datetime as dt
from decimal import Decimal

from django.db import migrations

NGHE_AN = "Công văn của BTT Ủy ban MTTQ tỉnh Nghệ An, tháng 01/2022"
NAM_DINH = "Công văn của BTT Ủy ban MTTQ tỉnh Nam Định, tháng 01/2022"
BOTH = ["district", "commune"]

CRITERIA = [
    # code, name, measure, rule, weight, floor, target, deadline, penalty, levels, source
    (
        "accounts",
        "Cán bộ có tài khoản mạng xã hội",
        "has_account",
        "linear",
        25,
        50,
        100,
        None,
        0,
        BOTH,
        NGHE_AN,
    ),
    (
        "follows",
        "Cán bộ theo dõi các kênh chính thức của Mặt trận tỉnh",
        "follows_all",
        "linear",
        25,
        0,
        100,
        None,
        0,
        BOTH,
        NGHE_AN,
    ),
    (
        "data-complete",
        "Dữ liệu cán bộ đầy đủ theo biểu mẫu",
        "data_complete",
        "linear",
        20,
        0,
        100,
        None,
        0,
        BOTH,
        NGHE_AN,
    ),
    (
        "page-verified-district",
        "Trang cộng đồng được xác nhận, đặt tên đúng quy định (cấp huyện)",
        "page_verified_named",
        "deadline",
        15,
        0,
        100,
        dt.date(2022, 1, 31),
        0,
        ["district"],
        NAM_DINH,
    ),
    (
        "page-verified-commune",
        "Trang cộng đồng được xác nhận, đặt tên đúng quy định (cấp xã)",
        "page_verified_named",
        "deadline",
        15,
        0,
        100,
        dt.date(2022, 3, 31),
        0,
        ["commune"],
        NAM_DINH,
    ),
    (
        "page-on-time-district",
        "Báo cáo Trang cộng đồng đúng hạn (cấp huyện)",
        "page_reported",
        "late",
        15,
        0,
        100,
        dt.date(2022, 1, 31),
        5,
        ["district"],
        NAM_DINH,
    ),
    (
        "page-on-time-commune",
        "Báo cáo Trang cộng đồng đúng hạn (cấp xã)",
        "page_reported",
        "late",
        15,
        0,
        100,
        dt.date(2022, 3, 31),
        5,
        ["commune"],
        NAM_DINH,
    ),
]


def seed(apps, schema_editor):
    Criterion = apps.get_model("scoring", "Criterion")
    Level = apps.get_model("units", "Level")
    YearRule = apps.get_model("scoring", "YearRule")
    for order, row in enumerate(CRITERIA, start=1):
        code, name, measure, rule, weight, floor, target, deadline, penalty, keys, source = row
        criterion, _created = Criterion.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "measure": measure,
                "rule": rule,
                "weight": Decimal(weight),
                "floor": Decimal(floor),
                "target": Decimal(target),
                "deadline": deadline,
                "penalty": Decimal(penalty),
                "order": order,
                "source": source,
            },
        )
        criterion.levels.set(Level.objects.filter(key__in=keys))
    if not YearRule.objects.filter(province__isnull=True).exists():
        YearRule.objects.create(province=None, method="mean")


class Migration(migrations.Migration):
    dependencies = [("scoring", "0001_initial"), ("units", "0002_levels")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
