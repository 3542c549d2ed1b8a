"""The demo province: real units, invented residential committees and users.

Deterministic for a given seed, and safe to run again (it updates, never duplicates).
Each feature adds its own demo data as a step of `DEMO_STEPS`. This app is the top of the
project: it may import every other app, and none imports it.
"""

import datetime as dt
import random
import secrets
from dataclasses import dataclass, field

from django.db import transaction

from frontnet.accounts.models import AreaAssignment, Role, User
from frontnet.audit.models import Channel
from frontnet.units.models import Level, Scheme, Unit
from frontnet.units.services import unit_create, units_load_official

from .loop import demo_loop
from .pagestats import demo_pagestats
from .registry import demo_registry
from .scoring import demo_scoring

RESIDENTIAL_NAMES = {
    "xã": ["Thôn {n}", "Xóm {n}"],
    "thị trấn": ["Khối {n}", "Tổ dân phố {n}"],
    "phường": ["Khối {n}", "Tổ dân phố {n}"],
    "đặc khu": ["Thôn {n}"],
}
DEMO_DISTRICT = "Nghi Lộc"
DEMO_COMMUNE = "Nghi Văn"


@dataclass
class DemoResult:
    province: Unit
    passwords: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def _residential(rng: random.Random, province: Unit) -> int:
    level = Level.objects.get(key="residential")
    communes = Unit.objects.filter(path__startswith=province.path, level__key="commune")
    have = set(
        Unit.objects.filter(path__startswith=province.path, level=level).values_list(
            "parent_id", flat=True
        )
    )
    made = 0
    for commune in communes.order_by("path"):
        count = rng.randint(2, 4)
        if commune.pk in have:
            continue
        pattern = rng.choice(RESIDENTIAL_NAMES.get(commune.division_type, ["Thôn {n}"]))
        for n in range(1, count + 1):
            name = pattern.format(n=n)
            unit_create(
                parent=commune,
                name=name,
                division_type=name.rsplit(" ", 1)[0].lower(),
                level=level,
                by=None,
                channel=Channel.COMMAND,
            )
            made += 1
    return made


def _find(province: Unit, level: str, name: str) -> Unit | None:
    return (
        Unit.objects.filter(path__startswith=province.path, level__key=level, name__endswith=name)
        .order_by("path")
        .first()
    )


def _user(username, full_name, role, unit, passwords) -> User:
    user, _created = User.objects.get_or_create(username=username)
    user.full_name, user.role, user.unit, user.is_active = full_name, role, unit, True
    # Demo passwords are made fresh on every run and printed once; the repo holds none.
    password = secrets.token_urlsafe(9)
    user.set_password(password)
    user.save()
    passwords[username] = password
    return user


@transaction.atomic
def demo_build(*, province: str = "40", shape: str = "legacy", seed: int = 2022) -> DemoResult:
    rng = random.Random(seed)
    units_load_official(province=province, shape=shape)
    scheme = Scheme.LEGACY if shape == "legacy" else Scheme.REFORM_2025
    root = Unit.objects.get(scheme=scheme, parent__isnull=True, code=str(int(province)))
    result = DemoResult(province=root)
    _residential(rng, root)

    tinh = _user("tinh", "Văn phòng Ủy ban MTTQ tỉnh", Role.PROVINCE_ADMIN, root, result.passwords)
    tinh.is_staff = True
    tinh.save(update_fields=["is_staff"])

    if shape == "legacy":
        areas = list(Unit.objects.filter(parent=root).order_by("code"))
        district = _find(root, "district", DEMO_DISTRICT)
        commune = (
            _find(district, "commune", DEMO_COMMUNE) if district else None
        ) or Unit.objects.filter(parent=district).order_by("code").first()
    else:
        areas = list(Unit.objects.filter(parent=root).order_by("code"))
        district = None
        commune = _find(root, "commune", "Nghi Lộc") or areas[0]
    # Nghi Lộc (or its commune) goes to specialist 1 so the demo users' scopes nest.
    first = district or commune
    rest = [u for u in areas if u.pk != first.pk]
    rng.shuffle(rest)
    assignments = {"chuyenvien1": [first, *rest[:3]], "chuyenvien2": rest[3:7]}
    for index, (username, units) in enumerate(assignments.items(), start=1):
        specialist = _user(
            username,
            f"Chuyên viên theo dõi địa bàn {index}",
            Role.AREA_SPECIALIST,
            root,
            result.passwords,
        )
        AreaAssignment.objects.filter(user=specialist).exclude(unit__in=units).delete()
        for unit in units:
            # Assigned since the start of the 2022 letters, so back-dated stories have them.
            AreaAssignment.objects.get_or_create(
                user=specialist,
                unit=unit,
                valid_to=None,
                defaults={"valid_from": dt.date(2022, 1, 1)},
            )
    if district is not None:
        _user(
            "huyen",
            f"Cán bộ Mặt trận {district.front_name}",
            Role.UNIT_STAFF,
            district,
            result.passwords,
        )
    else:
        User.objects.filter(username="huyen").update(is_active=False)
        result.notes.append("Dạng 2025 không có cấp huyện: không có người dùng “huyen”.")
    _user("xa", f"Cán bộ Mặt trận {commune.front_name}", Role.UNIT_STAFF, commune, result.passwords)
    for step in DEMO_STEPS:
        step(rng=rng, province=root, result=result)
    return result


# Each step adds one feature's demo data: callables (rng, province, result).
DEMO_STEPS: list = [demo_registry, demo_scoring, demo_pagestats, demo_loop]
