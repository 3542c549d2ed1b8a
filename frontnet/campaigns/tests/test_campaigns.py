import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from python_calamine import CalamineWorkbook

from frontnet.accounts.models import Role, User
from frontnet.campaigns import selectors, services
from frontnet.campaigns.models import ShareReport

from .conftest import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def reported(users, tree, campaign):
    """xã An Một shared both items (7 and 2 cadres, on 3 and 5 March), xã An Hai the first
    (4 cadres, on 4 March), xã Bình Một nothing."""
    xa2 = User.objects.create_user(username="xa2", role=Role.UNIT_STAFF, unit=tree["commune_a2"])
    first, second = campaign.items.all()
    for item, unit, by, cadres, link, day in (
        (first, "commune_a1", users["xa"], 7, "https://m.facebook.com/mattranxaanmot/posts/9", 3),
        (second, "commune_a1", users["xa"], 2, "facebook.com/mattranxaanmot/posts/10", 5),
        (first, "commune_a2", xa2, 4, "facebook.com/mattranxaanhai/posts/1", 4),
    ):
        services.share_report(
            item=item, unit=tree[unit], by=by, cadres_shared=cadres, post_link=link, now=at(day)
        )
    return campaign


def test_two_communes_report_and_the_page_counts_them(client, users, tree, reported):
    campaign = reported
    first, second = campaign.items.all()
    report = ShareReport.objects.get(item=first, unit=tree["commune_a1"])
    # The post itself is kept (in one form), and the page that posted it.
    assert report.post_canonical == "https://www.facebook.com/mattranxaanmot/posts/9"
    assert report.page_canonical == "https://www.facebook.com/mattranxaanmot"

    table = selectors.campaign_table(users["tinh"], campaign, as_of=dt.date(2026, 3, 31))
    assert [(line.unit.name, line.items_shared, line.cadres_shared) for line in table.lines] == [
        ("Xã An Một", 2, 9),
        ("Xã An Hai", 1, 4),
        ("Xã Bình Một", 0, 0),
    ]
    assert [line.unit.name for line in table.lagging] == ["Xã An Hai", "Xã Bình Một"]
    assert [(i.title, u, c) for i, u, c in table.item_totals()] == [
        ("Bài về Đại hội", 2, 11),
        ("Tin trên cổng", 1, 2),
    ]
    assert table.cadres_shared == 13
    # As of 4 March the second item was not shared yet, and An Hai had just reported.
    early = selectors.campaign_table(users["tinh"], campaign, as_of=dt.date(2026, 3, 4))
    assert [line.items_shared for line in early.lines] == [1, 1, 0]
    assert selectors.units_sharing_at_least(campaign, k=1, day=dt.date(2026, 3, 31)) == 2
    assert selectors.units_sharing_at_least(campaign, k=2, day=dt.date(2026, 3, 31)) == 1
    assert selectors.units_sharing_at_least(campaign, k=1, day=dt.date(2026, 3, 2)) == 0
    # The district sees its own communes only.
    assert [
        line.unit.name for line in selectors.campaign_table(users["huyen"], campaign).lines
    ] == [
        "Xã An Một",
        "Xã An Hai",
    ]
    client.force_login(users["tinh"])
    r = client.get(reverse("campaign_xlsx", kwargs={"pk": campaign.pk}), {"as_of": "2026-03-31"})
    rows = CalamineWorkbook.from_filelike(io.BytesIO(r.content)).get_sheet_by_index(0).to_python()
    assert rows[3][:5] == ["Xã An Một", 7, 2, 2, 9]
    assert rows[5][:5] == ["Xã Bình Một", "Chưa", "Chưa", 0, 0]


def test_who_reports_what(users, tree, campaign):
    item = campaign.items.first()
    with pytest.raises(ValidationError):  # districts are not addressed
        services.share_report(
            item=item,
            unit=tree["district_a"],
            by=users["huyen"],
            cadres_shared=1,
            post_link="facebook.com/x/posts/1",
        )
    with pytest.raises(PermissionDenied):
        services.share_report(
            item=item,
            unit=tree["commune_b1"],
            by=users["xa"],
            cadres_shared=1,
            post_link="facebook.com/x/posts/1",
        )
    with pytest.raises(ValidationError) as exc:
        services.share_report(
            item=item,
            unit=tree["commune_a1"],
            by=users["xa"],
            cadres_shared=1,
            post_link="không phải liên kết",
        )
    assert "Liên kết bài chia sẻ" in str(exc.value)
    with pytest.raises(PermissionDenied):
        services.campaign_create(
            province=tree["province"],
            name="x",
            starts_on=dt.date(2026, 1, 1),
            ends_on=dt.date(2026, 1, 2),
            units=[tree["commune_a1"]],
            items=[("a", "page", "facebook.com/a/posts/1")],
            by=users["chuyenvien1"],
        )


def test_the_web_create_and_report(client, users, tree, levels):
    client.force_login(users["tinh"])
    r = client.post(
        reverse("campaign_create", kwargs={"pk": tree["province"].pk}),
        {
            "name": "Đợt 1",
            "starts_on": "2026-04-01",
            "ends_on": "2026-04-30",
            "levels": [levels["commune"].pk],
            "items": "Bài 1 | https://www.facebook.com/mattrantinh/posts/1\nBài 2 | https://zalo.me/123456789",
        },
    )
    assert r.status_code == 302
    campaign = selectors.campaigns_visible_to(users["xa"]).get()
    assert [(i.title, i.channel) for i in campaign.items.all()] == [
        ("Bài 1", "page"),
        ("Bài 2", "zalo_oa"),
    ]
    client.force_login(users["xa"])
    first = campaign.items.first()
    r = client.post(
        reverse("campaign_report", kwargs={"pk": campaign.pk}),
        {f"i{first.pk}-post_link": "facebook.com/xa/posts/5", f"i{first.pk}-cadres_shared": "3"},
    )
    assert r.status_code == 302
    assert ShareReport.objects.get().cadres_shared == 3
    page = client.get(reverse("campaign_detail", kwargs={"pk": campaign.pk})).content.decode()
    assert "Đơn vị đã báo cáo: 1/1" in page  # xa sees its own commune only


def test_a_criterion_scores_the_campaign(tree, reported, scored_march):
    from frontnet.scoring.engine import month_scores

    assert scored_march("campaign_shared", 10) == {
        "Xã An Một": (Decimal("10.00"), "100% (2/2 bài)"),
        "Xã An Hai": (Decimal("5.00"), "50% (1/2 bài)"),
        "Xã Bình Một": (Decimal("0.00"), "0% (0/2 bài)"),
    }
    # In April no campaign runs: nothing to measure.
    april = month_scores(tree["province"], dt.date(2026, 4, 1), dt.date(2026, 4, 30))
    assert {line.value_text for _s, (line,) in april} == {"Không có đợt cao điểm trong tháng"}
