"""What every page carries: a favicon, and a word after logging out."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_logging_out_says_so_on_the_login_page(client_for):
    client = client_for("xa")
    response = client.post(reverse("logout"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("login")
    assert "Bạn đã đăng xuất." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_every_page_links_its_favicon(client):
    html = client.get(reverse("login")).content.decode()
    assert 'rel="icon"' in html and "favicon.svg" in html


def test_the_official_front_name_is_not_half_translated(client_for, tree):
    client = client_for("tinh")
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("unit_detail", args=[tree["district_a"].pk])).content.decode()
    assert "Fatherland Front huyện" not in html
    assert "Mặt trận huyện An" in html
