"""Emulation scoring in a browser: the province administrator computes January and February
2022, reads the ranking and a commune's breakdown, publishes January, unpublishes it with a
reason (audited), publishes it again and downloads the reports; a commune cadre then sees only
the commune's own published score and its breakdown.

Two criteria for districts and communes (the seeded ones are switched off), on the data of
`province_story` (tests/browser/conftest.py):
  accounts: share of the subtree's cadres with an account, linear from 50% (0) to 100% (40)
  on time:  page reported by 31/01/2022: 20 points, less 5 for each month late
January (as of 31/01/2022), worked out by hand:
  huyện An   4/5 = 80%   -> 24    + reported 20/01 -> 20 = 44      rank 1/2
  huyện Bình 1/2 = 50%   -> 0     + not reported   -> 0  = 0       rank 2/2
  xã An Hai  1/1 = 100%  -> 40    + no page        -> 0  = 40      rank 1/3
  xã An Một  2/3 = 66.7% -> 13.33 + not yet        -> 0  = 13.33   rank 2/3
  xã Bình Một 0/1        -> 0     + no page        -> 0  = 0       rank 3/3
February (as of 28/02/2022): huyện Bình 2/3 -> 13.33 + reported 05/02, 1 month late -> 15
  = 28.33; xã An Một 13.33 + reported 20/02, 1 month late -> 15 = 28.33; the others as in January.
"""

import datetime as dt
import io
import zipfile

import pytest
from python_calamine import CalamineWorkbook

from frontnet.audit.models import AuditEntry
from frontnet.scoring.models import Period

from .conftest import download

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REASON = "Số liệu huyện Bình chưa được đối chiếu"


def ranking(page, level: str) -> list[list[str]]:
    section = page.locator("section.card", has=page.get_by_role("heading", name=level))
    return [
        [row.locator("th").inner_text(), *row.locator("td").all_inner_texts()]
        for row in section.locator("tbody tr").all()
    ]


def breakdown(page) -> list[list[str]]:
    section = page.locator("section.card", has_text="Điểm của đơn vị")
    return [
        [row.locator("th").inner_text(), *row.locator("td").all_inner_texts()]
        for row in section.locator("tbody tr").all()
    ]


def badge(page) -> str:
    return page.locator("main section.card").first.locator(".badge").inner_text()


def test_province_admin_computes_publishes_unpublishes_and_downloads(
    desktop_page, live_server, login, users, tree, criteria, province_story
):
    page = desktop_page
    province = tree["province"]
    login(page, "tinh")
    page.get_by_role("link", name="Thi đua", exact=True).click()
    assert page.locator("h1").inner_text() == "Thi đua: Tỉnh Thử"
    # Compute January, then February.
    page.fill("#compute-period", "2022-01")
    page.get_by_role("button", name="Chấm điểm", exact=True).click()
    page.wait_for_url("**period=2022-01")
    assert "Đã chấm điểm tháng 01/2022: 5 đơn vị." in page.locator("ul.messages").inner_text()
    assert badge(page) == "Chưa công bố"
    assert "Số liệu tính đến ngày 31/01/2022" in page.locator("main").inner_text()
    districts = "Xếp hạng: Huyện, thị xã, thành phố thuộc tỉnh (2)"
    communes = "Xếp hạng: Xã, phường, thị trấn (3)"
    # unit, points, rank in the province, rank under the same parent
    assert [(r[0], r[2], r[3], r[4]) for r in ranking(page, districts)] == [
        ("Huyện An", "44,00/60,00", "1/2", "1/2"),
        ("Huyện Bình", "0,00/60,00", "2/2", "2/2"),
    ]
    assert [(r[0], r[2], r[3], r[4]) for r in ranking(page, communes)] == [
        ("Xã An Hai", "40,00/60,00", "1/3", "1/2"),
        ("Xã An Một", "13,33/60,00", "2/3", "2/2"),
        ("Xã Bình Một", "0,00/60,00", "3/3", "1/1"),
    ]
    # The detail names every criterion, with its points and full points: they add up.
    assert [r[5] for r in ranking(page, districts)] == [
        "Cán bộ có tài khoản: 24,00/40,00; Báo cáo trang đúng hạn: 20,00/20,00",
        "Cán bộ có tài khoản: 0,00/40,00; Báo cáo trang đúng hạn: 0,00/20,00",
    ]
    page.fill("#compute-period", "2022-02")
    page.get_by_role("button", name="Chấm điểm", exact=True).click()
    page.wait_for_url("**period=2022-02")
    assert "Số liệu tính đến ngày 28/02/2022" in page.locator("main").inner_text()
    assert [(r[0], r[2]) for r in ranking(page, districts)] == [
        ("Huyện An", "44,00/60,00"),
        ("Huyện Bình", "28,33/60,00"),
    ]
    assert page.locator("#period option").all_inner_texts() == [
        "Tháng 02/2022 (chưa công bố)",
        "Tháng 01/2022 (chưa công bố)",
    ]

    # Back to January; one commune's breakdown per criterion, and back up.
    page.select_option("#period", "2022-01")
    page.get_by_role("button", name="Xem", exact=True).click()
    page.wait_for_url("**period=2022-01")
    page.locator("section.card", has_text=communes).get_by_role("link", name="Xã An Một").click()
    assert page.locator("h1").inner_text() == "Thi đua: Xã An Một"
    main = page.locator("main").inner_text()
    assert "Điểm của đơn vị: 13,33/60,00" in main
    assert "Hạng 2/3 trong Xã, phường, thị trấn toàn tỉnh · hạng 2/2 trong Huyện An" in main
    assert [(r[0], r[1], r[3]) for r in breakdown(page)] == [
        ("Cán bộ có tài khoản", "66,67% (2/3 cán bộ)", "13,33/40,00"),
        ("Báo cáo trang đúng hạn", "Chưa báo cáo trang cộng đồng", "0,00/20,00"),
    ]
    page.locator("nav.crumbs").get_by_role("link", name="Tỉnh Thử").click()
    page.wait_for_url(f"**/units/{province.pk}/scores/?period=2022-01")

    # Publish January (asked to confirm first); unpublish it with a reason; publish it again.
    page.get_by_role("button", name="Công bố kết quả tháng 01/2022").click()
    assert page.locator("input[name=confirm]").evaluate("e => e.validity.valueMissing")
    assert not Period.objects.get(kind="month", start=dt.date(2022, 1, 1)).published
    page.locator("input[name=confirm]").check()
    page.get_by_role("button", name="Công bố kết quả tháng 01/2022").click()
    page.wait_for_url("**period=2022-01")
    assert badge(page) == "Đã công bố"
    period = Period.objects.get(kind="month", start=dt.date(2022, 1, 1))
    assert period.published and period.published_by == users["tinh"]
    page.fill("#compute-period", "2022-01")  # a published month is frozen
    page.get_by_role("button", name="Chấm điểm", exact=True).click()
    assert (
        "đã công bố; muốn tính lại phải hủy công bố trước"
        in page.locator("ul.messages").inner_text()
    )
    page.select_option("#period", "2022-01")
    page.get_by_role("button", name="Xem", exact=True).click()
    page.wait_for_url("**period=2022-01")
    page.get_by_role("button", name="Hủy công bố").click()  # no reason: the form stays
    assert page.locator("#reason").evaluate("e => e.validity.valueMissing")
    period.refresh_from_db()
    assert period.published
    page.fill("#reason", REASON)
    page.get_by_role("button", name="Hủy công bố").click()
    page.wait_for_selector("main .badge >> text=Chưa công bố")
    period.refresh_from_db()
    assert not period.published
    entry = AuditEntry.objects.get(action="unpublish")
    assert (entry.actor, entry.note, entry.channel) == (users["tinh"], REASON, "web")
    assert AuditEntry.objects.filter(action="publish", actor=users["tinh"]).count() == 1
    page.locator("input[name=confirm]").check()
    page.get_by_role("button", name="Công bố kết quả tháng 01/2022").click()
    page.wait_for_selector("main .badge >> text=Đã công bố")

    # The reports of January.
    name, data = download(page, lambda: page.get_by_role("link", name="Tải bảng (xlsx)").click())
    assert name == f"thi-dua-{province.code}-2022-01.xlsx"
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    rows = book.get_sheet_by_name("Xếp hạng").to_python()
    assert rows[0][0] == "Kết quả thi đua tháng 01/2022 (đã công bố) — Tỉnh Thử"
    assert [(r[1], r[4], r[6]) for r in rows[5:]] == [
        ("Huyện An", 44.0, "1/2"),
        ("Huyện Bình", 0.0, "2/2"),
        ("Xã An Hai", 40.0, "1/3"),
        ("Xã An Một", 13.33, "2/3"),
        ("Xã Bình Một", 0.0, "3/3"),
    ]
    name, data = download(page, lambda: page.get_by_role("link", name="Tải báo cáo (docx)").click())
    assert name == f"thi-dua-{province.code}-2022-01.docx"
    with zipfile.ZipFile(io.BytesIO(data)) as docx:
        xml = docx.read("word/document.xml").decode()
    assert "Kết quả chấm điểm thi đua tháng 01/2022" in xml
    assert "chưa công bố" not in xml
    assert "Huyện An" in xml and "44,00/60,00" in xml

    # The unpublish and its reason are in the province's history.
    page.locator("nav.crumbs").get_by_role("link", name="Tỉnh Thử").click()
    history = page.locator("table.history").inner_text()
    assert REASON in history


def test_commune_sees_only_its_own_published_score(
    browser, live_server, phone_page, login, users, tree, criteria, province_story
):
    from frontnet.scoring.services import period_publish, scores_compute

    january, february = (
        scores_compute(province=tree["province"], kind="month", start=day, by=users["tinh"])
        for day in (dt.date(2022, 1, 1), dt.date(2022, 2, 1))
    )
    period_publish(period=january, by=users["tinh"])
    page = phone_page
    login(page, "xa")
    page.get_by_role("link", name="Thi đua", exact=True).click()
    assert page.locator("h1").inner_text() == "Thi đua: Xã An Một"
    # Only the published month; February is not published yet.
    assert page.locator("#period option").all_inner_texts() == ["Tháng 01/2022"]
    main = page.locator("main").inner_text()
    assert "Điểm của đơn vị: 13,33/60,00" in main
    assert "Hạng 2/3 trong Xã, phường, thị trấn toàn tỉnh" in main
    assert [(r[0], r[3]) for r in breakdown(page)] == [
        ("Cán bộ có tài khoản", "13,33/40,00"),
        ("Báo cáo trang đúng hạn", "0,00/20,00"),
    ]
    # No ranking of other units, nothing to compute or publish.
    assert "Xếp hạng:" not in main and "Xã An Hai" not in main
    assert page.locator("#compute-period").count() == 0
    assert page.get_by_role("button", name="Công bố kết quả tháng 01/2022").count() == 0
    # The commune's own table: its row only.
    _name, data = download(page, lambda: page.get_by_role("link", name="Tải bảng (xlsx)").click())
    rows = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_name("Xếp hạng")
    assert [(r[1], r[4], r[6]) for r in rows.to_python()[5:]] == [("Xã An Một", 13.33, "2/3")]
    # The breadcrumb offers no unit above the commune, and their pages answer 404.
    assert page.locator("nav.crumbs a").all_inner_texts() == ["Trang chủ", "Xã An Một"]
    for unit in ("province", "district_a", "commune_a2"):
        response = page.goto(f"{live_server.url}/units/{tree[unit].pk}/scores/?period=2022-01")
        assert response.status == 404, unit
    response = page.goto(
        f"{live_server.url}/units/{tree['commune_a1'].pk}/scores.xlsx?period={february.key}"
    )
    assert response.status == 404  # not published: not there for the commune
