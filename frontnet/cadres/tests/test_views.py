import datetime as dt

import pytest
from django.urls import reverse

from frontnet.accounts.models import Role, User
from frontnet.audit.models import AuditEntry
from frontnet.cadres import services
from frontnet.cadres.models import Cadre, ChannelFollow, OfficialChannel, SocialAccount

pytestmark = pytest.mark.django_db

EVIL = "<script>alert('x')</script> Hoà 🎉"


def cadre_data(cat, **changes):
    data = {
        "full_name": "Nguyễn Văn An",
        "gender": "male",
        "birth_year": "1985",
        "position": "Chủ tịch",
        "phone": "0912 345 678",
        "email": "",
        "category": cat.pk,
        "active_from": "2021-07-01",
        "facebook": "",
        "zalo": "",
    }
    data.update(changes)
    return data


@pytest.fixture
def an(tree, make_cadre, platform):
    cadre = make_cadre(
        tree["commune_a1"], "Nguyễn Văn An", phone="0912345678", active_from=dt.date(2020, 1, 1)
    )
    services.social_account_add(cadre=cadre, platform=platform("zalo"), link="0912345678", by=None)
    return cadre


def test_every_cadre_page_opens_for_an_in_scope_user(client_for, tree, an, channels):
    client = client_for("huyen")
    account = an.accounts.get()
    urls = [
        reverse("cadre_list", args=[tree["commune_a1"].pk]),
        reverse("cadre_list", args=[tree["district_a"].pk]) + "?subtree=1&q=an&facebook=0",
        reverse("cadre_add", args=[tree["commune_a1"].pk]),
        reverse("unit_account_add", args=[tree["commune_a1"].pk]),
        reverse("cadre_detail", args=[an.pk]),
        reverse("cadre_edit", args=[an.pk]),
        reverse("cadre_end", args=[an.pk]),
        reverse("account_add", args=[an.pk]),
        reverse("account_remove", args=[account.pk]),
        reverse("follow_edit", args=[an.pk]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        # A way back: the breadcrumb reaches the unit.
        assert reverse("unit_detail", args=[tree["district_a"].pk]) in html, url


def test_staff_add_a_cadre_with_facebook_and_zalo_from_a_phone(client_for, tree, category):
    client = client_for("xa")
    url = reverse("cadre_add", args=[tree["commune_a1"].pk])
    response = client.post(
        url,
        cadre_data(category, facebook="m.facebook.com/Nguyen.An?fbclid=1", zalo="912345678"),
    )
    cadre = Cadre.objects.get()
    assert response.status_code == 302 and response.url == reverse("cadre_detail", args=[cadre.pk])
    assert (cadre.unit, cadre.phone, cadre.birth_year) == (tree["commune_a1"], "+84912345678", 1985)
    assert sorted(cadre.accounts.values_list("canonical", flat=True)) == [
        "https://www.facebook.com/nguyen.an",
        "https://zalo.me/+84912345678",
    ]
    html = client.get(response.url).content.decode()
    assert "0912 345 678" in html and "Chủ tịch" in html


def test_the_form_keeps_the_input_and_names_the_field_on_error(client_for, tree, category):
    response = client_for("xa").post(
        reverse("cadre_add", args=[tree["commune_a1"].pk]),
        cadre_data(category, phone="0912-ABC", facebook="javascript:alert(1)", category=""),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"phone", "facebook", "category"}
    assert errors["category"] == ["Loại cán bộ: chưa nhập. Ví dụ: Cán bộ chuyên trách"]
    assert errors["facebook"][0].startswith("Liên kết: ")
    html = response.content.decode()
    assert 'value="Nguyễn Văn An"' in html and 'value="0912-ABC"' in html
    assert 'inputmode="tel"' in html
    assert not Cadre.objects.exists()


def test_an_empty_post_shows_required_errors(client_for, tree):
    response = client_for("xa").post(reverse("cadre_add", args=[tree["commune_a1"].pk]), {})
    assert response.status_code == 200
    assert {"full_name", "category"} <= set(response.context["form"].errors)


def test_names_with_html_and_emoji_are_stored_as_typed_and_shown_escaped(
    client_for, tree, category
):
    client = client_for("xa")
    client.post(
        reverse("cadre_add", args=[tree["commune_a1"].pk]), cadre_data(category, full_name=EVIL)
    )
    cadre = Cadre.objects.get()
    assert cadre.full_name == EVIL
    for url in [
        reverse("cadre_detail", args=[cadre.pk]),
        reverse("cadre_list", args=[tree["commune_a1"].pk]),
    ]:
        html = client.get(url).content.decode()
        assert "<script>alert" not in html
        assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; Hoà 🎉" in html


def test_edit_changes_the_cadre_and_keeps_the_phone_as_first_typed(client_for, an, category):
    client = client_for("xa")
    response = client.post(
        reverse("cadre_edit", args=[an.pk]),
        cadre_data(category, position="Phó Chủ tịch", phone="0912 345 678"),
    )
    assert response.status_code == 302
    an.refresh_from_db()
    assert (an.position, an.phone_raw) == ("Phó Chủ tịch", "0912345678")


def test_ending_a_cadre_through_the_form(client_for, tree, an):
    client = client_for("xa")
    response = client.post(reverse("cadre_end", args=[an.pk]), {"active_to": "2022-03-31"})
    assert response.status_code == 200
    assert response.context["form"].errors["end_reason"] == ["Lý do: chưa nhập."]
    response = client.post(
        reverse("cadre_end", args=[an.pk]),
        {"active_to": "2022-03-31", "end_reason": "Nghỉ hưu"},
    )
    assert response.status_code == 302
    an.refresh_from_db()
    assert str(an.active_to) == "2022-03-31" and Cadre.objects.count() == 1
    url = reverse("cadre_list", args=[tree["commune_a1"].pk])
    assert list(client.get(url).context["page"]) == []
    assert list(client.get(url + "?ended=1").context["page"]) == [an]


def test_accounts_are_added_and_removed_from_the_cadre_page(client_for, an, platform):
    client = client_for("xa")
    response = client.post(
        reverse("account_add", args=[an.pk]),
        {"platform": platform("facebook_profile").pk, "link": "facebook.com/share/AbC1/"},
    )
    assert response.status_code == 302
    html = client.get(reverse("cadre_detail", args=[an.pk])).content.decode()
    assert "chưa kiểm tra được" in html and "facebook.com/share/AbC1/" in html
    account = an.accounts.get(platform__key="facebook_profile")
    response = client.post(reverse("account_remove", args=[account.pk]))
    assert response.status_code == 302 and response.url == reverse("cadre_detail", args=[an.pk])
    assert not SocialAccount.objects.filter(pk=account.pk).exists()


def test_a_bad_account_link_is_shown_next_to_the_field(client_for, an, platform):
    response = client_for("xa").post(
        reverse("account_add", args=[an.pk]),
        {"platform": platform("facebook_profile").pk, "link": "youtube.com/@an"},
    )
    assert response.status_code == 200
    assert "không phải liên kết Facebook" in response.context["form"].errors["link"][0]
    assert 'value="youtube.com/@an"' in response.content.decode()


def test_the_duplicate_is_shown_on_the_cadre_page(client_for, tree, an, make_cadre, platform):
    other = make_cadre(tree["commune_a2"], "Lê Văn Bình")
    services.social_account_add(
        cadre=other, platform=platform("zalo"), link="+84912345678", by=None
    )
    html = client_for("huyen").get(reverse("cadre_detail", args=[an.pk])).content.decode()
    assert "Trùng tài khoản" in html and "Lê Văn Bình" in html
    html = client_for("xa").get(reverse("cadre_detail", args=[an.pk])).content.decode()
    assert "một đơn vị ngoài phạm vi của bạn" in html and "Lê Văn Bình" not in html


def test_follows_are_set_for_every_channel_at_once(client_for, an, channels):
    client = client_for("xa")
    data = {f"channel_{ch.pk}": s for ch, s in zip(channels, ["yes", "no", "unknown"], strict=True)}
    response = client.post(
        reverse("follow_edit", args=[an.pk]), {**data, "confirmed_on": "2022-01-20"}
    )
    assert response.status_code == 302
    stored = dict(ChannelFollow.objects.values_list("channel__name", "status"))
    assert stored == {
        "Facebook Mặt trận tỉnh": "yes",
        "Zalo Mặt trận tỉnh": "no",
        "Fanpage Mặt trận tỉnh": "unknown",
    }


def test_a_viewer_reads_but_cannot_post(client_for, tree, an, category, platform):
    client = client_for("xem")
    assert client.get(reverse("cadre_detail", args=[an.pk])).status_code == 200
    assert (
        reverse("cadre_edit", args=[an.pk])
        not in client.get(reverse("cadre_detail", args=[an.pk])).content.decode()
    )
    posts = {
        reverse("cadre_add", args=[tree["commune_a1"].pk]): cadre_data(category),
        reverse("cadre_edit", args=[an.pk]): cadre_data(category, full_name="Đổi"),
        reverse("cadre_end", args=[an.pk]): {"active_to": "2022-01-01", "end_reason": "x"},
        reverse("account_add", args=[an.pk]): {
            "platform": platform("zalo").pk,
            "link": "0987654321",
        },
        reverse("account_remove", args=[an.accounts.get().pk]): {},
        reverse("follow_edit", args=[an.pk]): {},
        reverse("unit_account_add", args=[tree["commune_a1"].pk]): {},
    }
    for url, data in posts.items():
        assert client.post(url, data).status_code == 403, url
    an.refresh_from_db()
    assert an.full_name == "Nguyễn Văn An" and an.active_to is None
    assert SocialAccount.objects.count() == 1


def test_the_list_answers_htmx_with_just_the_rows(client_for, tree, an):
    response = client_for("xa").get(
        reverse("cadre_list", args=[tree["commune_a1"].pk]) + "?q=nguyen+van",
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert "Nguyễn Văn An" in html and "<form" not in html


# --- Official channels -----------------------------------------------------------------------


def test_the_province_admin_adds_and_edits_official_channels(client_for, tree, platform):
    client = client_for("tinh")
    province = tree["province"]
    assert client.get(reverse("channel_list", args=[province.pk])).status_code == 200
    response = client.post(
        reverse("channel_add", args=[province.pk]),
        {
            "platform": platform("facebook_page").pk,
            "name": " Fanpage  Mặt trận tỉnh ",
            "link": "facebook.com/MatTranTinh",
            "order": "1",
            "active": "on",
        },
    )
    assert response.status_code == 302
    channel = OfficialChannel.objects.get()
    assert (channel.name, channel.canonical) == (
        "Fanpage Mặt trận tỉnh",
        "https://www.facebook.com/mattrantinh",
    )
    response = client.post(
        reverse("channel_edit", args=[channel.pk]),
        {"platform": platform("facebook_page").pk, "name": "Fanpage", "link": "zalo.me/123"},
    )
    assert response.status_code == 200
    assert "không phải liên kết Facebook" in response.context["form"].errors["link"][0]
    response = client.post(
        reverse("channel_edit", args=[channel.pk]),
        {"platform": platform("website").pk, "name": "Cổng thông tin", "link": "mttq.example.vn"},
    )
    assert response.status_code == 302
    channel.refresh_from_db()
    assert (channel.canonical, channel.active) == ("https://mttq.example.vn", False)
    assert AuditEntry.objects.filter(model="cadres.officialchannel").count() == 2


def test_only_the_province_admin_manages_channels(client, tree, users, channels):
    office = User.objects.create_user(
        username="vanphong", role=Role.UNIT_STAFF, unit=tree["province"]
    )
    client.force_login(office)
    province = tree["province"]
    assert client.get(reverse("channel_list", args=[province.pk])).status_code == 200
    assert client.get(reverse("channel_add", args=[province.pk])).status_code == 403
    assert client.post(reverse("channel_edit", args=[channels[0].pk])).status_code == 403
    # A district is not a province: its channels are the province's.
    client.force_login(users["tinh"])
    assert client.get(reverse("channel_list", args=[tree["district_a"].pk])).status_code == 404
