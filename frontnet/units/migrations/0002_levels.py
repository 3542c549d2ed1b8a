from django.db import migrations

LEVELS = [
    ("province", "Tỉnh, thành phố", "Province", 0),
    ("district", "Huyện, thị xã, thành phố thuộc tỉnh", "District", 10),
    ("commune", "Xã, phường, thị trấn", "Commune", 20),
    ("residential", "Ban công tác Mặt trận", "Residential committee", 30),
]


def add_levels(apps, schema_editor):
    Level = apps.get_model("units", "Level")
    for key, name, name_en, rank in LEVELS:
        Level.objects.update_or_create(
            key=key, defaults={"name": name, "name_en": name_en, "rank": rank}
        )


class Migration(migrations.Migration):
    dependencies = [("units", "0001_initial")]
    operations = [migrations.RunPython(add_levels, migrations.RunPython.noop)]
