"""Campaign figures a scoring criterion (or a target) reads for one unit as of a day."""

import datetime as dt

from django.db.models import Q

from .models import ContentItem
from .selectors import _end_of


def items_shared(unit, day: dt.date) -> tuple[int, int]:
    """(items the unit reported shared by `day`, items addressed to it) over the campaigns
    of its province running in `day`'s month up to that day."""
    month_start = day.replace(day=1)
    province_path = unit.path.split("/")[0] + "/"
    items = (
        ContentItem.objects.filter(
            campaign__province__path=province_path,
            campaign__starts_on__lte=day,
            campaign__ends_on__gte=month_start,
        )
        .filter(Q(campaign__levels=unit.level_id) | Q(campaign__units=unit))
        .distinct()
    )
    whole = items.count()
    part = items.filter(reports__unit=unit, reports__reported_at__lt=_end_of(day)).count()
    return part, whole
