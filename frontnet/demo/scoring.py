"""Demo step: score and publish January–March 2022 for the demo province.

Signature of a `frontnet.demo.build.DEMO_STEPS` step (rng, province, result); safe to run
again (a month already published is left as it is).
"""

import datetime as dt

from frontnet.accounts.models import User
from frontnet.audit.models import Channel
from frontnet.scoring.models import Period, PeriodKind
from frontnet.scoring.services import period_publish, scores_compute

DEMO_MONTHS = [dt.date(2022, 1, 1), dt.date(2022, 2, 1), dt.date(2022, 3, 1)]


def demo_scoring(*, province, rng=None, result=None, months=DEMO_MONTHS) -> list[Period]:
    by = User.objects.filter(username="tinh", is_active=True).first()
    done = []
    for start in months:
        period = Period.objects.filter(
            province=province, kind=PeriodKind.MONTH, start=start, published=True
        ).first()
        if period is None:
            period = scores_compute(
                province=province,
                kind=PeriodKind.MONTH,
                start=start,
                by=by,
                channel=Channel.COMMAND,
            )
            period_publish(period=period, by=by, channel=Channel.COMMAND)
        done.append(period)
    if result is not None:
        result.notes.append(
            "Thi đua: đã chấm điểm và công bố " + ", ".join(p.label for p in done) + "."
        )
    return done
