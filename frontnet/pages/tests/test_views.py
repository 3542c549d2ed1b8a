import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from frontnet.accounts.models import User
from frontnet.pages import services
from frontnet.pages.models import CommunityPage, PageStatus

pytestmark = pytest.mark.django_db

DISTRICT_NAME = "Mặt trận huyện An tỉnh Thử"
COMMUNE_NAME = "Mặt trận xã An Một huyện An tỉnh Thử"
EVIL = "<script>alert('x')</script> Trang 🎉"


def form_data(facebook_page, **changes):
    data = {
        "platform": facebook_page.pk,
        "name": DISTRICT_NAME,
        "link_raw": "https://www.facebook.com/mattranhuyenan",
        "manager": "",
        "created_on": "2022-01-05",
    }
    data.update(changes)
    return data


def test_district_staff_register_a_page_through_the_form(client_for, tree, users, facebook_page):
    client = client_for("huyen")
    url = reverse("page_add", args=[tree["district_a"].pk])
    assert client.get(url).status_code == 200
    response = client.post(url, form_data(facebook_page))
    page = CommunityPage.objects.get()
    assert response.status_code == 302 and response.url == reverse("page_detail", args=[page.pk])
    assert page.unit == tree["district_a"] and page.name_verdict == "match"
    html = client.get(response.url).content.decode()
    assert "Đúng tên theo quy ước" in html and "Chưa báo cáo" in html


def test_form_errors_are_shown_next_to_the_field_and_input_kept(client_for, tree, facebook_page):
    response = client_for("huyen").post(
        reverse("page_add", args=[tree["district_a"].pk]),
        form_data(facebook_page, name="Mặt trận huyện An", link_raw="javascript:alert(1)"),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["link_raw"]
    assert errors["link_raw"][0].startswith("Liên kết của trang")
    html = response.content.decode()
    assert 'value="Mặt trận huyện An"' in html and 'value="javascript:alert(1)"' in html
    # The name check is shown at once, with the expected name to copy.
    assert "Chưa đúng tên theo quy ước" in html and 'data-copy="Mặt trận huyện An tỉnh Thử"' in html
    assert not CommunityPage.objects.exists()


def test_service_errors_land_on_their_field(client_for, tree, facebook_page, register):
    register(tree["district_a"], DISTRICT_NAME, link="https://www.facebook.com/mattranhuyenan")
    response = client_for("huyen").post(
        reverse("page_add", args=[tree["district_a"].pk]), form_data(facebook_page)
    )
    assert response.status_code == 200
    assert (
        "Đơn vị đã đăng ký trang có liên kết này" in response.context["form"].errors["link_raw"][0]
    )


def test_a_manager_from_another_unit_cannot_be_chosen(client_for, tree, facebook_page, cadre_of):
    stranger = cadre_of(tree["commune_a1"], "Trần Thị Khác")
    response = client_for("huyen").post(
        reverse("page_add", args=[tree["district_a"].pk]),
        form_data(facebook_page, manager=stranger.pk),
    )
    assert list(response.context["form"].errors) == ["manager"]


def test_name_check_while_typing(client_for, tree):
    client = client_for("xa")
    url = reverse("page_name_check", args=[tree["commune_a1"].pk])
    html = client.get(url, {"name": "mặt trận xã an một huyện an tỉnh thử"}).content.decode()
    assert "Đúng tên, chỉ khác cách viết" in html
    html = client.get(url, {"name": "MTTQ xã An Một"}).content.decode()
    assert "Chưa đúng tên theo quy ước" in html
    assert 'data-copy="Mặt trận xã An Một huyện An tỉnh Thử"' in html
    assert '<ul class="differences"><li>' in html


def test_wrong_name_shows_differences_and_expected_name_on_the_page(client_for, tree, register):
    page = register(tree["commune_a1"], "MTTQ xã An Một huyện An")
    html = client_for("xa").get(reverse("page_detail", args=[page.pk])).content.decode()
    assert "Sai tên" in html and '<ul class="differences"><li>' in html
    assert "Mặt trận xã An Một huyện An tỉnh Thử" in html and "Sao chép" in html


def test_html_and_emoji_names_are_shown_escaped_everywhere(client_for, tree, register):
    page = register(tree["district_a"], EVIL)
    client = client_for("huyen")
    escaped = "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; Trang 🎉"
    for url in (
        reverse("page_detail", args=[page.pk]),
        reverse("page_list", args=[tree["district_a"].pk]),
        reverse("unit_detail", args=[tree["district_a"].pk]),
    ):
        html = client.get(url).content.decode()
        assert escaped in html, url
        assert "<script>alert(" not in html, url
    html = client.get(
        reverse("page_name_check", args=[tree["district_a"].pk]), {"name": EVIL}
    ).content.decode()
    assert "<script>alert(" not in html


def test_report_verify_through_the_views(client_for, tree, register):
    page = register(tree["commune_a1"], COMMUNE_NAME)
    xa = client_for("xa")
    assert xa.get(reverse("page_report", args=[page.pk])).status_code == 200
    response = xa.post(reverse("page_report", args=[page.pk]))
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.status == PageStatus.REPORTED
    # The commune cannot verify its own page.
    assert xa.post(reverse("page_verify", args=[page.pk])).status_code == 403

    huyen = client_for("huyen")
    queue = huyen.get(reverse("page_review_queue")).content.decode()
    assert COMMUNE_NAME in queue
    assert huyen.post(reverse("page_verify", args=[page.pk]), {"note": ""}).status_code == 302
    page.refresh_from_db()
    assert page.status == PageStatus.VERIFIED
    # Verifying twice says why, instead of failing.
    response = huyen.post(reverse("page_verify", args=[page.pk]), follow=True)
    assert "Chỉ xác nhận được trang đã báo cáo" in response.content.decode()


def test_return_needs_a_reason_in_the_form(client_for, tree, register):
    page = register(tree["commune_a1"], COMMUNE_NAME)
    services.page_report(page=page, by=None)
    client = client_for("huyen")
    response = client.post(reverse("page_return", args=[page.pk]), {"reason": "  "})
    assert response.status_code == 200 and "reason" in response.context["form"].errors
    response = client.post(reverse("page_return", args=[page.pk]), {"reason": "Thiếu tên tỉnh"})
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.status == PageStatus.RETURNED and page.return_reason == "Thiếu tên tỉnh"
    html = client_for("xa").get(reverse("unit_detail", args=[tree["commune_a1"].pk])).content
    assert "Thiếu tên tỉnh" in html.decode()


def test_returning_a_misnamed_page_starts_from_the_expected_name(client_for, tree, register):
    page = register(tree["commune_a1"], "MTTQ An Một")
    services.page_report(page=page, by=None)
    response = client_for("huyen").get(reverse("page_return", args=[page.pk]))
    assert response.context["form"]["reason"].value() == (
        "Tên trang chưa đúng quy ước, đề nghị đổi thành: Mặt trận xã An Một huyện An tỉnh Thử"
    )


def test_viewer_reads_but_cannot_register_or_report(client_for, tree, register, facebook_page):
    page = register(tree["district_a"], DISTRICT_NAME)
    client = client_for("xem")
    assert client.get(reverse("page_detail", args=[page.pk])).status_code == 200
    add = reverse("page_add", args=[tree["district_a"].pk])
    assert client.post(add, form_data(facebook_page)).status_code == 403
    assert client.post(reverse("page_report", args=[page.pk])).status_code == 403
    assert client.post(reverse("page_edit", args=[page.pk])).status_code == 403


def test_edit_keeps_input_and_reopens_a_verified_page(client_for, tree, users, register):
    page = register(tree["district_a"], DISTRICT_NAME)
    services.page_report(page=page, by=None)
    services.page_verify(page=page, by=users["tinh"])
    client = client_for("huyen")
    url = reverse("page_edit", args=[page.pk])
    assert DISTRICT_NAME in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "platform": page.platform_id,
            "name": "Mặt trận huyện An tỉnh Thử mới",
            "link_raw": page.link_raw,
        },
    )
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.status == PageStatus.DRAFT and page.name_verdict == "mismatch"


def test_page_list_filters_by_status_and_shows_the_subtree(client_for, tree, register):
    register(tree["district_a"], DISTRICT_NAME)
    reported = register(tree["commune_a1"], COMMUNE_NAME)
    services.page_report(page=reported, by=None)
    client = client_for("huyen")
    url = reverse("page_list", args=[tree["district_a"].pk])
    html = client.get(url).content.decode()
    assert DISTRICT_NAME in html and COMMUNE_NAME in html
    html = client.get(url, {"status": "reported"}).content.decode()
    assert COMMUNE_NAME in html and f">{DISTRICT_NAME}<" not in html


def test_unit_panel_shows_pages_and_expected_name(client_for, tree, register):
    register(tree["commune_a1"], "MTTQ An Một")
    html = client_for("xa").get(reverse("unit_detail", args=[tree["commune_a1"].pk])).content
    html = html.decode()
    assert "MTTQ An Một" in html and "Sai tên" in html
    assert 'data-copy="Mặt trận xã An Một huyện An tỉnh Thử"' in html
    assert reverse("page_add", args=[tree["commune_a1"].pk]) in html


def test_unit_panel_needs_the_same_queries_for_one_page_or_many(tree, users, register):
    unit = tree["district_a"]

    def count():
        # A new request each time: the user's scope is read once per request and kept.
        request = RequestFactory().get("/")
        request.user = User.objects.get(pk=users["tinh"].pk)
        with CaptureQueriesContext(connection) as ctx:
            render_to_string(
                "pages/_unit_panel.html", {"unit": unit, "can_edit": True}, request=request
            )
        return len(ctx.captured_queries)

    register(unit, DISTRICT_NAME)
    one = count()
    for i in range(4):
        page = register(unit, f"Trang {i}")
        services.page_report(page=page, by=None)
    assert count() == one


def test_the_queue_shows_platform_and_link_and_a_wrong_name_needs_a_confirmed_reason(
    client_for, tree, users, register
):
    page = register(
        tree["commune_a1"],
        "MTTQ An Một",
        link="https://m.facebook.com/mttq.anmot?mibextid=ZbWKwL",
        by=users["xa"],
    )
    services.page_report(page=page, by=users["xa"])
    huyen = client_for("huyen")
    queue = huyen.get(reverse("page_review_queue")).content.decode()
    # The platform's name and the canonical link (the typed text stays in the history).
    assert "<td>Fanpage Facebook</td>" in queue
    assert "https://www.facebook.com/mttq.anmot" in queue and "mibextid" not in queue
    url = reverse("page_verify", args=[page.pk])
    form = huyen.get(url).content.decode()
    assert "Tên trang chưa đúng quy ước" in form and 'name="accept_name"' in form
    response = huyen.post(url, {"note": ""})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["accept_name"] == ["Đánh dấu ô này để xác nhận trang có tên sai quy ước."]
    assert errors["note"] == ["Ghi lý do vẫn xác nhận, ví dụ: tên đã được Ban Thường trực đồng ý."]
    page.refresh_from_db()
    assert page.status == PageStatus.REPORTED
    response = huyen.post(url, {"accept_name": "on", "note": "Tên cũ, đổi sau Đại hội"})
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.status == PageStatus.VERIFIED


def test_a_second_fanpage_for_the_same_unit_is_registered_with_a_warning(
    client_for, tree, facebook_page, register
):
    register(tree["district_a"], DISTRICT_NAME, link="https://www.facebook.com/mattranhuyenan.cu")
    client = client_for("huyen")
    response = client.post(
        reverse("page_add", args=[tree["district_a"].pk]), form_data(facebook_page), follow=True
    )
    text = response.content.decode()
    assert "Huyện An đã có 1 trang Fanpage Facebook khác: “Mặt trận huyện An tỉnh Thử”." in text
    assert CommunityPage.objects.filter(unit=tree["district_a"], active=True).count() == 2
