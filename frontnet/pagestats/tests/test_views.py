import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from python_calamine import CalamineWorkbook

from frontnet.cadres.models import Platform
from frontnet.pages.services import page_register
from frontnet.pagestats import selectors, services
from frontnet.pagestats.models import PageMonth, StatsUpload
from frontnet.pagestats.samples import metric_block, metric_csv, post, posts_csv

pytestmark = pytest.mark.django_db


def recent_posts():
    today = timezone.localdate()
    first = today.replace(day=1)
    return first, [
        post(
            "r1",
            dt.datetime.combine(first, dt.time(8, 0)),
            views=40,
            reach=30,
            reactions=4,
            comments=1,
        ),
        post(
            "r2",
            dt.datetime.combine(first, dt.time(9, 0)),
            views=60,
            reach=50,
            reactions=6,
            shares=2,
        ),
    ]


def test_page_manager_uploads_previews_commits_and_sees_the_month(client_for, tree, page_a1):
    client = client_for("xa")
    month, posts = recent_posts()
    upload_url = reverse("page_stats_upload", kwargs={"pk": tree["commune_a1"].pk})
    response = client.post(
        upload_url, {"file": SimpleUploadedFile("bai-viet.csv", posts_csv(posts, language="vi"))}
    )
    assert response.status_code == 302
    preview = client.get(response["Location"])
    text = preview.content.decode()
    assert "thêm mới: 2" in text and page_a1.name in text
    assert not PageMonth.objects.exists()  # a preview writes nothing
    committed = client.post(response["Location"])
    assert committed["Location"] == reverse("page_stats", kwargs={"pk": page_a1.pk})
    row = PageMonth.objects.get(page=page_a1, month=month)
    assert (row.posts, row.reactions, row.comments, row.shares) == (2, 10, 1, 2)
    trend = client.get(committed["Location"]).content.decode()
    assert "<svg" in trend and f"{month:%m/%Y}" in trend
    assert trend.count("<script") == 1  # htmx of the base page only: the charts need none
    # Committed once: the same upload cannot be written twice.
    again = client.post(response["Location"], follow=True)
    assert "đã được ghi" in again.content.decode()


def test_a_metric_file_asks_which_page_and_refuses_one_outside_scope(
    client_for, tree, page_a1, page_b1
):
    client = client_for("xa")
    data = metric_csv(metric_block("Follows", [(dt.date(2025, 1, 1), 3)]))
    response = client.post(
        reverse("page_stats_upload", kwargs={"pk": tree["commune_a1"].pk}),
        {"file": SimpleUploadedFile("Follows.csv", data)},
    )
    url = response["Location"]
    assert "Tệp không ghi trang nào" in client.get(url).content.decode()
    assert client.get(f"{url}?page={page_b1.pk}").status_code == 404
    assert client.post(url, {"page": page_b1.pk}).status_code == 404
    client.post(url, {"page": page_a1.pk})
    assert PageMonth.objects.get(page=page_a1).new_follows == 3


def test_viewer_may_look_but_not_upload(client_for, tree, page_a1):
    client = client_for("xem")
    assert (
        client.get(reverse("unit_page_stats", kwargs={"pk": tree["district_a"].pk})).status_code
        == 200
    )
    assert (
        client.get(reverse("page_stats_upload", kwargs={"pk": tree["district_a"].pk})).status_code
        == 403
    )
    assert client.get(reverse("page_stats_month", kwargs={"pk": page_a1.pk})).status_code == 403


def test_unknown_headers_go_through_the_mapping_step_once(client_for, users, tree, page_a1):
    month, posts = recent_posts()
    data = (
        posts_csv(posts).replace(b"Post ID", b"Ma so bai").replace(b"Publish time", b"Gio len bai")
    )
    client = client_for("xa")
    response = client.post(
        reverse("page_stats_upload", kwargs={"pk": tree["commune_a1"].pk}),
        {"file": SimpleUploadedFile("la.csv", data)},
    )
    url = response["Location"]
    assert "chưa nhận ra" in client.get(url).content.decode()
    client.post(url, {"map_post_id": "0", "map_published_at": "6"})
    assert PageMonth.objects.get(page=page_a1, month=month).posts == 2
    # The next file of the same shape is recognised by itself.
    plan = services.stats_plan(
        data=data, filename="la2.csv", user=users["xa"], unit=tree["commune_a1"]
    )
    assert not plan.missing and plan.counts["unchanged"] == 2


def test_monthly_form_on_a_zalo_page(client_for, zalo_a2):
    client = client_for("huyen")
    url = reverse("page_stats_month", kwargs={"pk": zalo_a2.pk})
    assert 'inputmode="numeric"' in client.get(url).content.decode()
    response = client.post(
        url, {"month": "01/2025", "followers": "340", "interactions": "45", "posts": "8"}
    )
    assert response.status_code == 302
    row = PageMonth.objects.get(page=zalo_a2)
    assert (row.month, row.followers, row.interactions, row.posts) == (
        dt.date(2025, 1, 1),
        340,
        45,
        8,
    )
    bad = client.post(url, {"month": "13/2025", "posts": "-1"})
    text = bad.content.decode()
    assert "Tháng: nhập dạng MM/YYYY" in text


def make_pages(tree, n, start=0):
    platform = Platform.objects.get(key="facebook_page")
    units = [tree["commune_a1"], tree["commune_a2"], tree["commune_b1"]]
    return [
        page_register(
            unit=units[i % 3],
            platform=platform,
            name=f"Trang {i}",
            link=f"https://facebook.com/trang.thu.{i}",
            by=None,
        )
        for i in range(start, start + n)
    ]


def put(page, month, **values):
    PageMonth.objects.create(
        page=page, month=month, source="form", entered_at=timezone.now(), **values
    )


def test_by_page_table_medians_flags_and_constant_queries(users, tree, page_a1):
    month = dt.date(2025, 3, 1)
    others = make_pages(tree, 2)  # Trang 0 in An Một, Trang 1 in An Hai: communes too
    put(page_a1, month, followers=900, posts=4)
    put(page_a1, dt.date(2025, 2, 1), followers=950)
    put(page_a1, dt.date(2025, 1, 1), followers=1000)
    put(others[0], month, followers=300, posts=10)
    put(others[1], month, followers=600, posts=0)
    table = selectors.by_page(
        users["huyen"],
        tree["district_a"],
        month=month,
        today=dt.date(2025, 3, 20),
        sort="-followers",
    )
    assert [r.page.name for r in table.rows] == [page_a1.name, "Trang 1", "Trang 0"]
    a1 = table.rows[0]
    assert (
        a1.median["followers"] == 600 and a1.median["posts"] == 4
    )  # of 900, 300, 600; of 4, 10, 0
    assert a1.vs_median("followers") == "ok" and table.rows[2].vs_median("followers") == "bad"
    assert a1.falling  # 1000 → 950 → 900
    # No posts export: the month's posts decide (Trang 1 posted nothing in March).
    assert table.rows[1].quiet and not a1.quiet and not table.rows[2].quiet
    with CaptureQueriesContext(connection) as few:
        selectors.by_page(users["huyen"], tree["district_a"], month=month)
    more = make_pages(tree, 9, start=2)
    for page in more:
        put(page, month, followers=5, posts=1)
    with CaptureQueriesContext(connection) as many:
        selectors.by_page(users["huyen"], tree["district_a"], month=month)
    assert len(many) == len(few)


def test_district_sees_the_page_in_its_table_and_xlsx_keeps_text(client_for, tree, page_a1):
    page_a1.name = "=1+1 Mặt trận"
    page_a1.save(update_fields=["name"])
    month = timezone.localdate().replace(day=1)
    put(page_a1, month, followers=120, posts=3)
    client = client_for("huyen")
    html = client.get(
        reverse("unit_page_stats", kwargs={"pk": tree["district_a"].pk})
    ).content.decode()
    assert "=1+1 Mặt trận" in html and "120" in html
    response = client.get(reverse("unit_page_stats_xlsx", kwargs={"pk": tree["district_a"].pk}))
    book = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    rows = book.get_sheet_by_index(0).to_python()
    assert rows[2][2] == "=1+1 Mặt trận" and rows[2][3] == 120


def test_unit_page_links_the_panel(client_for, tree):
    html = (
        client_for("xa")
        .get(reverse("unit_detail", kwargs={"pk": tree["commune_a1"].pk}))
        .content.decode()
    )
    assert reverse("unit_page_stats", kwargs={"pk": tree["commune_a1"].pk}) in html


def test_upload_of_another_unit_is_404(client_for, tree, users):
    upload = StatsUpload.objects.create(
        unit=tree["commune_b1"],
        uploaded_by=users["tinh"],
        filename="x.csv",
        sha256="0" * 64,
        content=b"sep=,",
        exported_on=dt.date(2025, 1, 1),
    )
    client = client_for("xa")
    url = reverse("page_stats_preview", kwargs={"pk": upload.pk})
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404


def test_by_page_table_reads_each_pages_last_post(users, tree, page_a1):
    """The last post shown is the page's latest stored post (whatever month it is in); no
    post in the 30 days before today flags the page quiet."""
    from frontnet.pagestats.models import PagePost

    month = dt.date(2025, 3, 1)
    (other,) = make_pages(tree, 1)
    put(page_a1, month, posts=2)
    put(other, month, posts=1)

    def stored(page, post_id, day):
        at = timezone.make_aware(dt.datetime.combine(day, dt.time(8, 30)))
        PagePost.objects.create(
            page=page, post_id=post_id, published_at=at, exported_on=dt.date(2025, 3, 25)
        )
        return at

    stored(page_a1, "a", dt.date(2025, 3, 2))
    latest = stored(page_a1, "b", dt.date(2025, 3, 18))
    stored(page_a1, "c", dt.date(2025, 1, 9))
    old = stored(other, "d", dt.date(2025, 2, 1))
    table = selectors.by_page(
        users["huyen"], tree["district_a"], month=month, today=dt.date(2025, 3, 25)
    )
    rows = {r.page.pk: r for r in table.rows}
    assert rows[page_a1.pk].last_post == latest and not rows[page_a1.pk].quiet
    assert rows[other.pk].last_post == old and rows[other.pk].quiet  # 52 days before
