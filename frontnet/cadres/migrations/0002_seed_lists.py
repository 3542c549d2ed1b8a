from django.db import migrations

CATEGORIES = [
    ("full_time", "Cán bộ chuyên trách", 10),
    ("part_time", "Cán bộ bán chuyên trách", 20),
    ("contract", "Cán bộ hợp đồng", 30),
    ("committee_member", "Ủy viên Ủy ban MTTQ", 40),
    ("residential_member", "Thành viên Ban công tác Mặt trận", 50),
]
# key, name, network, for_people, for_units, order
PLATFORMS = [
    ("facebook_profile", "Facebook cá nhân", "facebook", True, False, 10),
    ("facebook_page", "Fanpage Facebook", "facebook", False, True, 20),
    ("facebook_group", "Nhóm Facebook", "facebook", False, True, 30),
    ("zalo", "Zalo cá nhân", "zalo", True, False, 40),
    ("zalo_oa", "Zalo Official Account", "zalo", False, True, 50),
    ("zalo_group", "Nhóm Zalo", "zalo", False, True, 60),
    ("tiktok", "TikTok", "tiktok", True, True, 70),
    ("youtube", "YouTube", "youtube", True, True, 80),
    ("website", "Trang web", "website", False, True, 90),
]


def seed(apps, schema_editor):
    Category = apps.get_model("cadres", "CadreCategory")
    Platform = apps.get_model("cadres", "Platform")
    for key, name, order in CATEGORIES:
        Category.objects.update_or_create(key=key, defaults={"name": name, "order": order})
    for key, name, network, people, units, order in PLATFORMS:
        Platform.objects.update_or_create(
            key=key,
            defaults={
                "name": name,
                "network": network,
                "for_people": people,
                "for_units": units,
                "order": order,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("cadres", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
