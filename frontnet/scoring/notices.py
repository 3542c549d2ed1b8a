"""Each ranked unit's staff hear its own score when a period is published."""

from django.db import transaction
from django.urls import reverse

from frontnet.accounts.models import Role, User
from frontnet.notifications.services import notify

from .notice_kinds import SCORES_PUBLISHED


def told_published(period) -> None:
    scores = period.scores.select_related("unit")
    staff: dict[int, list] = {}
    for user in User.objects.filter(
        unit_id__in=[s.unit_id for s in scores], is_active=True
    ).exclude(role=Role.VIEWER):
        staff.setdefault(user.unit_id, []).append(user)
    with transaction.atomic():
        for score in scores:
            if staff.get(score.unit_id):
                notify(
                    kind=SCORES_PUBLISHED,
                    recipients=staff[score.unit_id],
                    unit=score.unit,
                    url=reverse("unit_scores", args=[score.unit_id]),
                    args={
                        "period": period.label,
                        "unit": score.unit_name,
                        "points": str(score.points),
                        "rank": score.rank_in_level,
                    },
                )
