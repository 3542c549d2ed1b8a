"""What the benchmarks share: a fresh SQLite database, and the synthetic province built
through the real services (tỉnh Mẫu > 10 huyện > their xã)."""

import os


def setup_django(db_path: str) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def synthetic_province(per_district: int, *, districts: int = 10):
    """(province, [(district, [its communes])]): tỉnh Mẫu (code 90) > `districts` huyện >
    `per_district` xã each, made with `unit_create`."""
    from frontnet.units.models import Level
    from frontnet.units.services import unit_create

    levels = {lv.key: lv for lv in Level.objects.all()}

    def make(parent, name, kind, level, code):
        return unit_create(
            parent=parent, name=name, division_type=kind, level=levels[level], by=None, code=code
        )

    province = make(None, "Tỉnh Mẫu", "tỉnh", "province", "90")
    tree = []
    for d in range(districts):
        district = make(province, f"Huyện Số {d + 1}", "huyện", "district", f"9{d:02d}")
        communes = [
            make(district, f"Xã Số {d + 1}-{c + 1}", "xã", "commune", f"9{d:02d}{c:03d}")
            for c in range(per_district)
        ]
        tree.append((district, communes))
    return province, tree
