import pytest
from django.urls import reverse

from conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_passwords_are_hashed_with_argon2(users):
    assert users["xa"].password.startswith("argon2")


def test_login_with_the_right_password_lands_on_home(client, users):
    response = client.post(reverse("login"), {"username": "xa", "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("home")


def test_repeated_wrong_passwords_lock_the_account_out(client, users, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "xa", "password": "sai"})
    response = client.post(reverse("login"), {"username": "xa", "password": PASSWORD})
    assert response.status_code == 429
    assert "Tạm khoá đăng nhập" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_logout_needs_a_post(client_for):
    client = client_for("xa")
    assert client.get(reverse("logout")).status_code == 405
    client.post(reverse("logout"))
    assert client.get(reverse("home")).status_code == 302
