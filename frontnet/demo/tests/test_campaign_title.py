import pytest

from frontnet.demo.registry import _demo_campaign_target
from frontnet.monitoring.models import Target

pytestmark = pytest.mark.django_db


def test_the_campaign_title_says_its_rule(tree):
    _demo_campaign_target(tree["province"])
    target = Target.objects.get(root=tree["province"])
    assert (target.threshold, target.unit_threshold) == (70, 50)
    assert "70% đơn vị cấp xã, mỗi đơn vị 50% cán bộ" in target.name
