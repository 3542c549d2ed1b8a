from django.utils import translation

from frontnet.units.models import Level


def test_a_level_is_named_in_the_language_of_the_page():
    level = Level(key="commune", name="Xã, phường, thị trấn", name_en="Commune", rank=20)
    with translation.override("vi"):
        assert str(level) == "Xã, phường, thị trấn"
    with translation.override("en"):
        assert str(level) == level.display_name == "Commune"
    level.name_en = ""
    with translation.override("en"):
        assert str(level) == "Xã, phường, thị trấn"
