"""The cadre's edit form (issue #12, items 1 and 3): a stored value that today's rules refuse
is a warning, never an error that blocks another change; the cadre's accounts are edited in
place in the same form, with the same rules, audited, scoped; masked values come back as
stored for a user who does not see them."""

import datetime as dt

import pytest
from django.urls import reverse

from frontnet.audit.models import Action, AuditEntry, Channel
from frontnet.cadres import services
from frontnet.cadres.models import Cadre, SocialAccount

pytestmark = pytest.mark.django_db


@pytest.fixture
def an(tree, make_cadre, platform):
    cadre = make_cadre(
        tree["commune_a1"],
        "Nguyễn Văn An",
        phone="0912345678",
        birth_year=1980,
        email="an@mattran.vn",
        gender="male",
        active_from=dt.date(2020, 1, 1),
    )
    services.social_account_add(
        cadre=cadre, platform=platform("facebook_profile"), link="facebook.com/nv.an", by=None
    )
    services.social_account_add(cadre=cadre, platform=platform("zalo"), link="0912345678", by=None)
    return cadre


def _accounts(cadre):
    return list(cadre.accounts.select_related("platform").order_by("platform__order", "canonical"))


def posted_back(client, cadre, **changes) -> dict:
    """What the edit page posts when the user changes only `changes` (the page's own values:
    what it shows is what comes back)."""
    form = client.get(reverse("cadre_edit", args=[cadre.pk])).context["form"]
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        data[name] = "" if value is None else value
    rows = form.accounts
    data.update({f"accounts-{k}": v for k, v in rows.management_form.initial.items()})
    for row in rows:
        for name in ("account", "platform", "link"):
            value = row.initial.get(name)
            data[row.add_prefix(name)] = "" if value is None else value
    data.update(changes)
    return data


def test_a_stored_phone_refused_today_is_a_warning_and_a_birth_year_edit_succeeds(client_for, an):
    # As the old demo stored it: a range phonenumbers calls invalid.
    Cadre.objects.filter(pk=an.pk).update(phone="+84992123456", phone_raw="0992123456")
    client = client_for("xa")
    page = client.get(reverse("cadre_edit", args=[an.pk])).content.decode()
    assert "Số điện thoại đang lưu chưa đúng quy tắc hiện nay" in page

    response = client.post(
        reverse("cadre_edit", args=[an.pk]), posted_back(client, an, birth_year="1981")
    )
    assert response.status_code == 302
    an.refresh_from_db()
    assert (an.birth_year, an.phone, an.phone_raw) == (1981, "+84992123456", "0992123456")
    shown = client.get(response.url).content.decode()
    assert "Đã lưu thay đổi." in shown and "hãy sửa khi có thể" in shown
    entry = AuditEntry.objects.get(model="cadres.cadre", object_id=str(an.pk), action=Action.UPDATE)
    assert set(entry.changes) == {"birth_year"}


def test_a_refused_phone_typed_anew_is_still_an_error(client_for, an):
    Cadre.objects.filter(pk=an.pk).update(phone="+84992123456", phone_raw="0992123456")
    client = client_for("xa")
    response = client.post(
        reverse("cadre_edit", args=[an.pk]), posted_back(client, an, phone="0992 000 111")
    )
    assert response.status_code == 200
    assert "Ví dụ: 0912 345 678" in response.context["form"].errors["phone"][0]
    an.refresh_from_db()
    assert an.phone == "+84992123456"


def test_a_stored_birth_year_below_today_s_minimum_does_not_block_a_position_edit(client_for, an):
    Cadre.objects.filter(pk=an.pk).update(birth_year=1900)
    client = client_for("xa")
    response = client.post(
        reverse("cadre_edit", args=[an.pk]), posted_back(client, an, position="Phó Chủ tịch")
    )
    assert response.status_code == 302
    an.refresh_from_db()
    assert (an.position, an.birth_year) == ("Phó Chủ tịch", 1900)


def test_an_account_link_is_corrected_in_place_in_the_cadre_form(client_for, an):
    client = client_for("xa")
    facebook, zalo = _accounts(an)
    data = posted_back(client, an, position="Phó Chủ tịch")
    row = next(k for k, v in data.items() if v == facebook.pk and k.endswith("-account"))
    data[row.replace("-account", "-link")] = "https://m.facebook.com/an.nguyen.van?mibextid=Zb"
    response = client.post(reverse("cadre_edit", args=[an.pk]), data)
    assert response.status_code == 302
    facebook.refresh_from_db()
    assert facebook.canonical == "https://www.facebook.com/an.nguyen.van"
    assert facebook.pk in {a.pk for a in _accounts(an)} and len(_accounts(an)) == 2
    entry = AuditEntry.objects.get(
        model="cadres.socialaccount", object_id=str(facebook.pk), action=Action.UPDATE
    )
    assert entry.channel == Channel.WEB
    assert entry.changes["canonical"] == [
        "https://www.facebook.com/nv.an",
        "https://www.facebook.com/an.nguyen.van",
    ]
    an.refresh_from_db()
    assert an.position == "Phó Chủ tịch"


def test_accounts_are_removed_and_added_in_the_cadre_form(client_for, an, platform):
    client = client_for("xa")
    facebook, zalo = _accounts(an)
    data = posted_back(client, an)
    index = next(
        k.split("-")[1] for k, v in data.items() if v == zalo.pk and k.endswith("-account")
    )
    data[f"accounts-{index}-DELETE"] = "on"
    new = data["accounts-TOTAL_FORMS"] - 1  # the empty row
    data[f"accounts-{new}-platform"] = platform("zalo").pk
    data[f"accounts-{new}-link"] = "0987 654 321"
    response = client.post(reverse("cadre_edit", args=[an.pk]), data)
    assert response.status_code == 302
    assert {a.canonical for a in _accounts(an)} == {
        "https://www.facebook.com/nv.an",
        "https://zalo.me/+84987654321",
    }
    assert AuditEntry.objects.filter(
        model="cadres.socialaccount", object_id=str(zalo.pk), action=Action.DELETE
    ).exists()


def test_a_bad_zalo_link_in_the_form_gets_a_zalo_example(client_for, an):
    client = client_for("xa")
    facebook, zalo = _accounts(an)
    data = posted_back(client, an)
    row = next(k for k, v in data.items() if v == zalo.pk and k.endswith("-account"))
    data[row.replace("-account", "-link")] = "https://zalo.me/"
    response = client.post(reverse("cadre_edit", args=[an.pk]), data)
    assert response.status_code == 200
    rows = response.context["form"].accounts
    (message,) = [e for row in rows for e in row.errors.get("link", [])]
    assert "zalo.me/0912345678" in message and "facebook" not in message.lower()
    zalo.refresh_from_db()
    assert zalo.canonical == "https://zalo.me/+84912345678"


def test_another_cadre_s_account_cannot_be_changed_through_the_form(
    client_for, tree, an, make_cadre, platform
):
    other = make_cadre(tree["commune_a2"], "Trần Thị Bình")
    theirs = services.social_account_add(
        cadre=other, platform=platform("facebook_profile"), link="facebook.com/tt.binh", by=None
    )
    client = client_for("xa")
    data = posted_back(client, an)
    new = data["accounts-TOTAL_FORMS"] - 1
    data[f"accounts-{new}-account"] = theirs.pk
    data[f"accounts-{new}-platform"] = platform("facebook_profile").pk
    data[f"accounts-{new}-link"] = "facebook.com/someone.else"
    response = client.post(reverse("cadre_edit", args=[an.pk]), data)
    assert response.status_code == 200
    theirs.refresh_from_db()
    assert theirs.canonical == "https://www.facebook.com/tt.binh"
    assert SocialAccount.objects.filter(canonical__contains="someone.else").count() == 0


def test_two_rows_of_the_same_account_are_refused(client_for, an, platform):
    client = client_for("xa")
    data = posted_back(client, an)
    new = data["accounts-TOTAL_FORMS"] - 1
    data[f"accounts-{new}-platform"] = platform("facebook_profile").pk
    data[f"accounts-{new}-link"] = "https://www.facebook.com/nv.an/"
    response = client.post(reverse("cadre_edit", args=[an.pk]), data)
    assert response.status_code == 200
    assert "cùng một tài khoản" in str(response.context["form"].accounts.non_form_errors())
    assert len(_accounts(an)) == 2


def test_a_user_who_does_not_see_personal_data_edits_with_masked_values_kept(client_for, an):
    client = client_for("huyen")  # the district above: edits the commune, sees it masked
    page = client.get(reverse("cadre_edit", args=[an.pk])).content.decode()
    for secret in ("912345678", "912 345 678", "an@mattran.vn", "nv.an", "1980"):
        assert secret not in page
    assert "09xx xxx 678" in page and "[ẩn]" in page
    response = client.post(
        reverse("cadre_edit", args=[an.pk]), posted_back(client, an, position="Phó Chủ tịch")
    )
    assert response.status_code == 302
    an.refresh_from_db()
    assert (an.position, an.phone, an.email, an.birth_year, an.gender) == (
        "Phó Chủ tịch",
        "+84912345678",
        "an@mattran.vn",
        1980,
        "male",
    )
    assert {a.canonical for a in _accounts(an)} == {
        "https://www.facebook.com/nv.an",
        "https://zalo.me/+84912345678",
    }


def test_a_post_without_the_account_rows_changes_no_account(client_for, an, category):
    client = client_for("xa")
    data = {
        k: v for k, v in posted_back(client, an, position="Ủy viên").items() if "accounts" not in k
    }
    response = client.post(reverse("cadre_edit", args=[an.pk]), data)
    assert response.status_code == 302
    assert len(_accounts(an)) == 2
