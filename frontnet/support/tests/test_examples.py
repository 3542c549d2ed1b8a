import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from frontnet.accounts.models import Role, User
from frontnet.cadres.models import Cadre, CadreCategory, Platform, SocialAccount
from frontnet.support import selectors, services
from frontnet.support.masking import mask_cell, mask_name, mask_phone

pytestmark = pytest.mark.django_db


def test_masks():
    assert mask_name("Nguyễn Văn Tùng") == "Nguyễn V. T."
    assert mask_name("  lê   thị  hồng  nhung ") == "lê T. H. N."
    assert mask_phone("+84912345678") == "09xx xxx 678"
    assert mask_phone("0912 345 678") == "09xx xxx 678"
    assert mask_cell("facebook", "facebook.com/x") == "[đã ẩn]"
    assert mask_cell("facebook", "") == ""
    assert mask_cell("category", "Cán bộ chuyên trách") == "Cán bộ chuyên trách"


@pytest.fixture
def example_unit(tree, users):
    category = CadreCategory.objects.get(key="full_time")
    facebook = Platform.objects.get(key="facebook_profile")
    zalo = Platform.objects.get(key="zalo")
    for name, phone, fb in (
        ("Nguyễn Văn Tùng", "+84903111678", "tung.nguyen.92"),
        ("Trần Thị Hồng Nhung", "+84987654321", "hongnhung.tran"),
    ):
        c = Cadre.objects.create(
            unit=tree["commune_a1"],
            full_name=name,
            category=category,
            gender="male",
            birth_year=1984,
            position="Phó Chủ tịch",
            phone=phone,
            phone_raw=phone,
            email=f"{fb}@gmail.com",
        )
        SocialAccount.objects.create(
            unit=c.unit,
            cadre=c,
            platform=facebook,
            link_raw=f"https://facebook.com/{fb}",
            canonical=f"https://www.facebook.com/{fb}",
        )
        SocialAccount.objects.create(
            unit=c.unit,
            cadre=c,
            platform=zalo,
            link_raw=f"zalo.me/{phone[1:]}",
            canonical=f"https://zalo.me/{phone[1:]}",
        )
    return services.example_mark(
        unit=tree["commune_a1"],
        starts_on=timezone.localdate(),
        note="Đủ thông tin, đúng tên trang",
        by=users["tinh"],
    )


def _text_of(xlsx: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(xlsx)) as z:
        return "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())


def test_the_masked_form_holds_no_full_name_phone_or_personal_link(client, tree, example_unit):
    other = User.objects.create_user(username="xb", role=Role.UNIT_STAFF, unit=tree["commune_b1"])
    client.force_login(other)  # another district's commune sees the example
    r = client.get(reverse("example_form_xlsx", kwargs={"pk": example_unit.pk}))
    assert r.status_code == 200
    text = _text_of(r.content)
    for secret in (
        "Nguyễn Văn Tùng",
        "Trần Thị Hồng Nhung",
        "Văn Tùng",
        "Hồng Nhung",
        "903111678",
        "903 111",
        "987654321",
        "987 654",
        "tung.nguyen.92",
        "hongnhung.tran",
        "gmail.com",
        "1984",
    ):
        assert secret not in text, secret
    for shown in (
        "Nguyễn V. T.",
        "Trần T. H. N.",
        "09xx xxx 678",
        "09xx xxx 321",
        "Cán bộ chuyên trách",
        "Phó Chủ tịch",
        "[đã ẩn]",
    ):
        assert shown in text, shown


def test_every_unit_of_the_province_sees_the_examples_with_their_completeness(
    client, users, tree, example_unit
):
    (row,) = selectors.example_rows(users["chuyenvien2"])
    assert (row.example, row.cadres, row.complete) == (example_unit, 2, 2)
    client.force_login(users["xa"])
    page = client.get(reverse("examples_page")).content.decode()
    assert "Đủ thông tin, đúng tên trang" in page and "2/2" in page


def test_only_the_province_office_marks_and_ends(client, users, tree, example_unit):
    with pytest.raises(PermissionDenied):
        services.example_mark(
            unit=tree["commune_a2"],
            starts_on=timezone.localdate(),
            note="x",
            by=users["chuyenvien1"],
        )
    client.force_login(users["huyen"])
    assert client.post(reverse("example_end", kwargs={"pk": example_unit.pk})).status_code == 403
    client.force_login(users["tinh"])
    assert client.post(reverse("example_end", kwargs={"pk": example_unit.pk})).status_code == 302
    example_unit.refresh_from_db()
    assert example_unit.withdrawn_at is not None
    assert selectors.example_rows(users["xa"]) == []
    r = client.post(
        reverse("example_mark", kwargs={"pk": tree["commune_a2"].pk}),
        {"starts_on": "2026-01-01", "ends_on": "2025-12-01", "note": "Tốt"},
    )
    assert "phải sau ngày bắt đầu" in r.content.decode()
