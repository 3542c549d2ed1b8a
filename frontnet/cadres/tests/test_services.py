import datetime as dt
import unicodedata

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from frontnet.audit.models import Action, AuditEntry, Channel
from frontnet.cadres import selectors, services
from frontnet.cadres.models import Cadre, ChannelFollow, FollowStatus, SocialAccount

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "typed", ["0912 345 678", "+84912345678", "84-912-345-678", "912345678", 912345678.0]
)
def test_every_way_of_writing_a_mobile_number_is_the_same_phone(tree, make_cadre, typed):
    cadre = make_cadre(tree["commune_a1"], phone=typed)
    assert (cadre.phone, cadre.phone_kind) == ("+84912345678", "mobile")
    assert cadre.phone_raw == ("912345678" if typed == 912345678.0 else typed)


def test_a_landline_is_kept_as_a_landline(tree, make_cadre):
    cadre = make_cadre(tree["commune_a1"], phone="0238 3844 123")
    assert (cadre.phone, cadre.phone_kind) == ("+842383844123", "landline")


@pytest.mark.parametrize("garbage", ["abc", "123", "0912-ABC-678", "<b>0912</b>"])
def test_a_garbage_phone_is_refused_naming_the_field_and_nothing_is_saved(
    tree, make_cadre, garbage
):
    with pytest.raises(ValidationError) as caught:
        make_cadre(tree["commune_a1"], phone=garbage)
    [message] = caught.value.message_dict["phone"]
    assert message.startswith("Số điện thoại: ") and "không phải là số điện thoại" in message
    assert not Cadre.objects.exists() and not AuditEntry.objects.filter(model="cadres.cadre")


def test_a_bad_facebook_link_on_the_add_form_saves_no_cadre(tree, make_cadre, platform):
    with pytest.raises(ValidationError) as caught:
        make_cadre(
            tree["commune_a1"],
            phone="0912345678",
            accounts=[(platform("zalo"), "0912345678"), (platform("facebook_profile"), "x y")],
        )
    assert caught.value.message_dict["link"][0].startswith("Liên kết: ")
    assert not Cadre.objects.exists() and not SocialAccount.objects.exists()


def test_nfd_stray_spaces_emoji_and_html_are_stored_as_typed_but_clean(tree, make_cadre):
    typed = unicodedata.normalize("NFD", "  Nguyễn   Thị\u00a0Hoà 🎉 <b>x</b> ")
    cadre = make_cadre(tree["commune_a1"], typed, position=" Chủ tịch\u200b ")
    assert cadre.full_name == "Nguyễn Thị Hoà 🎉 <b>x</b>"
    assert unicodedata.is_normalized("NFC", cadre.full_name)
    assert cadre.search_name == "nguyen thi hoa 🎉 <b>x</b>"
    assert cadre.position == "Chủ tịch"


def test_an_empty_name_is_refused_naming_the_field(tree, make_cadre):
    with pytest.raises(ValidationError) as caught:
        make_cadre(tree["commune_a1"], " \u200b ")
    assert caught.value.message_dict["full_name"] == ["Họ và tên không được để trống."]


def test_create_and_update_are_audited_with_actor_channel_and_before_after(tree, users, make_cadre):
    cadre = make_cadre(tree["commune_a1"], by=users["xa"], phone="0912345678")
    created = AuditEntry.objects.get(model="cadres.cadre", action=Action.CREATE)
    assert (created.actor, created.channel, created.unit) == (
        users["xa"],
        Channel.WEB,
        tree["commune_a1"],
    )
    assert created.changes["full_name"] == [None, "Nguyễn Văn An"]

    services.cadre_update(
        cadre=cadre, by=users["huyen"], channel=Channel.COMMAND, position="Phó Chủ tịch"
    )
    updated = AuditEntry.objects.get(model="cadres.cadre", action=Action.UPDATE)
    assert (updated.actor, updated.channel) == (users["huyen"], Channel.COMMAND)
    assert updated.changes == {"position": ["", "Phó Chủ tịch"]}


def test_the_same_phone_typed_another_way_is_no_change(tree, users, make_cadre):
    cadre = make_cadre(tree["commune_a1"], phone="0912345678")
    services.cadre_update(cadre=cadre, by=users["xa"], phone="0912 345 678")
    assert cadre.phone_raw == "0912345678"
    assert not AuditEntry.objects.filter(action=Action.UPDATE).exists()


def test_ending_a_cadre_keeps_the_record_and_its_history(tree, users, make_cadre, platform):
    cadre = make_cadre(tree["commune_a1"], active_from=dt.date(2020, 1, 1))
    services.social_account_add(
        cadre=cadre, platform=platform("zalo"), link="0912345678", by=users["xa"]
    )
    services.cadre_end(cadre=cadre, by=users["xa"], on=dt.date(2022, 3, 31), reason="  Nghỉ hưu ")
    cadre.refresh_from_db()
    assert (cadre.active_to, cadre.end_reason) == (dt.date(2022, 3, 31), "Nghỉ hưu")
    assert cadre.accounts.count() == 1
    entry = AuditEntry.objects.get(action=Action.END)
    assert entry.changes == {
        "active_to": [None, "2022-03-31"],
        "end_reason": ["", "Nghỉ hưu"],
    }
    listed = selectors.cadre_list(users["xa"], tree["commune_a1"])
    assert list(listed) == []
    assert list(selectors.cadre_list(users["xa"], tree["commune_a1"], include_ended=True)) == [
        cadre
    ]


def test_ending_needs_a_reason_a_date_after_the_start_and_happens_once(tree, users, make_cadre):
    cadre = make_cadre(tree["commune_a1"], active_from=dt.date(2021, 6, 1))
    with pytest.raises(ValidationError) as caught:
        services.cadre_end(cadre=cadre, by=None, on=dt.date(2022, 1, 1), reason=" ")
    assert "end_reason" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        services.cadre_end(cadre=cadre, by=None, on=dt.date(2021, 1, 1), reason="Chuyển")
    assert caught.value.message_dict["active_to"][0].startswith("Ngày kết thúc")
    services.cadre_end(cadre=cadre, by=None, on=dt.date(2022, 1, 1), reason="Chuyển")
    with pytest.raises(ValidationError):
        services.cadre_end(cadre=cadre, by=None, on=dt.date(2022, 2, 1), reason="Lại")


# --- Accounts --------------------------------------------------------------------------------


def test_a_personal_zalo_account_may_be_given_as_a_phone(tree, make_cadre, platform):
    cadre = make_cadre(tree["commune_a1"])
    account = services.social_account_add(
        cadre=cadre, platform=platform("zalo"), link="0912 345 678", by=None
    )
    assert account.canonical == "https://zalo.me/+84912345678"
    assert (account.phone, account.link_raw, account.unit) == (
        "+84912345678",
        "0912 345 678",
        tree["commune_a1"],
    )


def test_a_share_link_is_kept_as_given_and_flagged_cannot_verify(tree, make_cadre, platform):
    cadre = make_cadre(tree["commune_a1"])
    account = services.social_account_add(
        cadre=cadre,
        platform=platform("facebook_profile"),
        link="facebook.com/share/1AbCdEf/",
        by=None,
    )
    assert account.verifiable is False
    assert account.link_raw == "facebook.com/share/1AbCdEf/"
    assert account.canonical == "https://www.facebook.com/share/1AbCdEf"


def test_a_link_of_another_network_or_a_collective_platform_is_refused(tree, make_cadre, platform):
    cadre = make_cadre(tree["commune_a1"])
    with pytest.raises(ValidationError) as caught:
        services.social_account_add(
            cadre=cadre, platform=platform("facebook_profile"), link="youtube.com/@an", by=None
        )
    assert "không phải liên kết Facebook" in caught.value.message_dict["link"][0]
    with pytest.raises(ValidationError) as caught:
        services.social_account_add(
            cadre=cadre, platform=platform("facebook_page"), link="facebook.com/an", by=None
        )
    assert caught.value.message_dict["platform"][0].startswith("Nền tảng: ")
    assert not SocialAccount.objects.exists()


def test_the_same_account_twice_for_one_cadre_is_refused(tree, make_cadre, platform):
    cadre = make_cadre(tree["commune_a1"])
    fb = platform("facebook_profile")
    services.social_account_add(cadre=cadre, platform=fb, link="facebook.com/nguyen.an", by=None)
    with pytest.raises(ValidationError) as caught:
        services.social_account_add(
            cadre=cadre, platform=fb, link="https://m.facebook.com/Nguyen.An/", by=None
        )
    assert "đã được ghi nhận" in caught.value.message_dict["link"][0]


def test_one_account_registered_for_two_cadres_is_flagged_with_both_owners(
    tree, users, make_cadre, platform
):
    fb = platform("facebook_profile")
    an = make_cadre(tree["commune_a1"], "Nguyễn Văn An")
    binh = make_cadre(tree["commune_a2"], "Lê Văn Bình")
    mine = services.social_account_add(
        cadre=an, platform=fb, link="facebook.com/nguyen.an", by=None
    )
    theirs = services.social_account_add(
        cadre=binh, platform=fb, link="https://m.facebook.com/Nguyen.An?fbclid=IwAR0", by=None
    )
    assert mine.canonical == theirs.canonical

    # The district sees both communes: both owners are named, each from the other side.
    seen = selectors.account_duplicates(users["huyen"], [mine, theirs])
    assert [str(o) for o in seen[mine.pk]] == ["Lê Văn Bình (Xã An Hai)"]
    assert [str(o) for o in seen[theirs.pk]] == ["Nguyễn Văn An (Xã An Một)"]

    # Commune An Một does not see An Hai: it learns only that someone outside has it.
    [other] = selectors.account_duplicates(users["xa"], [mine])[mine.pk]
    assert other.hidden and other.cadre is None and other.unit is None
    assert str(other) == "một đơn vị ngoài phạm vi của bạn"


def test_a_unit_account_shared_with_a_cadre_is_flagged(tree, users, make_cadre, platform):
    cadre = make_cadre(tree["commune_a1"])
    services.social_account_add(
        cadre=cadre, platform=platform("tiktok"), link="tiktok.com/@mattran.anmot", by=None
    )
    unit_account = services.social_account_add(
        unit=tree["commune_a1"],
        platform=platform("tiktok"),
        link="tiktok.com/@MatTran.AnMot",
        by=None,
    )
    [other] = selectors.account_duplicates(users["xa"], [unit_account])[unit_account.pk]
    assert str(other) == "Nguyễn Văn An (Xã An Một)"


def test_removing_an_account_is_audited_with_what_it_was(tree, users, make_cadre, platform):
    cadre = make_cadre(tree["commune_a1"])
    account = services.social_account_add(
        cadre=cadre, platform=platform("zalo"), link="0912345678", by=users["xa"]
    )
    services.social_account_remove(account=account, by=users["xa"])
    assert not SocialAccount.objects.exists()
    entry = AuditEntry.objects.get(action=Action.DELETE)
    assert entry.changes["canonical"] == ["https://zalo.me/+84912345678", None]
    assert entry.unit == tree["commune_a1"]


# --- Official channels and follows -----------------------------------------------------------


def test_the_province_lists_its_channels_once_each(tree, users, channels, platform):
    assert [c.name for c in selectors.official_channels_for(tree["village"])] == [
        "Facebook Mặt trận tỉnh",
        "Zalo Mặt trận tỉnh",
        "Fanpage Mặt trận tỉnh",
    ]
    with pytest.raises(ValidationError) as caught:
        services.official_channel_create(
            province=tree["province"],
            platform=platform("facebook_page"),
            name="Trùng",
            link="https://m.facebook.com/MatTranTinhThu/",
            by=users["tinh"],
        )
    assert "đã có" in caught.value.message_dict["link"][0]
    with pytest.raises(ValidationError):
        services.official_channel_create(
            province=tree["district_a"],
            platform=platform("website"),
            name="Trang huyện",
            link="mattran.example.vn",
            by=users["tinh"],
        )


def test_updating_a_channel_renormalises_its_link_and_is_audited(tree, users, channels):
    fanpage = channels[2]
    services.official_channel_update(
        official_channel=fanpage, by=users["tinh"], link="fb.com/FanpageMTTQ.moi", active=False
    )
    fanpage.refresh_from_db()
    assert fanpage.canonical == "https://www.facebook.com/fanpagemttq.moi" and not fanpage.active
    entry = AuditEntry.objects.get(model="cadres.officialchannel", action=Action.UPDATE)
    assert entry.changes["active"] == [True, False] and entry.unit == tree["province"]
    assert len(selectors.official_channels_for(tree["province"])) == 2


def test_a_follow_answer_is_stored_with_its_confirmation_day(tree, users, make_cadre, channels):
    cadre = make_cadre(tree["commune_a1"])
    day = dt.date(2022, 1, 20)
    follow = services.channel_follow_set(
        cadre=cadre,
        official_channel=channels[0],
        status=FollowStatus.YES,
        confirmed_on=day,
        by=users["xa"],
    )
    assert (follow.status, follow.confirmed_on) == ("yes", day)
    services.channel_follow_set(
        cadre=cadre, official_channel=channels[0], status=FollowStatus.UNKNOWN, by=users["xa"]
    )
    follow.refresh_from_db()
    assert (follow.status, follow.confirmed_on) == ("unknown", None)
    services.channel_follow_set(
        cadre=cadre, official_channel=channels[1], status=FollowStatus.NO, by=users["xa"]
    )
    assert ChannelFollow.objects.get(channel=channels[1]).confirmed_on == timezone.localdate()
    actions = list(
        AuditEntry.objects.filter(model="cadres.channelfollow")
        .order_by("id")
        .values_list("action", "unit")
    )
    unit = tree["commune_a1"].pk
    assert actions == [("create", unit), ("update", unit), ("create", unit)]


def test_a_follow_of_another_province_channel_or_in_the_future_is_refused(
    tree, levels, make_cadre, platform, channels
):
    from frontnet.units.services import unit_create

    other = unit_create(
        parent=None, name="Tỉnh Khác", division_type="tỉnh", level=levels["province"], by=None
    )
    theirs = services.official_channel_create(
        province=other, platform=platform("website"), name="Web", link="khac.vn", by=None
    )
    cadre = make_cadre(tree["commune_a1"])
    with pytest.raises(ValidationError):
        services.channel_follow_set(cadre=cadre, official_channel=theirs, status="yes", by=None)
    with pytest.raises(ValidationError) as caught:
        services.channel_follow_set(
            cadre=cadre,
            official_channel=channels[0],
            status="yes",
            confirmed_on=timezone.localdate() + dt.timedelta(days=1),
            by=None,
        )
    assert "confirmed_on" in caught.value.message_dict
    with pytest.raises(ValidationError):
        services.channel_follow_set(
            cadre=cadre, official_channel=channels[0], status="maybe", by=None
        )
    assert not ChannelFollow.objects.exists()
