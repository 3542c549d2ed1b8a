import pytest
from django.core.management import call_command

from frontnet.accounts.models import User
from frontnet.units.access import units_visible_to
from frontnet.units.models import Unit

pytestmark = pytest.mark.django_db


# A demo province takes a minute to build: one build (and its re-run) serves the checks of
# the users' scopes, the working loop and determinism.
def test_legacy_demo_has_the_named_users_the_working_loop_and_reruns_unchanged(capsys):
    from frontnet.campaigns.models import CadreInteraction, Campaign, ShareReport
    from frontnet.monitoring.models import Target
    from frontnet.support.models import ExampleUnit, Guidance, Thread

    call_command("demo", "--province", "40", "--shape", "legacy", "--seed", "5")
    out = capsys.readouterr().out
    for username in ["tinh", "chuyenvien1", "chuyenvien2", "huyen", "xa"]:
        assert username in out
    huyen, xa = User.objects.get(username="huyen"), User.objects.get(username="xa")
    assert huyen.unit.name == "Huyện Nghi Lộc"
    assert xa.unit.parent == huyen.unit
    assert (
        units_visible_to(user=User.objects.get(username="chuyenvien1"))
        .filter(pk=huyen.unit.pk)
        .exists()
    )
    # Every commune got residential committees.
    communes = Unit.objects.filter(level__key="commune")
    assert not communes.exclude(children__level__key="residential").exists()

    # The working loop.
    states = set(Thread.objects.values_list("state", flat=True))
    assert states == {"new", "in_progress", "answered", "solved", "reopened"}
    assert Thread.objects.filter(replies__isnull=False).distinct().count() == 3
    assert Guidance.objects.count() == 2
    xa_unit = xa.unit
    assert ExampleUnit.objects.get().unit == xa_unit
    assert (
        Campaign.objects.count() == 2
        and ShareReport.objects.count() == 3 + 2 + 1 + 3 + 2 + 1 + 3 + 2 + 1 + 8
    )
    # xa's commune named who shared (3 per post) and commented (2 per post) its 3 posts.
    interactions = CadreInteraction.objects.filter(unit__path__startswith=xa_unit.path)
    assert interactions.filter(action="shared").count() == 9
    assert interactions.filter(action="commented").count() == 6
    assert Target.objects.filter(measure="campaign_shared").count() == 1

    # Deterministic and re-runnable: the same units, nothing added.
    units = sorted(Unit.objects.values_list("path", "name"))
    call_command("demo", "--province", "40", "--shape", "legacy", "--seed", "5")
    assert sorted(Unit.objects.values_list("path", "name")) == units
    assert Thread.objects.count() == 5 and Campaign.objects.count() == 2


def test_2025_demo_has_no_district_user():
    call_command("demo", "--shape", "2025")
    assert not User.objects.filter(username="huyen", is_active=True).exists()
    xa = User.objects.get(username="xa")
    assert xa.unit.scheme == "2025" and xa.unit.level.key == "commune"
