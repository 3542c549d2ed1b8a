"""Fixtures shared by every app's tests: a small hand-built tree and one user per role."""

import datetime
import importlib
import os
import shutil

import pytest
from hypothesis import HealthCheck, settings

from frontnet.accounts.models import AreaAssignment, Role, User
from frontnet.units.models import Level
from frontnet.units.services import unit_create

# Speed is measured in bench/, never in tests: on a loaded CI machine Hypothesis' timing
# checks fail a correct property, so they are off everywhere.
settings.register_profile("frontnet", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("frontnet")


PASSWORD = "mat-khau-thu-nghiem-2022"


def require_tool(name: str, path: str | None = None) -> str:
    """Skip when a system tool is missing on a laptop; fail in CI (FRONTNET_REQUIRE_TOOLS=1)."""
    found = path if path and os.path.exists(path) else shutil.which(name)
    if found:
        return found
    message = f"{name} is not installed (apt-get install it, or run .ci/run)"
    if os.environ.get("FRONTNET_REQUIRE_TOOLS") == "1":
        pytest.fail(message)
    pytest.skip(message)


SEED_MIGRATIONS = [
    ("frontnet.units.migrations.0002_levels", "add_levels"),
    ("frontnet.cadres.migrations.0002_seed_lists", "seed"),
    ("frontnet.pages.migrations.0002_naming_rules", "seed"),
    ("frontnet.support.migrations.0002_seed_topics", "seed"),
]


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: two tests' databases can reach the same audit
    mark, which keys the rendered dashboard."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _vietnamese_first():
    """Each test starts in Vietnamese, as a request does: a page asked for in English leaves
    English active in the thread, and a service called next would write in it."""
    from django.utils import translation

    translation.activate("vi")
    yield
    translation.activate("vi")


@pytest.fixture
def levels(db):
    """The seeded lists (levels, categories, platforms, naming rules). Transactional tests
    flush the tables that data migrations filled, so they are put back here (idempotent)."""
    from django.apps import apps

    for module, function in SEED_MIGRATIONS:
        getattr(importlib.import_module(module), function)(apps, None)
    return {lv.key: lv for lv in Level.objects.all()}


@pytest.fixture
def tree(levels):
    """tỉnh Thử > huyện An, huyện Bình > xã An Một, xã An Hai | xã Bình Một > thôn 1.

    Built through the service so paths, search names and audit entries are the real thing.
    """

    def make(parent, name, kind, level, code=""):
        return unit_create(
            parent=parent, name=name, division_type=kind, level=levels[level], by=None, code=code
        )

    province = make(None, "Tỉnh Thử", "tỉnh", "province", "99")
    district_a = make(province, "Huyện An", "huyện", "district", "991")
    district_b = make(province, "Huyện Bình", "huyện", "district", "992")
    commune_a1 = make(district_a, "Xã An Một", "xã", "commune", "99101")
    commune_a2 = make(district_a, "Xã An Hai", "xã", "commune", "99102")
    commune_b1 = make(district_b, "Xã Bình Một", "xã", "commune", "99201")
    village = make(commune_a1, "Thôn 1", "thôn", "residential")
    village_b = make(commune_b1, "Thôn Đông", "thôn", "residential")
    return {
        "province": province,
        "district_a": district_a,
        "district_b": district_b,
        "commune_a1": commune_a1,
        "commune_a2": commune_a2,
        "commune_b1": commune_b1,
        "village": village,
        "village_b": village_b,
    }


@pytest.fixture
def users(tree):
    """The demo roles on the small tree: tinh, chuyenvien1 (huyện An), chuyenvien2
    (huyện Bình), huyen (huyện An), xa (xã An Một), xem (viewer of huyện An)."""

    def make(username, role, unit):
        user = User.objects.create_user(username=username, password=PASSWORD, role=role, unit=unit)
        return user

    made = {
        "tinh": make("tinh", Role.PROVINCE_ADMIN, tree["province"]),
        "chuyenvien1": make("chuyenvien1", Role.AREA_SPECIALIST, tree["province"]),
        "chuyenvien2": make("chuyenvien2", Role.AREA_SPECIALIST, tree["province"]),
        "huyen": make("huyen", Role.UNIT_STAFF, tree["district_a"]),
        "xa": make("xa", Role.UNIT_STAFF, tree["commune_a1"]),
        "xem": make("xem", Role.VIEWER, tree["district_a"]),
    }
    # Assigned long before the stories the tests tell (some set the clock back to 2022).
    since = datetime.date(2020, 1, 1)
    AreaAssignment.objects.create(
        user=made["chuyenvien1"], unit=tree["district_a"], valid_from=since
    )
    AreaAssignment.objects.create(
        user=made["chuyenvien2"], unit=tree["district_b"], valid_from=since
    )
    return made


@pytest.fixture
def client_for(client, users):
    def login(username):
        client.force_login(users[username])
        return client

    return login


WRITER = ("libreoffice-writer-nogui", "/usr/lib/libreoffice/program/libswlo.so")


def libreoffice_convert(source, target: str, *, needs_writer: bool = False) -> bytes:
    """Convert a file the way a LibreOffice user re-saves it (`soffice --convert-to`), in a
    throwaway profile; return the converted file's bytes. Skips (or fails in CI) without it."""
    import subprocess

    soffice = require_tool("soffice")
    if needs_writer:
        require_tool(*WRITER)
    out = source.parent / f"converted-{target}"
    out.mkdir(exist_ok=True)
    done = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{source.parent}/lo-profile",
            "--headless",
            "--convert-to",
            target,
            "--outdir",
            str(out),
            str(source),
        ],
        capture_output=True,
        timeout=180,
        text=True,
    )
    result = out / f"{source.stem}.{target}"
    assert done.returncode == 0 and result.exists(), done.stdout + done.stderr
    return result.read_bytes()
