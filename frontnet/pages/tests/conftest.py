import datetime as dt

import pytest
from django.utils import timezone

from frontnet.cadres.models import Cadre, CadreCategory, Platform
from frontnet.pages import services


@pytest.fixture
def facebook_page(levels):
    return Platform.objects.get(key="facebook_page")


@pytest.fixture
def register(facebook_page):
    """Register a page through the service, with a link derived from the name when not given."""
    counter = iter(range(1, 1000))

    def make(unit, name, *, by=None, link=None, **extra):
        return services.page_register(
            unit=unit,
            platform=extra.pop("platform", facebook_page),
            name=name,
            link=link or f"https://www.facebook.com/mattran.thu.{next(counter)}",
            by=by,
            **extra,
        )

    return make


@pytest.fixture
def cadre_of(levels):
    def make(unit, full_name="Nguyễn Văn Quản"):
        return Cadre.objects.create(
            unit=unit,
            full_name=full_name,
            search_name=full_name.lower(),
            category=CadreCategory.objects.get(key="full_time"),
        )

    return make


@pytest.fixture
def clock(monkeypatch):
    """A clock the test moves by hand, so timestamps can be worked out from the story."""

    class Clock:
        now = timezone.make_aware(dt.datetime(2022, 1, 10, 8, 0))

        def set(self, *args):
            self.now = timezone.make_aware(dt.datetime(*args))

    c = Clock()
    monkeypatch.setattr(timezone, "now", lambda: c.now)
    return c
