"""Work that leaves the request: the database worker runs it (inline in development)."""

from django.tasks import task
from django.utils import timezone

from frontnet.units.models import Unit

from .selectors import province_channels
from .unit_figures import FiguresBook


@task
def warm_figures(unit_id: int) -> None:
    """Count today's own figures of the units of a subtree that changed (after an import), so
    the next dashboard view sums stored rows instead of counting them while someone waits."""
    unit = Unit.objects.get(pk=unit_id)
    FiguresBook(unit, province_channels(unit)).store(timezone.localdate())
