"""On a phone (390x844) and on a laptop: a commune's pages never scroll sideways (a wide table
scrolls inside its wrapper, the dashboard's unit column staying put), the page list names its
values, a returned page reads the same in its state and its report date, a score's breakdown
adds up, and an area specialist's home shows their areas together.

The figures come from `province_story` (tests/browser/conftest.py), worked out by hand.
"""

import datetime as dt
import io
import re

import pytest
from django.utils import timezone
from python_calamine import CalamineWorkbook

from frontnet.accounts.models import AreaAssignment
from frontnet.monitoring.selectors import areas_rollup
from frontnet.scoring.services import period_publish, scores_compute

from .conftest import download

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
SIZES = [
    pytest.param({"width": 1280, "height": 900}, id="desktop"),
    pytest.param(PHONE, id="phone"),
]
# Not pages to read: downloads, the language switch, logging out, the admin, the API.
SKIP = re.compile(r"logout|/admin/|/api/|\.xlsx|\.docx|/file|rejected|setlang|read-all|/open/")


@pytest.fixture
def sized(browser, live_server):
    contexts = []

    def make(viewport, locale="vi-VN"):
        mobile = viewport["width"] < 600
        context = browser.new_context(
            viewport=viewport,
            is_mobile=mobile,
            has_touch=mobile,
            locale=locale,
            timezone_id="Asia/Ho_Chi_Minh",
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(60_000)  # a shared, loaded machine
        return page

    yield make
    for context in contexts:
        context.close()


def sideways(page) -> int:
    """How far the document scrolls sideways (a table wrapper's own scroll does not count)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def test_nothing_a_commune_opens_on_a_phone_scrolls_sideways(
    sized, live_server, login, users, tree, seeded_targets, province_story
):
    page = sized(PHONE)
    login(page, "xa")
    seen, queue, wide = set(), [page.url], {}
    while queue and len(seen) < 40:
        url = queue.pop(0)
        shape = re.sub(r"\d+", "N", url.split("?")[0])
        if shape in seen:
            continue
        seen.add(shape)
        page.goto(url)
        if sideways(page) > 0:
            wide[url] = sideways(page)
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)"):
            if href.startswith(live_server.url) and not SKIP.search(href):
                queue.append(href)
    assert len(seen) >= 15  # the unit, cadres, pages, dashboard, scores, import, support...
    assert wide == {}


def test_on_a_phone_the_dashboard_keeps_its_unit_column_and_the_page_list_names_values(
    sized, live_server, login, users, tree, seeded_targets, province_story
):
    page = sized(PHONE)
    login(page, "huyen")
    page.goto(f"{live_server.url}/units/{tree['district_a'].pk}/dashboard/")
    assert sideways(page) <= 0
    wrap = page.locator("div.table-wrap", has=page.locator("table.monitor")).first
    unit = page.locator("table.monitor tbody th").first
    assert unit.inner_text().startswith("Xã An Hai")
    before = unit.bounding_box()["x"]
    wrap.evaluate("w => { w.scrollLeft = 600; }")
    assert wrap.evaluate("w => w.scrollLeft") > 0  # the table is wider than the phone
    assert unit.bounding_box()["x"] == pytest.approx(before, abs=1)  # the unit stays in view
    assert unit.is_visible()

    page.goto(f"{live_server.url}/units/{tree['district_a'].pk}/pages/")
    assert sideways(page) <= 0
    cells = page.locator("table.history tbody tr").first.locator("td")
    labels = [cell.evaluate("c => getComputedStyle(c, '::before').content") for cell in cells.all()]
    assert labels[:3] == ['"Đơn vị: "', '"Tên trang: "', '"Nền tảng: "']


@pytest.mark.parametrize("viewport", SIZES)
def test_a_returned_page_reads_returned_with_its_report_date(
    sized, live_server, login, users, tree, seeded_targets, province_story, viewport
):
    """xã An Một reported its page on 20/02/2022 (on time for the communes' 31/03/2022);
    huyện An returns it: not verified, still reported on time, never "not reported"."""
    page = sized(viewport)
    login(page, "huyen")
    returned = province_story["pages"]["commune_a1"]
    page.goto(f"{live_server.url}/pages/{returned.pk}/return/")
    page.fill("textarea[name=reason]", "Liên kết chưa mở được")
    page.locator("main button[type=submit]").click()
    page.wait_for_url(f"**/pages/{returned.pk}/")
    assert "Liên kết chưa mở được" in page.locator("main").inner_text()

    page.goto(f"{live_server.url}/units/{tree['district_a'].pk}/dashboard/")
    labels = [t.rstrip(" ↑↓") for t in page.locator("table.monitor thead th").all_inner_texts()]
    row = page.locator("table.monitor tbody tr", has_text="Xã An Một")
    cells = [row.locator("th").inner_text(), *row.locator("td").all_inner_texts()]
    assert cells[labels.index("Trang cộng đồng")] == "Bị trả lại, chưa xác nhận"
    assert cells[labels.index("Báo cáo trang")] == "Đúng hạn (20/02/2022)"
    assert "Chưa báo cáo" not in row.inner_text()


@pytest.mark.parametrize("viewport", SIZES)
def test_a_score_breakdown_names_every_criterion_and_adds_up(
    sized, live_server, login, users, tree, criteria, province_story, viewport
):
    """January 2022, xã An Một (see test_scoring_flow.py): 2/3 cadres with an account -> 13,33
    of 40; no page reported by 31/01 -> 0 of 20; 13,33 of 60 in all."""
    period = scores_compute(
        province=tree["province"], kind="month", start=dt.date(2022, 1, 1), by=users["tinh"]
    )
    period_publish(period=period, by=users["tinh"])
    page = sized(viewport)
    login(page, "xa")
    page.goto(f"{live_server.url}/units/{tree['commune_a1'].pk}/scores/?period=2022-01")
    assert sideways(page) <= 0
    section = page.locator("section.card", has_text="Điểm của đơn vị")
    assert section.locator("h2").inner_text() == "Điểm của đơn vị: 13,33/60,00"
    rows = [
        [r.locator("th").inner_text(), *r.locator("td").all_inner_texts()]
        for r in section.locator("tbody tr").all()
    ]
    assert [(r[0], r[3]) for r in rows] == [
        ("Cán bộ có tài khoản", "13,33/40,00"),
        ("Báo cáo trang đúng hạn", "0,00/20,00"),
    ]

    def number(text):
        return float(text.replace(",", "."))

    points = sum(number(r[3].split("/")[0]) for r in rows)
    full = sum(number(r[3].split("/")[1]) for r in rows)
    assert (round(points, 2), full) == (13.33, 60.0)


@pytest.mark.parametrize("viewport", SIZES)
def test_an_area_specialist_sees_their_areas_together(
    sized, live_server, login, users, tree, seeded_targets, province_story, viewport
):
    """chuyenvien1 follows huyện An and, from today, huyện Bình too. As of today huyện An has 5
    cadres, huyện Bình 3; the districts' page target (judged on 31/01/2022) is met by huyện An
    only; the three reported pages wait for their check."""
    AreaAssignment.objects.create(
        user=users["chuyenvien1"], unit=tree["district_b"], valid_from=dt.date(2020, 1, 1)
    )
    page = sized(viewport)
    login(page, "chuyenvien1")
    assert page.url.endswith("/areas/")
    main = page.locator("main")
    assert main.locator("h1").inner_text() == "Bảng theo dõi các địa bàn của bạn (2)"
    assert main.locator("#areas").get_by_role("link").all_inner_texts() == [
        "Huyện An",
        "Huyện Bình",
    ]
    assert main.locator("#waiting h2").inner_text() == "Trang chờ bạn xác nhận (3)"
    card = page.locator("article.target", has_text="100% Mặt trận cấp huyện có Trang cộng đồng")
    assert "1/2 đơn vị đạt" in card.inner_text()
    assert "Huyện Bình" in card.locator(".missing").inner_text()
    labels = [t.rstrip(" ↑↓") for t in page.locator("table.monitor thead th").all_inner_texts()]
    cadres = labels.index("Cán bộ")
    rows = {
        r.locator("th").inner_text().split("\n")[0].split(" huyện")[0]: r.locator("td")
        .nth(cadres - 1)
        .inner_text()
        for r in page.locator("table.monitor tbody tr").all()
    }
    assert rows == {"Huyện An": "5", "Huyện Bình": "3"}
    total = page.locator("table.monitor tfoot tr")
    assert total.locator("th").inner_text() == "Tổng các địa bàn"
    assert total.locator("td").nth(cadres - 1).inner_text() == "8"
    assert sideways(page) <= 0

    # The same numbers as the live count, and the kept rendering shows them again.
    live = areas_rollup(
        tree["province"], [tree["district_a"], tree["district_b"]], timezone.localdate()
    )
    assert live.total.cadres == 8
    page.reload()
    assert total.locator("td").nth(cadres - 1).inner_text() == "8"

    if viewport["width"] < 600:
        return
    _name, data = download(page, lambda: page.get_by_role("link", name="Tải bảng (xlsx)").click())
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    lagging = book.get_sheet_by_name("Đơn vị chưa đạt").to_python()
    assert lagging[0] == ["Chỉ tiêu", "Đơn vị", "Đơn vị cấp trên", "Lý do"]
    rows = {(r[0], r[1], r[2]) for r in lagging[1:]}
    assert ("100% Mặt trận cấp huyện có Trang cộng đồng", "Huyện Bình", "Tỉnh Thử") in rows
    # xã An Một and xã An Hai under huyện An, xã Bình Một under huyện Bình: each its own parent.
    communes = {r[1]: r[2] for r in lagging[1:] if r[0].startswith("50%")}
    assert communes == {"Xã An Hai": "Huyện An", "Xã Bình Một": "Huyện Bình"}


@pytest.mark.parametrize("viewport", SIZES)
def test_a_date_typed_in_an_english_browser_is_read_and_shown_day_first(
    sized, live_server, login, users, tree, province_story, viewport
):
    """A browser set to American English, the interface in English: 02/12/2022 typed in a
    form is the 2nd of December, and reads back as 02/12/2022; no field uses the browser's
    own date picker (which would show 12/02/2022)."""
    page = sized(viewport, locale="en-US")
    login(page, "xa")
    page.locator("form.lang button[value=en]").click()
    page.wait_for_load_state()
    cadre = province_story["cadres"][2]  # Lê Văn Hai, xã An Một
    page.goto(f"{live_server.url}/cadres/{cadre.pk}/end/")
    field = page.locator("input[name=active_to]")
    assert (field.get_attribute("type"), field.get_attribute("placeholder")) == (
        "text",
        "dd/mm/yyyy",
    )
    field.fill("02/12/2022")
    page.fill("input[name=end_reason]", "Chuyển công tác")
    page.locator("main button[type=submit]").click()
    page.wait_for_url(f"**/cadres/{cadre.pk}/")
    cadre.refresh_from_db()
    assert cadre.active_to == dt.date(2022, 12, 2)
    assert "02/12/2022" in page.locator("main").inner_text()
    for url in (
        f"/units/{tree['commune_a1'].pk}/dashboard/",
        f"/units/{tree['commune_a1'].pk}/pages/add/",
        f"/units/{tree['commune_a1'].pk}/edit/",
    ):
        page.goto(live_server.url + url)
        assert page.locator("input[type=date], input[type=datetime-local]").count() == 0
