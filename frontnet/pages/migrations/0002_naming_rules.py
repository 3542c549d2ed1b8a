from django.db import migrations

# Seed 002 (Nam Định, 2022): district "Mặt trận" + district + province; commune "Mặt trận" +
# commune + district + province. Since 1 July 2025 there is no district: commune + province.
RULES = [
    ("district", "", "Mặt trận {unit} {province}"),
    ("commune", "legacy", "Mặt trận {unit} {district} {province}"),
    ("commune", "2025", "Mặt trận {unit} {province}"),
    ("commune", "local", "Mặt trận {unit} {district} {province}"),
]


def seed(apps, schema_editor):
    Level = apps.get_model("units", "Level")
    NamingRule = apps.get_model("pages", "NamingRule")
    for level_key, scheme, template in RULES:
        level = Level.objects.get(key=level_key)
        NamingRule.objects.update_or_create(
            level=level, scheme=scheme, defaults={"template": template}
        )


class Migration(migrations.Migration):
    dependencies = [("pages", "0001_initial"), ("units", "0002_levels")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
