import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from frontnet.accounts import services
from frontnet.accounts.models import Role, User
from frontnet.accounts.tokens import user_from_link
from frontnet.audit.models import AuditEntry
from frontnet.units import access

pytestmark = pytest.mark.django_db


def _create(by, unit, role=Role.UNIT_STAFF, name="Nguyễn Văn An", **kw):
    return services.account_create(by=by, unit=unit, role=role, full_name=name, **kw)


def test_roles_each_user_may_grant(users):
    assert access.roles_grantable_by(user=users["tinh"]) == [
        Role.PROVINCE_ADMIN,
        Role.AREA_SPECIALIST,
        Role.UNIT_STAFF,
        Role.VIEWER,
    ]
    assert access.roles_grantable_by(user=users["huyen"]) == [Role.UNIT_STAFF, Role.VIEWER]
    assert access.roles_grantable_by(user=users["chuyenvien1"]) == []
    assert access.roles_grantable_by(user=users["xem"]) == []


def test_province_admin_creates_any_role_anywhere_in_the_province(users, tree):
    made = _create(users["tinh"], tree["commune_b1"], Role.AREA_SPECIALIST, name="Lê Thị Bình")
    assert made.role == Role.AREA_SPECIALIST and made.unit == tree["commune_b1"]
    assert not made.has_usable_password()
    assert made.username == "lethibinh.binhmot"
    entry = AuditEntry.objects.get(model="accounts.user", object_id=str(made.pk))
    assert entry.actor == users["tinh"] and entry.unit_id == tree["commune_b1"].pk


def test_district_staff_cannot_grant_a_role_above_theirs(users, tree):
    for role in (Role.PROVINCE_ADMIN, Role.AREA_SPECIALIST):
        with pytest.raises(ValidationError) as err:
            _create(users["huyen"], tree["commune_a1"], role)
        assert "Bạn không được cấp vai trò" in str(err.value)
    assert _create(users["huyen"], tree["commune_a1"], Role.VIEWER).role == Role.VIEWER


def test_district_staff_cannot_create_outside_their_subtree(users, tree):
    with pytest.raises(PermissionDenied):
        _create(users["huyen"], tree["commune_b1"])
    with pytest.raises(PermissionDenied):
        _create(users["chuyenvien1"], tree["commune_a1"])  # specialists do not manage accounts
    with pytest.raises(PermissionDenied):
        _create(users["xem"], tree["commune_a1"], Role.VIEWER)


def test_district_staff_cannot_edit_up_or_move_out(users, tree):
    made = _create(users["huyen"], tree["commune_a1"])
    with pytest.raises(ValidationError):
        services.account_update(
            account=made,
            by=users["huyen"],
            unit=tree["commune_a1"],
            role=Role.PROVINCE_ADMIN,
            full_name=made.full_name,
        )
    with pytest.raises(PermissionDenied):
        services.account_update(
            account=made,
            by=users["huyen"],
            unit=tree["commune_b1"],
            role=Role.UNIT_STAFF,
            full_name=made.full_name,
        )
    # Nor touch the province administrator's account (not below them).
    with pytest.raises(PermissionDenied):
        services.account_deactivate(account=users["tinh"], by=users["huyen"])


def test_deactivating_keeps_the_account_and_can_be_undone(users, tree):
    made = _create(users["tinh"], tree["commune_a1"])
    services.account_deactivate(account=made, by=users["tinh"])
    made.refresh_from_db()
    assert not made.is_active and User.objects.filter(pk=made.pk).exists()
    services.account_reactivate(account=made, by=users["tinh"])
    made.refresh_from_db()
    assert made.is_active
    notes = list(
        AuditEntry.objects.filter(model="accounts.user", object_id=str(made.pk))
        .order_by("id")
        .values_list("note", flat=True)
    )
    assert notes == ["", "Khoá tài khoản", "Mở lại tài khoản"]


def test_bad_contacts_are_refused_in_vietnamese(users, tree):
    with pytest.raises(ValidationError) as err:
        _create(users["tinh"], tree["commune_a1"], email="khong-phai-email")
    assert "không hợp lệ" in str(err.value)
    made = _create(users["tinh"], tree["commune_a1"], phone="0912 345 678")
    assert made.phone == "+84912345678"
    with pytest.raises(ValidationError) as err:
        _create(users["tinh"], tree["commune_a1"], username=made.username)
    assert "đã có người dùng" in str(err.value)


def test_a_link_works_once_and_a_newer_link_replaces_it(users, tree):
    made = _create(users["tinh"], tree["commune_a1"])
    first = services.account_issue_link(account=made, by=users["tinh"])
    second = services.account_issue_link(account=made, by=users["tinh"])
    uid, token = first.strip("/").split("/")[-2:]
    assert user_from_link(uid, token) is None  # replaced by the second
    uid, token = second.strip("/").split("/")[-2:]
    assert user_from_link(uid, token) == made
    services.password_set_from_link(
        account=User.objects.get(pk=made.pk), password="mat-khau-rat-dai-2022"
    )
    assert user_from_link(uid, token) is None  # used


def test_a_link_expires_after_seven_days(users, tree, settings):
    assert settings.PASSWORD_RESET_TIMEOUT == 7 * 24 * 3600
    from datetime import datetime, timedelta

    from frontnet.accounts.tokens import account_link_tokens

    made = _create(users["tinh"], tree["commune_a1"])
    token = account_link_tokens.make_token(made)

    class Later(type(account_link_tokens)):
        def _now(self):
            return datetime.now() + timedelta(days=7, hours=1)

    assert account_link_tokens.check_token(made, token)
    assert not Later().check_token(made, token)


def test_password_validators_speak_vietnamese(client, users, tree):
    made = _create(users["tinh"], tree["commune_a1"])
    path = services.account_issue_link(account=made, by=users["tinh"])
    response = client.post(path, {"password1": "123", "password2": "123"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Mật khẩu quá ngắn" in body  # Django's own Vietnamese catalogue
    assert "hoàn toàn là số" in body


def test_link_page_sets_the_password_then_login_works(client, users, tree):
    made = _create(users["tinh"], tree["commune_a1"])
    path = services.account_issue_link(account=made, by=users["tinh"])
    response = client.post(
        path, {"password1": "mat-khau-rat-dai-2022", "password2": "mat-khau-rat-dai-2022"}
    )
    assert response.status_code == 302 and response.url == reverse("login")
    assert client.get(path).status_code == 400  # used once
    response = client.post(
        reverse("login"), {"username": made.username, "password": "mat-khau-rat-dai-2022"}
    )
    assert response.status_code == 302 and response.url == reverse("home")


def test_district_user_views_refuse_out_of_subtree_and_high_roles(client_for, tree):
    client = client_for("huyen")
    assert client.get(reverse("user_add", args=[tree["commune_b1"].pk])).status_code == 404
    url = reverse("user_add", args=[tree["commune_a1"].pk])
    page = client.get(url).content.decode()
    assert 'value="province_admin"' not in page and 'value="unit_staff"' in page
    response = client.post(
        url,
        {"full_name": "Trần Văn Hack", "unit": tree["commune_a1"].pk, "role": "province_admin"},
    )
    assert response.status_code == 200
    assert not User.objects.filter(full_name="Trần Văn Hack").exists()


def test_admin_creates_from_the_page_and_downloads_the_links_workbook(client_for, tree):
    from python_calamine import CalamineWorkbook

    client = client_for("tinh")
    url = reverse("user_add", args=[tree["commune_a1"].pk])
    for name in ("Phạm Văn Một", "Phạm Văn Hai"):
        response = client.post(
            url, {"full_name": name, "unit": tree["commune_a1"].pk, "role": "unit_staff"}
        )
        assert response.status_code == 200
        assert "/activate/" in response.content.decode()
    listing = client.get(reverse("user_list", args=[tree["commune_a1"].pk])).content.decode()
    assert "Vừa tạo 2 tài khoản" in listing and "Phạm Văn Hai" in listing
    response = client.post(reverse("user_links", args=[tree["commune_a1"].pk]))
    rows = CalamineWorkbook.from_filelike(__import__("io").BytesIO(response.content))
    rows = rows.get_sheet_by_index(0).to_python()
    assert [r[0] for r in rows[1:3]] == ["Phạm Văn Hai", "Phạm Văn Một"]
    assert all("/activate/" in r[4] for r in rows[1:3])
    # The list is emptied: a second download gives no links.
    again = client.post(reverse("user_links", args=[tree["commune_a1"].pk]))
    rows = CalamineWorkbook.from_filelike(__import__("io").BytesIO(again.content))
    assert len([r for r in rows.get_sheet_by_index(0).to_python() if "/activate/" in r[-1]]) == 0


def test_profile_changes_own_name_and_phone_only(client_for, users):
    client = client_for("xa")
    response = client.post(
        reverse("profile"),
        {"full_name": "Cán bộ Xã", "phone": "0912345678", "email": "xa@example.vn", "role": "x"},
    )
    assert response.status_code == 302
    users["xa"].refresh_from_db()
    assert (users["xa"].full_name, users["xa"].phone, users["xa"].role) == (
        "Cán bộ Xã",
        "+84912345678",
        Role.UNIT_STAFF,
    )


def test_the_link_can_be_mailed_and_works(
    client_for, users, tree, mailoutbox, settings, django_capture_on_commit_callbacks
):
    settings.FRONTNET_BASE_URL = "https://frontnet.example.vn"
    made = _create(users["tinh"], tree["commune_a1"], email="an@example.vn")
    client = client_for("tinh")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("user_link", args=[made.pk]), {"send": "email"})
    assert response.status_code == 302
    (sent,) = mailoutbox
    assert sent.to == ["an@example.vn"] and "tên đăng nhập: nguyenvanan.anmot" in sent.body
    link = next(w for w in sent.body.split() if w.startswith("https://frontnet.example.vn/"))
    uid, token = link.rstrip("/").split("/")[-2:]
    assert user_from_link(uid, token) == made
    assert "Liên kết dùng một lần và hết hạn sau 7 ngày." in sent.body


def test_scope_is_checked_before_the_method(client_for, users, tree):
    mine = _create(users["tinh"], tree["commune_a1"])
    other = _create(users["tinh"], tree["commune_b1"], name="Ngô Văn Khác")
    client = client_for("huyen")
    assert client.get(reverse("user_deactivate", args=[other.pk])).status_code == 404
    assert client.get(reverse("user_deactivate", args=[mine.pk])).status_code == 405
    assert client.post(reverse("user_deactivate", args=[mine.pk])).status_code == 302
