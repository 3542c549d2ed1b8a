"""Work that leaves the request: the database worker runs it (inline in development)."""

from django.tasks import task
from django.utils import timezone

from frontnet.units.access import province_of
from frontnet.units.models import Unit

from .selectors import figure_days, province_channels
from .unit_figures import FiguresBook


def figures_refresh(*, unit: Unit) -> None:
    """Count again, for every day the province's dashboard reads (today and the judging days
    of its cadre targets), the own figures of the province's units that changed: the
    writer pays for the change once, not the first reader (an import touches thousands of
    units; an unchanged unit keeps its row, so only the touched ones are counted)."""
    province = province_of(unit=unit)
    book = FiguresBook(province, province_channels(province))
    for day in sorted(figure_days(province, timezone.localdate())):
        book.store(day)


@task
def warm_figures(unit_id: int) -> None:
    """After an import: keep the stored figures of the units it touched up to date, so the
    next dashboard view sums stored rows instead of counting them while someone waits."""
    figures_refresh(unit=Unit.objects.get(pk=unit_id))
