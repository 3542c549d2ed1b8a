"""Posts kept as posts; cadres recorded one by one as having shared or commented; the
campaign measures a target and a criterion read."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from frontnet.accounts.models import Role, User
from frontnet.audit.models import AuditEntry
from frontnet.cadres.models import Cadre, CadreCategory
from frontnet.cadres.normalize import LinkError
from frontnet.campaigns import links, measures, selectors, services
from frontnet.campaigns.models import CadreInteraction
from frontnet.monitoring import unit_figures
from frontnet.monitoring.models import Target
from frontnet.monitoring.selectors import province_channels, target_checks

from .conftest import at

pytestmark = pytest.mark.django_db


# --- Links ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "post", "page"),
    [
        (
            "https://m.facebook.com/MatTranXaAnMot/posts/pfbid02abc?fbclid=IwAR0x&mibextid=Z",
            "https://www.facebook.com/mattranxaanmot/posts/pfbid02abc",
            "https://www.facebook.com/mattranxaanmot",
        ),
        (
            "facebook.com/mattranxaanmot/videos/123/",
            "https://www.facebook.com/mattranxaanmot/videos/123",
            "https://www.facebook.com/mattranxaanmot",
        ),
        (
            "https://mattran.example.vn/tin/1?utm_source=zalo",
            "https://mattran.example.vn/tin/1",
            "https://mattran.example.vn/tin/1",
        ),
    ],
)
def test_a_post_link_keeps_the_post_in_one_form(raw, post, page):
    found = links.post_link(raw)
    assert (found.canonical, found.account) == (post, page)


def test_a_whole_page_is_not_a_shared_post():
    with pytest.raises(LinkError) as exc:
        links.share_post_link("facebook.com/mattranxaanmot")
    assert "là liên kết của cả trang; hãy dán liên kết của bài đăng" in str(exc.value)


@given(
    user=st.from_regex(r"[a-z][a-z0-9.]{4,20}[a-z0-9]", fullmatch=True),
    post=st.from_regex(r"[0-9]{1,18}", fullmatch=True),
)
def test_a_kept_post_link_reads_back_the_same(user, post):
    first = links.post_link(f"https://m.facebook.com/{user}/posts/{post}?fbclid=x")
    assert first.is_post
    assert links.post_link(first.canonical) == first


# --- Reports and cadres ------------------------------------------------------------------


@pytest.fixture
def cadres(tree):
    """xã An Một: three cadres (one in thôn 1); xã An Hai: one; all entered in January."""
    category = CadreCategory.objects.get(key="full_time")

    def make(unit, name):
        cadre = Cadre.objects.create(unit=tree[unit], full_name=name, category=category)
        Cadre.objects.filter(pk=cadre.pk).update(created_at=at(1) - dt.timedelta(days=30))
        return cadre

    return {
        "mot": make("commune_a1", "Nguyễn Văn Một"),
        "hai": make("commune_a1", "Trần Thị Hai"),
        "ba": make("village", "Lê Văn Ba"),
        "bon": make("commune_a2", "Phạm Văn Bốn"),
    }


def share(campaign, users, tree, n=0, **kw):
    item = campaign.items.all()[n]
    defaults = {"cadres_shared": 2, "post_link": f"facebook.com/mattranxaanmot/posts/{n + 1}"}
    return services.share_report(
        item=item, unit=tree["commune_a1"], by=users["xa"], **{**defaults, **kw}
    )


def test_the_provinces_own_post_or_another_units_is_refused(users, tree, campaign):
    with pytest.raises(ValidationError) as exc:
        share(campaign, users, tree, post_link="https://www.facebook.com/mattrantinh/posts/123")
    assert "đây là bài gốc của tỉnh" in str(exc.value)
    share(campaign, users, tree)
    xa2 = User.objects.create_user(username="xa2", role=Role.UNIT_STAFF, unit=tree["commune_a2"])
    with pytest.raises(ValidationError) as exc:
        services.share_report(
            item=campaign.items.first(),
            unit=tree["commune_a2"],
            by=xa2,
            cadres_shared=1,
            post_link="https://m.facebook.com/mattranxaanmot/posts/1",
        )
    assert "bài này đã được Xã An Một báo cáo" in str(exc.value)


def test_cadres_are_recorded_one_by_one_and_replaced_on_correction(users, tree, campaign, cadres):
    c = cadres
    share(campaign, users, tree, shared=[c["mot"], c["ba"]], commented=[c["hai"]], now=at(3))
    rows = CadreInteraction.objects.order_by("cadre__full_name")
    assert [(r.cadre.full_name, r.action, r.unit_id) for r in rows] == [
        ("Lê Văn Ba", "shared", tree["village"].pk),
        ("Nguyễn Văn Một", "shared", tree["commune_a1"].pk),
        ("Trần Thị Hai", "commented", tree["commune_a1"].pk),
    ]
    # A correction: Ba did not share after all. One deletion audited, nothing else.
    audits = AuditEntry.objects.filter(model="campaigns.cadreinteraction").count()
    share(campaign, users, tree, shared=[c["mot"]], commented=[c["hai"]], now=at(6))
    assert set(CadreInteraction.objects.values_list("cadre__full_name", flat=True)) == {
        "Nguyễn Văn Một",
        "Trần Thị Hai",
    }
    entries = AuditEntry.objects.filter(model="campaigns.cadreinteraction")
    assert entries.count() == audits + 1
    assert entries.order_by("pk").last().action == "delete"
    # Reporting without the per-cadre lists leaves them as they are.
    share(campaign, users, tree, cadres_shared=5)
    assert CadreInteraction.objects.count() == 2
    assert selectors.cadres_interacting(campaign, dt.date(2026, 3, 31)) == 2


def test_per_cadre_records_are_checked(users, tree, campaign, cadres):
    with pytest.raises(ValidationError) as exc:
        share(campaign, users, tree, cadres_shared=1, shared=[cadres["mot"], cadres["hai"]])
    assert "Số cán bộ đã chia sẻ (1) ít hơn số cán bộ được đánh dấu đã chia sẻ (2)." in str(
        exc.value
    )
    with pytest.raises(ValidationError) as exc:
        share(campaign, users, tree, shared=[cadres["bon"]])
    assert "Phạm Văn Bốn không phải cán bộ của Xã An Một." in str(exc.value)
    assert not CadreInteraction.objects.exists()


def test_the_report_page_ticks_cadres_and_counts_them(client_for, users, tree, campaign, cadres):
    client = client_for("xa")
    first = campaign.items.first()
    url = reverse("campaign_report", kwargs={"pk": campaign.pk})
    page = client.get(url).content.decode()
    assert "Cán bộ đã chia sẻ (không bắt buộc)" in page
    assert "Phạm Văn Bốn" not in page  # xã An Hai's cadre is not offered
    response = client.post(
        url,
        {
            f"i{first.pk}-post_link": "facebook.com/mattranxaanmot/posts/77",
            f"i{first.pk}-shared_by": [cadres["mot"].pk, cadres["hai"].pk],
            f"i{first.pk}-commented_by": [cadres["ba"].pk],
        },
    )
    assert response.status_code == 302
    report = first.reports.get()
    assert report.cadres_shared == 2  # taken from the cadres ticked when left empty
    assert report.post_canonical == "https://www.facebook.com/mattranxaanmot/posts/77"
    detail = client.get(reverse("campaign_detail", kwargs={"pk": campaign.pk})).content.decode()
    assert "Cán bộ được ghi tên đã chia sẻ hoặc bình luận: 3" in detail
    assert 'href="https://www.facebook.com/mattranxaanmot/posts/77"' in detail


# --- Measures --------------------------------------------------------------------------------


def _checks(target, tree, day):
    province = tree["province"]
    target.listed = False  # what targets_for annotates
    book = unit_figures.FiguresBook(province, province_channels(province))
    return {c.name: (c.meets, c.reason) for c in target_checks(target, province, day, book)}


def test_targets_count_units_sharing_k_items_and_cadres_interacting(
    users, tree, levels, campaign, cadres
):
    xa2 = User.objects.create_user(username="xa2", role=Role.UNIT_STAFF, unit=tree["commune_a2"])
    c = cadres
    share(campaign, users, tree, 0, shared=[c["mot"], c["ba"]], commented=[], now=at(3))
    share(campaign, users, tree, 1, shared=[], commented=[c["mot"]], now=at(5))
    services.share_report(
        item=campaign.items.first(),
        unit=tree["commune_a2"],
        by=xa2,
        cadres_shared=0,
        post_link="facebook.com/mattranxaanhai/posts/1",
        now=at(4),
    )
    common = {
        "level": levels["commune"],
        "root": tree["province"],
        "threshold": 50,
        "start": dt.date(2026, 3, 1),
        "deadline": dt.date(2026, 3, 31),
    }
    k_items = Target.objects.create(
        name="Mỗi xã chia sẻ 2 bài", measure="campaign_shared", unit_threshold=2, **common
    )
    assert _checks(k_items, tree, dt.date(2026, 3, 31)) == {
        "Xã An Một": (True, ""),
        "Xã An Hai": (False, "1/2 bài đã chia sẻ, cần ít nhất 2"),
        "Xã Bình Một": (False, "0/2 bài đã chia sẻ, cần ít nhất 2"),
    }
    # As of 4 March xã An Một had shared one item only.
    assert _checks(k_items, tree, dt.date(2026, 3, 4))["Xã An Một"][0] is False

    # Cadres who shared or commented: An Một 2 of its 3 (Một twice, counted once).
    interacting = Target.objects.create(
        name="Một nửa cán bộ xã tương tác", measure="campaign_cadres", unit_threshold=50, **common
    )
    assert _checks(interacting, tree, dt.date(2026, 3, 31)) == {
        "Xã An Một": (True, ""),
        "Xã An Hai": (False, "0/1 cán bộ đã chia sẻ hoặc bình luận"),
        "Xã Bình Một": (False, "0/0 cán bộ đã chia sẻ hoặc bình luận"),
    }
    assert measures.cadres_interacting(tree["commune_a1"], dt.date(2026, 3, 31)) == 2
    assert measures.cadres_interacting(tree["district_a"], dt.date(2026, 3, 31)) == 2


def test_a_criterion_scores_the_cadres_who_interacted(users, tree, campaign, cadres, scored_march):
    share(campaign, users, tree, shared=[cadres["mot"]], commented=[cadres["hai"]], now=at(3))
    # xã An Một: 2 of its 3 cadres → 9 × 2/3 = 6; xã An Hai: 0 of 1; xã Bình Một: no cadres.
    assert scored_march("campaign_cadres", 9) == {
        "Xã An Một": (Decimal("6.00"), "66,67% (2/3 cán bộ)"),
        "Xã An Hai": (Decimal("0.00"), "0% (0/1 cán bộ)"),
        "Xã Bình Một": (Decimal("0.00"), "Chưa có cán bộ nào được nhập"),
    }


def test_the_api_records_cadres_by_id_and_keeps_them_when_a_call_leaves_them_out(
    users, tree, campaign, cadres
):
    from rest_framework.test import APIClient

    from frontnet.api.services import token_create

    api = APIClient()
    api.credentials(
        HTTP_AUTHORIZATION=f"Bearer {token_create(user=users['xa'], name='test', by=users['xa'])[1]}"
    )
    item = campaign.items.first()
    url = f"/api/v1/campaigns/{campaign.pk}/shares/"
    body = {"item": item.pk, "post_link": "facebook.com/mattranxaanmot/posts/1"}

    done = api.post(url, {**body, "shared_by": [cadres["mot"].pk, cadres["ba"].pk]}, format="json")
    assert done.status_code == 200, done.content
    shared = CadreInteraction.objects.filter(item=item, action="shared")
    assert set(shared.values_list("cadre__full_name", flat=True)) == {
        "Nguyễn Văn Một",
        "Lê Văn Ba",
    }
    assert done.json()["cadres_shared"] == 2  # counted from the ticks when not given

    assert api.post(url, {**body, "cadres_shared": 5}, format="json").status_code == 200
    assert shared.count() == 2  # left out: kept

    assert api.post(url, {**body, "shared_by": []}, format="json").status_code == 200
    assert not shared.exists()

    outside = api.post(url, {**body, "shared_by": [cadres["bon"].pk]}, format="json")
    assert outside.status_code == 400
