"""Export files built to Business Suite's layouts, each imported twice; monthly figures
against numbers worked out by hand."""

import datetime as dt
import io

import pytest
import xlsxwriter
from django.core.management import call_command
from django.core.management.base import CommandError
from python_calamine import CalamineWorkbook

from frontnet.audit.models import AuditEntry
from frontnet.core.sheets import UnreadableFile
from frontnet.pagestats import services
from frontnet.pagestats.models import PageMonth, PagePost, Source
from frontnet.pagestats.samples import days, metric_block, metric_csv, post, posts_csv

from .conftest import META_ID

pytestmark = pytest.mark.django_db
JAN, FEB = dt.date(2025, 1, 1), dt.date(2025, 2, 1)


def first_export():
    return [
        post(
            "p1",
            dt.datetime(2025, 1, 5, 8, 30),
            views=100,
            reach=80,
            reactions=10,
            comments=2,
            shares=1,
        ),
        post(
            "p2",
            dt.datetime(2025, 1, 20, 19, 0),
            views=300,
            reach=250,
            reactions=30,
            comments=5,
            shares=4,
        ),
        post("p3", dt.datetime(2025, 2, 3, 7, 15), views=50, reach=40, reactions=3),
        # 23:30 on 31 January in Vietnam is still January.
        post("p4", dt.datetime(2025, 1, 31, 23, 30), views=20, reach=15, reactions=1),
    ]


def run(data, user, unit, *, filename="export.csv", page=None, exported_on=dt.date(2025, 2, 10)):
    plan = services.stats_plan(
        data=data, filename=filename, user=user, unit=unit, page=page, exported_on=exported_on
    )
    if plan.ready:
        services.stats_apply(plan=plan, by=user)
    return plan


def month(page, first):
    return PageMonth.objects.get(page=page, month=first)


@pytest.mark.parametrize("language,columns", [("en", 32), ("en", 34), ("vi", 32), ("vi", 34)])
def test_posts_export_imported_twice_gives_hand_counted_months(
    users, tree, page_a1, language, columns
):
    data = posts_csv(first_export(), language=language, columns=columns)
    xa = users["xa"]
    plan = run(data, xa, tree["commune_a1"])
    assert plan.page == page_a1  # recognised from the Page ID in the page's link
    assert plan.counts == {"created": 4, "updated": 0, "unchanged": 0, "rejected": 0}
    jan, feb = month(page_a1, JAN), month(page_a1, FEB)
    # January: p1 + p2 + p4; February: p3.
    assert (jan.posts, jan.post_views, jan.post_reach) == (3, 420, 345)
    assert (jan.reactions, jan.comments, jan.shares) == (41, 7, 5)
    assert jan.total_interactions == 53
    assert jan.best_post_url == f"https://www.facebook.com/{META_ID}/posts/p2"
    assert (feb.posts, feb.post_views, feb.reactions, feb.comments) == (1, 50, 3, 0)
    assert jan.source == Source.POSTS_EXPORT and jan.entered_by == xa
    # Each post and month has its own entry (who, when, what), all of one time and channel.
    posts = AuditEntry.objects.filter(model="pagestats.pagepost")
    assert sorted(posts.values_list("object_repr", "action")) == [
        (p, "create") for p in ["p1", "p2", "p3", "p4"]
    ]
    assert sorted(int(e) for e in posts.values_list("object_id", flat=True)) == sorted(
        PagePost.objects.values_list("pk", flat=True)
    )
    stamp = AuditEntry.objects.filter(model__startswith="pagestats.").values_list(
        "actor", "channel", "at", "unit"
    )
    assert set(stamp) == {(xa.pk, "web", jan.entered_at, tree["commune_a1"].pk)}
    assert AuditEntry.objects.filter(model="pagestats.pagemonth").count() == 2
    first = posts.get(object_repr="p2").changes
    assert first["reactions"] == [None, 30] and first["views"] == [None, 300]
    entries = AuditEntry.objects.count()

    again = run(data, xa, tree["commune_a1"])
    assert again.counts == {"created": 0, "updated": 0, "unchanged": 4, "rejected": 0}
    assert AuditEntry.objects.count() == entries
    assert PagePost.objects.count() == 4


def test_later_export_replaces_a_posts_figures_and_the_month_is_recounted(users, tree, page_a1):
    xa = users["xa"]
    run(posts_csv(first_export()), xa, tree["commune_a1"])
    later = first_export()
    later[1]["reactions"] = 35  # p2 gathered 5 more reactions
    later.append(
        post("p5", dt.datetime(2025, 2, 10, 9, 0), views=10, reach=8, reactions=2, comments=1)
    )
    data = posts_csv(later, language="vi", columns=34)
    plan = run(data, xa, tree["commune_a1"], exported_on=dt.date(2025, 2, 28))
    assert plan.counts == {"created": 1, "updated": 1, "unchanged": 3, "rejected": 0}
    jan, feb = month(page_a1, JAN), month(page_a1, FEB)
    assert (jan.posts, jan.reactions) == (3, 46)
    assert (feb.posts, feb.post_views, feb.post_reach, feb.reactions, feb.comments) == (
        2,
        60,
        48,
        5,
        1,
    )
    assert PagePost.objects.get(post_id="p2").exported_on == dt.date(2025, 2, 28)
    assert run(data, xa, tree["commune_a1"]).counts["unchanged"] == 5


def test_an_older_export_does_not_replace_newer_figures(users, tree, page_a1):
    xa = users["xa"]
    newer = first_export()
    newer[0]["views"] = 500
    run(posts_csv(newer), xa, tree["commune_a1"], exported_on=dt.date(2025, 3, 1))
    plan = run(posts_csv(first_export()), xa, tree["commune_a1"], exported_on=dt.date(2025, 2, 1))
    assert plan.counts["updated"] == 0
    assert PagePost.objects.get(post_id="p1").views == 500


def test_follows_export_in_utf16_needs_the_page_and_sums_the_days(users, tree, page_a1):
    data = metric_csv(metric_block("Follows", days(dt.date(2025, 1, 30), [3, 4, 5, 6])))
    assert data[:2] == b"\xff\xfe" and data[2:12].decode("utf-16-le") == "sep=,"
    xa = users["xa"]
    plan = run(data, xa, tree["commune_a1"], filename="Follows.csv")
    assert plan.needs_page and not PageMonth.objects.exists()
    plan = run(data, xa, tree["commune_a1"], filename="Follows.csv", page=page_a1)
    assert plan.counts == {"created": 2, "updated": 0, "unchanged": 0, "rejected": 0}
    assert month(page_a1, JAN).new_follows == 7  # 30 and 31 January: 3 + 4
    assert month(page_a1, FEB).new_follows == 11  # 1 and 2 February: 5 + 6
    again = run(data, xa, tree["commune_a1"], filename="Follows.csv", page=page_a1)
    assert again.counts == {"created": 0, "updated": 0, "unchanged": 2, "rejected": 0}


def test_stacked_audience_file_gives_followers_at_month_end(users, tree, page_a1):
    data = metric_csv(
        metric_block("Facebook followers", days(dt.date(2025, 1, 30), [1000, 1004, 1009, 1015])),
        metric_block("Follows", days(dt.date(2025, 1, 30), [3, 4, 5, 6])),
        metric_block("Unfollows", days(dt.date(2025, 1, 30), [0, 0, 0, 0])),
    )
    xa = users["xa"]
    plan = run(data, xa, tree["commune_a1"], filename="Audience.csv", page=page_a1)
    assert plan.counts["created"] == 2 and plan.counts["rejected"] == 0
    jan, feb = month(page_a1, JAN), month(page_a1, FEB)
    assert (jan.followers, jan.new_follows) == (1004, 7)
    assert (feb.followers, feb.new_follows) == (1015, 11)
    assert jan.source == Source.METRIC_EXPORT
    again = run(data, xa, tree["commune_a1"], filename="Audience.csv", page=page_a1)
    assert again.counts["unchanged"] == 2 and again.counts["created"] == 0


def test_vietnamese_metric_names_views_and_interactions(users, tree, page_a1):
    data = metric_csv(
        metric_block("Lượt xem", days(dt.date(2025, 1, 1), [10, 20, 30])),
        metric_block("Lượt tương tác với nội dung", days(dt.date(2025, 1, 1), [1, 2, 3])),
        metric_block("Người xem", days(dt.date(2025, 1, 1), [5, 5, 5])),
    )
    run(data, users["xa"], tree["commune_a1"], page=page_a1)
    jan = month(page_a1, JAN)
    assert (jan.views, jan.interactions, jan.reach) == (60, 6, 15)
    # The page-level interactions are shown over what posts add up to.
    assert jan.total_interactions == 6


def test_a_file_of_a_page_outside_the_scope_is_refused_with_its_place(
    users, tree, page_a1, page_b1
):
    data = posts_csv(
        [post("q1", dt.datetime(2025, 1, 2, 8, 0), reach=5, page_id="200000000000002")]
    )
    plan = run(data, users["xa"], tree["commune_a1"])
    assert not plan.changes and plan.counts["rejected"] == 1
    message = plan.messages()[0]
    assert "dòng 2" in message and "Page ID" in message and "200000000000002" in message
    assert not PagePost.objects.exists()


def test_a_bad_number_is_located_and_other_rows_go_in(users, tree, page_a1):
    data = posts_csv(first_export()).replace(b",300,250,", ",trăm,250,".encode())
    plan = run(data, users["xa"], tree["commune_a1"])
    assert plan.counts == {"created": 3, "updated": 0, "unchanged": 0, "rejected": 1}
    assert "dòng 3" in plan.messages()[0] and "Views" in plan.messages()[0]


def template_sheet(rows) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"strings_to_formulas": False})
    sheet = book.add_worksheet("Hiệu quả trang")
    headers = [
        "Mã trang",
        "Đơn vị",
        "Tên trang",
        "Tháng (MM/YYYY)",
        "Người theo dõi cuối tháng",
        "Lượt theo dõi mới",
        "Bài viết đã đăng",
        "Người tiếp cận",
        "Lượt xem",
        "Lượt tương tác",
        "Liên kết bài nổi bật",
    ]
    for c, h in enumerate(headers):
        sheet.write_string(0, c, h)
    for r, row in enumerate(rows, start=1):
        for c, v in enumerate(row):
            if isinstance(v, int):
                sheet.write_number(r, c, v)
            else:
                sheet.write_string(r, c, v)
    book.close()
    return out.getvalue()


def test_template_sheet_for_a_district_and_the_zalo_page(users, tree, page_a1, zalo_a2):
    data = template_sheet(
        [
            [page_a1.pk, "Xã An Một", page_a1.name, "01/2025", 1200, 15, 9, 800, 2000, 150, ""],
            [zalo_a2.pk, "Xã An Hai", zalo_a2.name, "01/2025", 340, "", 8, "", "", 45, ""],
            ["", "Xã An Hai", zalo_a2.name, "02/2025", 350, "", 10, "", "", "năm mươi", ""],
        ]
    )
    huyen = users["huyen"]
    plan = run(data, huyen, tree["district_a"], filename="bieu-mau.xlsx")
    assert plan.counts == {"created": 2, "updated": 0, "unchanged": 0, "rejected": 1}
    assert "dòng 4" in plan.messages()[0] and "Lượt tương tác" in plan.messages()[0]
    zalo = month(zalo_a2, JAN)
    assert (zalo.followers, zalo.posts, zalo.interactions, zalo.new_follows) == (340, 8, 45, None)
    assert zalo.source == Source.WORKBOOK
    a1 = month(page_a1, JAN)
    assert (a1.followers, a1.new_follows, a1.posts, a1.reach, a1.views) == (1200, 15, 9, 800, 2000)
    assert run(data, huyen, tree["district_a"], filename="bieu-mau.xlsx").counts["unchanged"] == 2
    # The commune's own user may not write a neighbour's page from the same sheet.
    plan = run(data, users["xa"], tree["commune_a1"], filename="bieu-mau.xlsx")
    assert plan.counts["rejected"] == 3 - 1  # An Hai's two rows; An Một's row is unchanged


def test_monthly_form_writes_the_figures_given(users, page_a1, zalo_a2):
    status = services.month_figures_save(
        page=zalo_a2,
        month=JAN,
        by=users["huyen"],
        values={"followers": 340, "interactions": 45, "posts": 8},
    )
    assert status == "created"
    entry = AuditEntry.objects.filter(model="pagestats.pagemonth").get()
    assert entry.unit_id == zalo_a2.unit_id
    assert (
        services.month_figures_save(
            page=zalo_a2, month=JAN, by=users["huyen"], values={"followers": 340}
        )
        == "unchanged"
    )
    with pytest.raises(services.StatsError):
        services.month_figures_save(page=page_a1, month=JAN, by=users["xem"], values={"posts": 1})


def test_command_prints_counts_and_exit_2_for_an_unreadable_file(
    users, tree, page_a1, tmp_path, capsys
):
    path = tmp_path / "posts.csv"
    path.write_bytes(posts_csv(first_export()))
    call_command("import_page_stats", str(path), unit="99101", username="xa", commit=True)
    assert capsys.readouterr().out.strip() == "created=4 updated=0 unchanged=0 rejected=0"
    call_command("import_page_stats", str(path), unit="99101", username="xa", commit=True)
    assert capsys.readouterr().out.strip() == "created=0 updated=0 unchanged=4 rejected=0"
    junk = tmp_path / "junk.csv"
    junk.write_bytes(b"\x00\x01\x02garbage")
    with pytest.raises(CommandError) as caught:
        call_command("import_page_stats", str(junk), unit="99101", username="xa")
    assert caught.value.returncode == 2


def test_unreadable_bytes_raise_unreadable_file():
    with pytest.raises(UnreadableFile):
        services.read_file(b"", "x.csv")


def test_the_form_template_carries_the_sheet_and_reads_it_back(users, tree, page_a1, zalo_a2):
    from frontnet.workbooks.export import template_build
    from frontnet.workbooks.importing import plan_import

    data = template_build(unit=tree["district_a"])
    rows = (
        CalamineWorkbook.from_filelike(io.BytesIO(data))
        .get_sheet_by_name("Hiệu quả trang")
        .to_python()
    )
    assert rows[0][:4] == ["Mã trang", "Đơn vị", "Tên trang", "Tháng (MM/YYYY)"]
    assert {int(r[0]) for r in rows[1:]} == {page_a1.pk, zalo_a2.pk}
    # Nothing filled in: nothing to write; the cadre import is not disturbed by the sheet.
    plan = run(data, users["huyen"], tree["district_a"], filename="bieu-mau.xlsx")
    assert plan.counts == {"created": 0, "updated": 0, "unchanged": 0, "rejected": 0}
    assert not plan_import(data=data, filename="bieu-mau.xlsx", unit=tree["district_a"]).rejections


def test_posts_export_downloaded_as_xlsx_in_vietnamese_reads_the_same(users, tree, page_a1):
    """Business Suite also gives the posts export as .xlsx: the same rows, found by their
    Vietnamese headers, give the same hand-counted months; a second import changes nothing."""
    import csv

    text = posts_csv(first_export(), language="vi", columns=34).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows[0]) == 34
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"strings_to_numbers": True, "strings_to_urls": False})
    sheet = book.add_worksheet("Bài viết")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    book.close()
    xa = users["xa"]
    plan = run(out.getvalue(), xa, tree["commune_a1"], filename="Bai-viet.xlsx")
    assert plan.page == page_a1
    assert plan.counts == {"created": 4, "updated": 0, "unchanged": 0, "rejected": 0}
    jan = month(page_a1, JAN)
    assert (jan.posts, jan.post_views, jan.post_reach) == (3, 420, 345)
    assert (jan.reactions, jan.comments, jan.shares) == (41, 7, 5)
    assert month(page_a1, FEB).posts == 1
    entries = AuditEntry.objects.count()
    again = run(out.getvalue(), xa, tree["commune_a1"], filename="Bai-viet.xlsx")
    assert again.counts == {"created": 0, "updated": 0, "unchanged": 4, "rejected": 0}
    assert AuditEntry.objects.count() == entries
