import pytest

from frontnet.cadres import services as cadre_services
from frontnet.cadres.models import CadreCategory, Platform
from frontnet.privacy.models import GrantKind, PersonalDataGrant

NAME = "Trần Thị Bích Ngọc"
PHONE = "0912 468 135"
OLD_PHONE = "0913 222 333"
FACEBOOK = "facebook.com/tranthibichngoc.xa"
ZALO_PHONE = "0987 606 505"
EMAIL = "bichngoc.tran@example.vn"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Every stored file of a test goes under its own directory, to be searched."""
    root = tmp_path / "media"
    root.mkdir()
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(root)},
        },
    }
    return root


@pytest.fixture
def dpo(users, tree):
    """tinh (the province office) is also the province's data-protection officer."""
    PersonalDataGrant.objects.create(
        user=users["tinh"], province=tree["province"], kind=GrantKind.DPO
    )
    return users["tinh"]


@pytest.fixture
def ngoc(tree, users, levels):
    """A commune cadre with a phone changed once, an e-mail, a Facebook and a Zalo account."""
    category = CadreCategory.objects.get(key="full_time")
    cadre = cadre_services.cadre_create(
        unit=tree["commune_a1"],
        by=users["xa"],
        full_name=NAME,
        category=category,
        gender="female",
        birth_year=1986,
        position="Phó Chủ tịch",
        phone=OLD_PHONE,
        email=EMAIL,
        accounts=[
            (Platform.objects.get(key="facebook_profile"), FACEBOOK),
            (Platform.objects.get(key="zalo"), ZALO_PHONE),
        ],
    )
    return cadre_services.cadre_update(cadre=cadre, by=users["xa"], phone=PHONE)


@pytest.fixture
def other(tree, users, levels):
    return cadre_services.cadre_create(
        unit=tree["commune_a1"],
        by=users["xa"],
        full_name="Lê Văn Khác",
        category=CadreCategory.objects.get(key="full_time"),
        phone="0977 111 222",
    )
