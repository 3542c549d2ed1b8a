import pytest
from django.urls import reverse

from frontnet.audit.models import AuditEntry
from frontnet.units.models import Unit

pytestmark = pytest.mark.django_db


def test_anonymous_user_is_sent_to_login(client, tree):
    response = client.get(reverse("unit_detail", args=[tree["province"].pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_home_opens_the_users_own_unit(client_for, tree):
    response = client_for("huyen").get(reverse("home"))
    assert response.status_code == 302
    assert response.url == reverse("unit_detail", args=[tree["district_a"].pk])


def test_unit_page_lists_children_and_breadcrumb_within_scope(client_for, tree):
    response = client_for("xa").get(reverse("unit_detail", args=[tree["commune_a1"].pk]))
    html = response.content.decode()
    assert "Thôn 1" in html
    # The district above is out of xa's scope, so the breadcrumb does not link it.
    assert reverse("unit_detail", args=[tree["district_a"].pk]) not in html


def test_drill_down_partial_lists_the_next_level(client_for, tree):
    response = client_for("tinh").get(reverse("unit_children", args=[tree["district_a"].pk]))
    html = response.content.decode()
    assert "Xã An Một" in html and "Xã An Hai" in html and "Huyện Bình" not in html


def test_search_ignores_diacritics_and_stays_in_scope(client_for, tree):
    response = client_for("huyen").get(reverse("unit_search"), {"q": "an mot"})
    assert "Xã An Một" in response.content.decode()
    response = client_for("huyen").get(reverse("unit_search"), {"q": "binh mot"})
    assert "Xã Bình Một" not in response.content.decode()


def test_commune_staff_adds_a_residential_committee(client_for, tree, levels, users):
    client = client_for("xa")
    response = client.post(
        reverse("unit_add_child", args=[tree["commune_a1"].pk]),
        {"level": levels["residential"].pk, "division_type": "Xóm", "name": " Xóm  Mới "},
    )
    assert response.status_code == 302
    unit = Unit.objects.get(name="Xóm Mới")
    assert unit.parent == tree["commune_a1"] and unit.division_type == "xóm"
    entry = AuditEntry.objects.get(object_id=str(unit.pk), action="create")
    assert entry.actor == users["xa"]
    page = client.get(reverse("unit_detail", args=[unit.pk])).content.decode()
    assert "Xóm Mới" in page


def test_form_errors_are_shown_and_input_kept(client_for, tree, levels):
    response = client_for("xa").post(
        reverse("unit_add_child", args=[tree["commune_a1"].pk]),
        {"level": levels["residential"].pk, "division_type": "thôn", "name": "   "},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["name"] == ["Trường này là bắt buộc."]
    assert 'value="thôn"' in response.content.decode()


def test_viewer_cannot_change_anything(client_for, tree):
    client = client_for("xem")
    assert client.get(reverse("unit_detail", args=[tree["district_a"].pk])).status_code == 200
    response = client.post(
        reverse("unit_edit", args=[tree["district_a"].pk]),
        {"name": "Đổi tên", "division_type": "huyện", "code": "991"},
    )
    assert response.status_code == 403
    assert Unit.objects.get(pk=tree["district_a"].pk).name == "Huyện An"


def test_edit_shows_in_unit_history(client_for, tree):
    client = client_for("huyen")
    client.post(
        reverse("unit_edit", args=[tree["commune_a2"].pk]),
        {"name": "Xã An Hai Mới", "division_type": "xã", "code": "99102"},
    )
    page = client.get(reverse("unit_detail", args=[tree["commune_a2"].pk])).content.decode()
    assert "Xã An Hai Mới" in page
    assert "huyen" in page


def test_ui_switches_to_english(client_for, tree):
    client = client_for("xa")
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("unit_detail", args=[tree["commune_a1"].pk])).content.decode()
    assert 'lang="en"' in html
    assert "Log out" in html


def test_language_can_be_chosen_before_logging_in(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/login/"})
    assert response.status_code == 302 and response.url == "/login/"


def test_the_stylesheet_is_served_without_a_cdn(client):
    response = client.get("/static/css/app.css")
    assert response.status_code == 200
    assert b".card" in b"".join(response.streaming_content)


def test_an_english_browser_still_gets_vietnamese_until_the_user_switches(client_for, tree):
    client = client_for("xa")
    html = client.get(
        reverse("unit_detail", args=[tree["commune_a1"].pk]),
        headers={"accept-language": "en-US,en;q=0.9"},
    ).content.decode()
    assert 'lang="vi"' in html
