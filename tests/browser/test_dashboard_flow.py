"""The province dashboard as the province administrator reads it: the targets of the letters
(met, at risk, missed), the district table sorted by a column, a drill-down into a district and
back, the same figures on an earlier day, and the table as xlsx.

The figures come from `province_story` (tests/browser/conftest.py), worked out by hand:
as of 15/02/2022 huyện An has 5 cadres, 4 with an account; huyện Bình 3, 2 with an account
(one of them registered 01/02/2022); every cadre has all required fields. Pages reported:
huyện An 20/01, huyện Bình 05/02 (after the 31/01 deadline), xã An Một 20/02/2022.
"""

import io

import pytest
from python_calamine import CalamineWorkbook

from .conftest import download

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DISTRICT_PAGES = "100% Mặt trận cấp huyện có Trang cộng đồng"
COMMUNE_PAGES = "50% Mặt trận cấp xã có Trang cộng đồng"
DATA_COMPLETE = "Hoàn thiện dữ liệu cán bộ Mặt trận trên mạng xã hội"


def cards(page) -> dict[str, str]:
    """Each target card's status badge, by the target's name."""
    found = {}
    for card in page.locator("article.target").all():
        found[card.locator("h2").inner_text()] = card.locator(".badge").first.inner_text()
    return found


def card_text(page, name: str) -> str:
    return page.locator("article.target", has=page.get_by_role("heading", name=name)).inner_text()


def table_rows(page) -> list[list[str]]:
    rows = page.locator("table.monitor tbody tr")
    return [
        [row.locator("th").inner_text(), *row.locator("td").all_inner_texts()] for row in rows.all()
    ]


def column(page, label: str) -> int:
    """The index of a column of the child table (0 is the unit's name)."""
    labels = page.locator("table.monitor thead th").all_inner_texts()
    return [text.rstrip(" ↑↓") for text in labels].index(label)


def test_province_admin_reads_targets_sorts_drills_down_and_exports(
    desktop_page, live_server, login, users, tree, seeded_targets, province_story
):
    page = desktop_page
    province, district_a = tree["province"], tree["district_a"]
    login(page, "tinh")
    page.get_by_role("link", name="Bảng theo dõi").click()
    assert page.locator("h1").inner_text() == "Bảng theo dõi: Tỉnh Thử"

    # An earlier day: 15/02/2022.
    page.fill("#as_of", "15/02/2022")  # typed as a Vietnamese reader writes it
    page.get_by_role("button", name="Xem", exact=True).click()
    page.wait_for_url("**as_of=15%2F02%2F2022**")
    assert "cuối ngày 15/02/2022" in page.locator("main").inner_text()
    assert cards(page) == {
        # Judged on 31/01: only huyện An had reported its page by then.
        DISTRICT_PAGES: "Không đạt",
        # No commune reported yet, while a straight line to 31/03 asks for about 25% by now.
        COMMUNE_PAGES: "Có nguy cơ không đạt",
        DATA_COMPLETE: "Đạt",
    }
    assert "1/2 đơn vị đạt" in card_text(page, DISTRICT_PAGES)
    assert "đã quá hạn 15 ngày" in card_text(page, DISTRICT_PAGES)
    assert "Huyện Bình" in card_text(page, DISTRICT_PAGES)  # the unit missing, named
    assert "0/3 đơn vị đạt" in card_text(page, COMMUNE_PAGES)
    assert "còn 44 ngày" in card_text(page, COMMUNE_PAGES)
    assert "2/2 đơn vị đạt" in card_text(page, DATA_COMPLETE)

    cadres, account = column(page, "Cán bộ"), column(page, "Có tài khoản MXH")
    rows = table_rows(page)
    assert [r[0].split()[:2] for r in rows] == [["Huyện", "An"], ["Huyện", "Bình"]]
    assert [(r[cadres], r[account]) for r in rows] == [("5", "80% (4/5)"), ("3", "67% (2/3)")]

    # Sort by the number of cadres: fewest first, then most first.
    page.locator("table.monitor thead").get_by_role("link", name="Cán bộ", exact=True).click()
    page.wait_for_url("**sort=cadres**")
    assert [r[cadres] for r in table_rows(page)] == ["3", "5"]
    assert "↑" in page.locator("table.monitor thead th").nth(cadres).inner_text()
    page.locator("table.monitor thead").get_by_role("link", name="Cán bộ", exact=True).click()
    page.wait_for_url("**sort=-cadres**")
    assert [r[cadres] for r in table_rows(page)] == ["5", "3"]
    assert "↓" in page.locator("table.monitor thead th").nth(cadres).inner_text()
    assert page.locator("#as_of").input_value() == "15/02/2022"  # sorting kept the day

    # Drill down into huyện An (same day), then back up.
    page.locator("table.monitor tbody").get_by_role("link", name="Huyện An").click()
    page.wait_for_url(f"**/units/{district_a.pk}/dashboard/?as_of=2022-02-15")
    assert page.locator("h1").inner_text() == "Bảng theo dõi: Huyện An"
    rows = table_rows(page)
    cadres, account = column(page, "Cán bộ"), column(page, "Có tài khoản MXH")
    # xã An Một counts thôn 1's cadre too.
    assert {r[0].split("\n")[0].replace(" xã", ""): (r[cadres], r[account]) for r in rows} == {
        "Xã An Hai": ("1", "100% (1/1)"),
        "Xã An Một": ("3", "67% (2/3)"),
    }
    page.locator("nav.crumbs").get_by_role("link", name="Tỉnh Thử").click()
    page.wait_for_url(f"**/units/{province.pk}/dashboard/?as_of=2022-02-15")
    assert page.locator("h1").inner_text() == "Bảng theo dõi: Tỉnh Thử"

    # Another day: 10/01/2022, before huyện Bình's second cadre and before any page report.
    page.fill("#as_of", "10/01/2022")
    page.get_by_role("button", name="Xem", exact=True).click()
    page.wait_for_url("**as_of=10%2F01%2F2022**")
    assert cards(page) == {
        DISTRICT_PAGES: "Có nguy cơ không đạt",
        COMMUNE_PAGES: "Có nguy cơ không đạt",
        DATA_COMPLETE: "Đạt",
    }
    assert "còn 21 ngày" in card_text(page, DISTRICT_PAGES)
    cadres, account = column(page, "Cán bộ"), column(page, "Có tài khoản MXH")
    figures = {r[0].split()[1]: (r[cadres], r[account]) for r in table_rows(page)}
    assert figures == {"An": ("5", "80% (4/5)"), "Bình": ("2", "50% (1/2)")}

    # The table as xlsx: the same day, the same figures.
    name, data = download(page, lambda: page.get_by_role("link", name="Tải bảng (xlsx)").click())
    assert name == f"theo-doi-{province.code}-20220110.xlsx"
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    sheet = book.get_sheet_by_name("Bảng theo dõi").to_python(skip_empty_area=False)
    assert sheet[0][0] == "Tỉnh Thử" and sheet[1][0] == "Số liệu tính đến ngày 10/01/2022"
    head = sheet[3]
    by_name = {row[0]: row for row in sheet[4:6]}
    assert set(by_name) == {"Huyện An", "Huyện Bình"}
    assert by_name["Huyện Bình"][head.index("Cán bộ")] == 2
    assert by_name["Huyện Bình"][head.index("Có tài khoản MXH")] == pytest.approx(0.5)
    assert by_name["Huyện An"][head.index("Có tài khoản MXH")] == pytest.approx(0.8)
    targets = book.get_sheet_by_name("Chỉ tiêu").to_python()
    assert {row[0]: row[2] for row in targets[1:]} == {
        DISTRICT_PAGES: "Có nguy cơ không đạt",
        COMMUNE_PAGES: "Có nguy cơ không đạt",
        DATA_COMPLETE: "Đạt",
    }


@pytest.mark.parametrize("size", [(1280, 900), (390, 844)])
def test_dates_are_dd_mm_yyyy_in_a_browser_set_to_english(
    browser, live_server, login, users, tree, seeded_targets, province_story, size
):
    """A browser whose own locale is American English, the interface switched to English:
    the day is typed and read as dd/mm/yyyy all the same (02/12 is the 2nd of December)."""
    context = browser.new_context(
        viewport={"width": size[0], "height": size[1]},
        locale="en-US",
        timezone_id="Asia/Ho_Chi_Minh",
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        login(page, "tinh")
        page.locator("form.lang button[value=en]").click()
        page.wait_for_load_state()
        page.goto(f"{live_server.url}/units/{tree['province'].pk}/dashboard/")
        field = page.locator("#as_of")
        assert field.get_attribute("placeholder") == "dd/mm/yyyy"
        page.fill("#as_of", "02/12/2021")
        field.press("Enter")
        page.wait_for_url("**as_of=02%2F12%2F2021**")
        assert page.locator("#as_of").input_value() == "02/12/2021"
        assert "02/12/2021" in page.locator("main").inner_text()
        # A form's date field: a text field showing the format, read as dd/mm/yyyy.
        page.goto(f"{live_server.url}/units/{tree['district_a'].pk}/pages/add/")
        created = page.locator("input[name=created_on]")
        assert created.get_attribute("type") == "text"
        assert created.get_attribute("placeholder") == "dd/mm/yyyy"
    finally:
        context.close()
