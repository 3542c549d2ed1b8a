import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from frontnet.campaigns import services


def at(day):
    return timezone.make_aware(dt.datetime(2026, 3, day, 9))


@pytest.fixture
def campaign(users, tree, levels):
    """March 2026, to the communes: a post of the province's page and a news item."""
    return services.campaign_create(
        province=tree["province"],
        name="Tháng cao điểm tháng 3",
        starts_on=dt.date(2026, 3, 1),
        ends_on=dt.date(2026, 3, 31),
        levels=[levels["commune"]],
        items=[
            ("Bài về Đại hội", "page", "https://www.facebook.com/mattrantinh/posts/123"),
            ("Tin trên cổng", "website", "https://mattran.example.vn/tin/1"),
        ],
        by=users["tinh"],
    )


@pytest.fixture
def scored_march(tree, levels):
    """The only active criterion: `measure` for the communes (linear 0-100%, `weight`
    points); returns March 2026's month scores as {unit: (points, value text)}."""
    from frontnet.scoring.engine import month_scores
    from frontnet.scoring.models import Criterion

    def score(measure: str, weight: int) -> dict:
        Criterion.objects.update(active=False)
        criterion = Criterion.objects.create(
            code=f"t-{measure}",
            name=f"Đợt cao điểm: {measure}",
            measure=measure,
            rule="linear",
            weight=Decimal(weight),
            floor=Decimal(0),
            target=Decimal(100),
            order=1,
        )
        criterion.levels.set([levels["commune"]])
        made = month_scores(tree["province"], dt.date(2026, 3, 1), dt.date(2026, 3, 31))
        return {s.unit_name: (line.points, line.value_text) for s, (line,) in made}

    return score
