"""How to find a campaign outside a user's province, for tests/test_scope_sweep.py."""

from frontnet.support.tests.scope_cases import example_outside


def campaign_outside(tree, user):
    import datetime as dt

    from django.utils import timezone

    from frontnet.campaigns.models import Campaign
    from frontnet.support.models import ExampleUnit

    province = ExampleUnit.objects.get(pk=example_outside(tree, user)).unit
    province = province if province.parent_id is None else province.parent  # the root
    while province.parent_id is not None:
        province = province.parent
    from frontnet.support.tests.scope_cases import _author

    return Campaign.objects.create(
        province=province,
        name="Ngoài phạm vi",
        starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2026, 2, 1),
        created_by=_author(),
        created_at=timezone.now(),
    ).pk


def province_outside(tree, user):
    from frontnet.campaigns.models import Campaign

    return Campaign.objects.get(pk=campaign_outside(tree, user)).province_id


OUT_OF_SCOPE = {
    "campaign_create": province_outside,
    "campaign_detail": campaign_outside,
    "campaign_report": campaign_outside,
    "campaign_xlsx": campaign_outside,
}

OUT_OF_SCOPE |= {
    "api_campaign_create": province_outside,
    **dict.fromkeys(
        ["api_campaign_detail", "api_campaign_units", "api_campaign_share"], campaign_outside
    ),
}
