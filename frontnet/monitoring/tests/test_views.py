import datetime as dt
import io
import json
import zipfile

import pytest
from django.core.management import call_command
from django.urls import reverse
from python_calamine import CalamineWorkbook

from frontnet.cadres.models import Cadre, CadreCategory, Platform, SocialAccount
from frontnet.pages.models import CommunityPage, PageEvent
from frontnet.units.services import unit_create

from .conftest import at

pytestmark = pytest.mark.django_db


def dashboard(pk, **params):
    url = reverse("unit_dashboard", kwargs={"pk": pk})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def test_dashboard_shows_targets_children_and_standings(client_for, tree, story):
    response = client_for("tinh").get(dashboard(tree["province"].pk, as_of="2022-02-01"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "100% Mặt trận cấp huyện có Trang cộng đồng" in html
    assert "Không đạt" in html and "Có nguy cơ không đạt" in html
    assert "67% (2/3)" in html  # huyện An: 2 of 3 cadres with an account
    assert reverse("unit_dashboard", kwargs={"pk": tree["district_a"].pk}) in html
    assert "Đơn vị còn chậm" in html and "<svg" in html
    assert "Số điện thoại" in html  # the required fields are named


def test_dashboard_sorts_by_a_column(client_for, tree, story):
    html = (
        client_for("tinh")
        .get(dashboard(tree["province"].pk, as_of="2022-02-01", sort="-cadres"))
        .content.decode()
    )
    body = html.split("<tbody>")[1]
    assert body.index("Huyện An") < body.index("Huyện Bình")
    html = (
        client_for("tinh")
        .get(dashboard(tree["province"].pk, as_of="2022-02-01", sort="cadres"))
        .content.decode()
    )
    body = html.split("<tbody>")[1]
    assert body.index("Huyện Bình") < body.index("Huyện An")


def test_bad_or_future_as_of_falls_back_to_today(client_for, tree):
    # dd/mm/yyyy as typed is read as such, whatever the language: 31 January 2022.
    response = client_for("huyen").get(dashboard(tree["district_a"].pk, as_of="31/01/2022"))
    assert response.context["as_of"] == dt.date(2022, 1, 31) and not response.context["warning"]
    response = client_for("huyen").get(dashboard(tree["district_a"].pk, as_of="01/31/2022"))
    assert response.context["as_of"] == dt.date.today()
    assert response.context["warning"]
    response = client_for("huyen").get(dashboard(tree["district_a"].pk, as_of="2999-01-01"))
    assert response.context["as_of"] == dt.date.today()


def test_commune_user_cannot_open_the_district_dashboard(client_for, tree):
    client = client_for("xa")
    assert client.get(dashboard(tree["commune_a1"].pk)).status_code == 200
    assert client.get(dashboard(tree["district_a"].pk)).status_code == 404
    url = reverse("unit_dashboard_xlsx", kwargs={"pk": tree["district_a"].pk})
    assert client.get(url).status_code == 404


def test_unit_page_links_to_its_dashboard(client_for, tree):
    html = client_for("huyen").get(reverse("unit_detail", kwargs={"pk": tree["district_a"].pk}))
    assert dashboard(tree["district_a"].pk) in html.content.decode()


def _district_with_communes(levels, n):
    category = CadreCategory.objects.get(key="full_time")
    facebook = Platform.objects.get(key="facebook_profile")
    page_platform = Platform.objects.get(key="facebook_page")
    province = unit_create(
        parent=None, name=f"Tỉnh {n}", division_type="tỉnh", level=levels["province"], by=None
    )
    district = unit_create(
        parent=province, name="Huyện Đo", division_type="huyện", level=levels["district"], by=None
    )
    for i in range(n):
        commune = unit_create(
            parent=district,
            name=f"Xã {i}",
            division_type="xã",
            level=levels["commune"],
            by=None,
        )
        cadre = Cadre.objects.create(unit=commune, full_name=f"Cán bộ {i}", category=category)
        SocialAccount.objects.create(
            unit=commune, cadre=cadre, platform=facebook, link_raw=str(i), canonical=str(i)
        )
        page = CommunityPage.objects.create(
            unit=commune,
            platform=page_platform,
            name=f"Trang {i}",
            link_raw=str(i),
            canonical=str(i),
        )
        PageEvent.objects.create(page=page, action="report", at=at("2022-01-20"))
    return district


@pytest.mark.parametrize("n", [10, 100])
def test_dashboard_queries_are_the_same_for_10_and_100_children(
    client, levels, users, django_assert_num_queries, n
):
    district = _district_with_communes(levels, n)
    client.force_login(users["tinh"].__class__.objects.create_superuser("root", "", "x"))
    # session, user; scope roots and unit; scope roots and breadcrumb; channels; the units'
    # own figures as of today (audit mark, units without a fresh row, the rows added up;
    # the first time also counted: cadres, last changes, one write); pages, children, levels, targets; each seeded page
    # target 1, the data target 2 and its deadline's own figures (3, or 6 the first time);
    # the page statistics of the month (2).
    # The two marks that key the kept rendering (audit entries, page events) come first;
    # the unit's counterparts on the day asked (the 2025 reform) one more; the districts
    # without a page manager one more.
    with django_assert_num_queries(33):
        response = client.get(dashboard(district.pk))
    assert len(response.context["table"].rows) == n
    first = response.content.decode().split('class="crumbs"')[1]
    # Nothing changed: session, user, scope roots, unit, breadcrumb, the two marks; no
    # rollup, the kept rendering is the same page (and the counterparts' lookup).
    with django_assert_num_queries(9):
        response = client.get(dashboard(district.pk))
    assert response.content.decode().split('class="crumbs"')[1] == first


def test_xlsx_export_keeps_formulas_as_text(client_for, tree, story):
    evil = '=HYPERLINK("http://evil.example","x")'
    unit_create(
        parent=tree["province"],
        name=evil,
        division_type="huyện",
        level=tree["district_a"].level,
        by=None,
    )
    url = reverse("unit_dashboard_xlsx", kwargs={"pk": tree["province"].pk})
    response = client_for("tinh").get(url + "?as_of=2022-02-01")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    content = response.content
    sheet = zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet
    rows = CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0).to_python()
    names = [row[0] for row in rows]
    assert evil in names
    assert "Huyện An" in names
    header = rows[3]
    assert header[0] == "Đơn vị"
    row_a = rows[names.index("Huyện An")]
    assert row_a[header.index("Cán bộ")] == 3
    assert row_a[header.index("Có tài khoản MXH")] == pytest.approx(2 / 3)


def test_rollup_command_prints_the_dashboard_numbers_as_json(tree, story, capsys):
    call_command("rollup", "--unit", "99", "--as-of", "2022-02-01", "--json")
    data = json.loads(capsys.readouterr().out)
    assert data["as_of"] == "2022-02-01"
    assert data["total"]["cadres"] == 4
    children = {c["name"]: c for c in data["children"]}
    assert children["Huyện An"]["cadres"] == 3
    assert children["Huyện An"]["account"] == pytest.approx(0.6667)
    assert children["Huyện Bình"]["account"] == 0
    targets = {t["name"]: t for t in data["targets"]}
    assert targets["100% Mặt trận cấp huyện có Trang cộng đồng"]["status"] == "missed"
    assert targets["100% Mặt trận cấp huyện có Trang cộng đồng"]["missing"][0]["name"] == (
        "Huyện Bình"
    )


def test_rollup_command_prints_a_table(tree, story, capsys):
    call_command("rollup", "--unit", "991", "--as-of", "2022-02-01")
    out = capsys.readouterr().out
    assert "Huyện An — 01/02/2022" in out
    assert "Xã An Một" in out


def test_a_returned_page_reads_returned_and_keeps_its_report_date(client_for, tree, story):
    """State and timeliness come from the same event trail: huyện Bình's page was reported
    on 10/01/2022 (on time for the district page target, deadline 31/12/2022) and returned
    on 15/01; it is "returned, not verified", never "not reported" beside "on time"."""
    page = CommunityPage.objects.create(
        unit=tree["district_b"],
        platform=Platform.objects.get(key="facebook_page"),
        name="Mặt trận huyện Bình tỉnh Thử",
        link_raw="facebook.com/binh",
        canonical="https://www.facebook.com/binh",
        name_verdict="match",
    )
    CommunityPage.objects.filter(pk=page.pk).update(created_at=at("2022-01-05"))
    for action, day in [
        ("register", "2022-01-05"),
        ("report", "2022-01-10"),
        ("return", "2022-01-15"),
    ]:
        PageEvent.objects.create(page=page, action=action, at=at(day))
    response = client_for("tinh").get(dashboard(tree["province"].pk, as_of="2022-02-01"))
    table = response.context["table"]
    keys = [c.key for c in table.columns]
    cells = {row.unit.name: dict(zip(keys, cells, strict=True)) for row, cells in table.rows}
    binh = cells["Huyện Bình"]
    assert binh["page"].text == "Bị trả lại, chưa xác nhận"
    assert binh["page_on_time"].text.endswith("(10/01/2022)")
    assert cells["Huyện An"]["page"].text == "Đã báo cáo"  # verified only on 10/02
    # The district page target lists it as missing, with the same reading.
    reasons = {
        check.name: check.reason
        for target, result in response.context["rollup"].targets
        if target.measure == "page_reported"
        for check in result.missing
    }
    assert reasons["Huyện Bình"] == "Bị cấp trên trả lại, chưa được xác nhận"


def test_the_rendered_dashboard_is_reused_until_a_record_changes(client_for, tree, story, users):
    """The second view reads the kept rendering (no rollup); a cadre added through the
    service moves the audit mark, and the next view counts it: 2/3 -> 2/4 for huyện An."""
    from frontnet.cadres.services import cadre_create

    client = client_for("tinh")
    first = client.get(dashboard(tree["province"].pk))
    assert "table" in first.context  # counted and rendered
    second = client.get(dashboard(tree["province"].pk))
    assert "table" not in second.context  # the kept rendering
    body = first.content.decode().split('class="crumbs"')[1]
    assert second.content.decode().split('class="crumbs"')[1] == body
    assert "67% (2/3)" in body
    cadre_create(
        unit=tree["district_a"],
        by=users["tinh"],
        full_name="Đỗ Văn Sáu",
        category=CadreCategory.objects.get(key="full_time"),
    )
    third = client.get(dashboard(tree["province"].pk))
    assert "table" in third.context
    row = next(cells for r, cells in third.context["table"].rows if r.unit == tree["district_a"])
    assert "50% (2/4)" in [c.text for c in row]
    # Another language, another sort: their own renderings.
    assert "table" in client.get(dashboard(tree["province"].pk, sort="-cadres")).context


def test_the_api_judgements_name_each_missing_unit_with_its_parent(users, tree, story):
    """Two communes may share a name: the API's list of units that miss a target names each
    one's parent as the dashboard does; `status` keeps only the targets so judged."""
    from rest_framework.test import APIClient

    from frontnet.api.services import token_create

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_create(user=users['tinh'], name='t')[1]}")
    url = f"/api/v1/units/{tree['province'].pk}/judgements/"
    answer = client.get(url, {"as_of": "2022-02-01"})
    assert answer.status_code == 200, answer.content
    judged = {j["target"]["name"]: j["result"] for j in answer.json()}
    pages = judged["100% Mặt trận cấp huyện có Trang cộng đồng"]
    assert pages["status"] == "missed"
    assert [(m["name"], m["parent"]) for m in pages["missing"]] == [("Huyện Bình", "Tỉnh Thử")]
    only_met = client.get(url, {"as_of": "2022-02-01", "status": "met"}).json()
    assert all(j["result"]["status"] == "met" for j in only_met)
    assert "100% Mặt trận cấp huyện có Trang cộng đồng" not in {
        j["target"]["name"] for j in only_met
    }
