"""The targets of the January 2022 letters (seeds/000 Nghệ An, seeds/002 Nam Định)."""

import datetime as dt

from django.db import migrations

TARGETS = [
    # name, measure, level key, threshold, start, deadline, source
    (
        "100% Mặt trận cấp huyện có Trang cộng đồng",
        "page_reported",
        "district",
        100,
        dt.date(2022, 1, 1),
        dt.date(2022, 1, 31),
        "Công văn của BTT Ủy ban MTTQ tỉnh Nam Định, tháng 01/2022",
    ),
    (
        "50% Mặt trận cấp xã có Trang cộng đồng",
        "page_reported",
        "commune",
        50,
        dt.date(2022, 1, 1),
        dt.date(2022, 3, 31),
        "Công văn của BTT Ủy ban MTTQ tỉnh Nam Định, tháng 01/2022",
    ),
    (
        "Hoàn thiện dữ liệu cán bộ Mặt trận trên mạng xã hội",
        "data_complete",
        "district",
        100,
        dt.date(2021, 12, 25),
        dt.date(2022, 2, 28),  # "trước tháng 03/2022"
        "Công văn của BTT Ủy ban MTTQ tỉnh Nghệ An, tháng 01/2022",
    ),
]


def seed(apps, schema_editor):
    Target = apps.get_model("monitoring", "Target")
    Level = apps.get_model("units", "Level")
    for name, measure, level_key, threshold, start, deadline, source in TARGETS:
        Target.objects.update_or_create(
            name=name,
            defaults={
                "measure": measure,
                "level": Level.objects.filter(key=level_key).first(),
                "threshold": threshold,
                "unit_threshold": 100,
                "start": start,
                "deadline": deadline,
                "source": source,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0001_initial"), ("units", "0002_levels")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
