"""A campaign in a browser: `tinh` creates one addressed to the communes, two communes report
their shares on a phone (`xa` also ticks its cadre who shared), the campaign page counts them,
and a criterion scores them."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from conftest import PASSWORD
from frontnet.accounts.models import Role, User
from frontnet.cadres.models import Cadre, CadreCategory
from frontnet.campaigns.models import Campaign, ShareReport
from frontnet.scoring.models import Criterion

from .test_scoring_flow import ranking

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_campaign_is_created_reported_counted_and_scored(
    browser, desktop_page, live_server, login, users, tree, levels
):
    User.objects.create_user(
        username="xa2", password=PASSWORD, role=Role.UNIT_STAFF, unit=tree["commune_a2"]
    )
    Cadre.objects.create(
        unit=tree["commune_a1"],
        full_name="Nguyễn Văn Một",
        category=CadreCategory.objects.get(key="full_time"),
    )
    today = timezone.localdate()
    page = desktop_page
    login(page, "tinh")
    page.goto(f"{live_server.url}/campaigns/")
    page.get_by_role("link", name="Tạo đợt cao điểm").click()
    page.fill("#id_name", "Tháng cao điểm Đại hội")
    page.fill("#id_starts_on", today.replace(day=1).isoformat())
    page.fill("#id_ends_on", (today + dt.timedelta(days=20)).isoformat())
    page.get_by_label(str(levels["commune"]), exact=True).check()
    page.fill(
        "#id_items",
        "Thông báo Đại hội | https://www.facebook.com/mattrantinh/posts/1\n"
        "Tin trên cổng | https://mattran.example.vn/tin/1",
    )
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    campaign = Campaign.objects.get()
    assert page.url.endswith(f"/campaigns/{campaign.pk}/")
    first, second = campaign.items.all()

    phone = browser.new_context(viewport={"width": 360, "height": 760}, is_mobile=True)
    mobile = phone.new_page()
    for username, shares in (("xa", [(first, "7")]), ("xa2", [(first, "4"), (second, "2")])):
        login(mobile, username)
        mobile.goto(f"{live_server.url}/campaigns/{campaign.pk}/")
        mobile.get_by_role("link", name="Báo cáo chia sẻ").click()
        for item, cadres in shares:
            mobile.fill(f"#id_i{item.pk}-post_link", f"facebook.com/{username}/posts/{item.pk}")
            mobile.fill(f"#id_i{item.pk}-cadres_shared", cadres)
        if username == "xa":
            mobile.get_by_role("group", name=first.title).get_by_label(
                "Nguyễn Văn Một"
            ).first.check()
        mobile.click("main form button[type=submit]")
        mobile.wait_for_load_state()
        assert mobile.url.endswith(f"/campaigns/{campaign.pk}/")
    phone.close()
    assert ShareReport.objects.count() == 3

    page.goto(f"{live_server.url}/campaigns/{campaign.pk}/")
    summary = page.inner_text("#campaign-summary")
    assert summary == "Đơn vị đã báo cáo: 2/3 · Cán bộ đã chia sẻ: 13"
    interacting = page.inner_text("#campaign-interacting")
    assert interacting == "Cán bộ được ghi tên đã chia sẻ hoặc bình luận: 1"
    rows = page.locator("#campaign-table tbody tr").all_inner_texts()
    assert [r.split("\t") for r in rows] == [
        ["Xã An Một", "7", "Chưa", "7"],
        ["Xã An Hai", "4", "2", "6"],
        ["Xã Bình Một", "Chưa", "Chưa", "0"],
    ]

    Criterion.objects.update(active=False)
    shared = Criterion.objects.create(
        code="t-campaign",
        name="Chia sẻ bài đợt cao điểm",
        measure="campaign_shared",
        rule="linear",
        weight=Decimal(10),
        floor=Decimal(0),
        target=Decimal(100),
        order=1,
    )
    shared.levels.set([levels["commune"]])
    page.goto(f"{live_server.url}/units/{tree['province'].pk}/scores/")
    page.fill("#compute-period", today.strftime("%Y-%m"))
    page.get_by_role("button", name="Chấm điểm", exact=True).click()
    page.wait_for_url(f"**period={today:%Y-%m}")
    communes = "Xếp hạng: Xã, phường, thị trấn (3)"
    assert [(r[0], r[2]) for r in ranking(page, communes)] == [
        ("Xã An Hai", "10,00/10,00"),
        ("Xã An Một", "5,00/10,00"),
        ("Xã Bình Một", "0,00/10,00"),
    ]
