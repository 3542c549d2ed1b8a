import datetime as dt
import unicodedata

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from frontnet.audit.models import Action, AuditEntry
from frontnet.cadres.models import Platform
from frontnet.pages import selectors, services
from frontnet.pages.models import CommunityPage, NameVerdict, PageStatus

pytestmark = pytest.mark.django_db

DISTRICT_NAME = "Mặt trận huyện An tỉnh Thử"
COMMUNE_NAME = "Mặt trận xã An Một huyện An tỉnh Thử"


def at(*args):
    return timezone.make_aware(dt.datetime(*args))


def page_audit(page):
    return AuditEntry.objects.filter(model="pages.communitypage", object_id=str(page.pk))


def audit_actions(page):
    return [e.action for e in page_audit(page).order_by("at", "id")]


def test_register_cleans_the_input_and_checks_the_name(tree, users, register, facebook_page):
    page = register(
        tree["district_a"],
        "  Mặt trận   huyện An  tỉnh Thử ",
        link="  m.facebook.com/MatTranHuyenAn?ref=bookmarks ",
        by=users["huyen"],
    )
    page.refresh_from_db()
    assert page.name == DISTRICT_NAME
    assert page.link_raw == "m.facebook.com/MatTranHuyenAn?ref=bookmarks"
    assert page.canonical == "https://www.facebook.com/mattranhuyenan"
    assert page.expected_name == DISTRICT_NAME and page.name_verdict == NameVerdict.MATCH
    assert page.status == PageStatus.DRAFT
    assert [e.action for e in page.events.all()] == ["register"]
    assert audit_actions(page) == [Action.CREATE]
    entry = page_audit(page).get()
    assert entry.unit_id == tree["district_a"].pk and entry.actor == users["huyen"]


def test_full_cycle_report_return_fix_report_verify(tree, users, register, clock):
    # District An registers a page under a short name, reports it, is told to fix it.
    clock.set(2022, 1, 10, 8, 0)
    page = register(tree["district_a"], "MTTQ huyện An", by=users["huyen"])
    assert page.name_verdict == NameVerdict.MISMATCH

    clock.set(2022, 1, 11, 9, 0)
    services.page_report(page=page, by=users["huyen"])
    clock.set(2022, 1, 12, 10, 0)
    services.page_return(page=page, by=users["tinh"], reason="  Tên chưa đúng quy ước. ")
    page.refresh_from_db()
    assert page.status == PageStatus.RETURNED
    assert page.return_reason == "Tên chưa đúng quy ước."
    assert page.reported_at == at(2022, 1, 11, 9, 0)

    clock.set(2022, 1, 20, 14, 0)
    services.page_update(page=page, by=users["huyen"], name=DISTRICT_NAME)
    page.refresh_from_db()
    assert page.status == PageStatus.RETURNED  # fixed, but still to be reported again
    assert page.name_verdict == NameVerdict.MATCH

    clock.set(2022, 1, 21, 8, 30)
    services.page_report(page=page, by=users["huyen"])
    clock.set(2022, 1, 25, 16, 0)
    services.page_verify(page=page, by=users["chuyenvien1"], note="Đúng tên, đúng liên kết")
    page.refresh_from_db()
    assert page.status == PageStatus.VERIFIED
    assert page.reported_at == at(2022, 1, 21, 8, 30)
    assert page.verified_at == at(2022, 1, 25, 16, 0)
    assert page.return_reason == ""
    # Verified before the letter's deadline for districts (31/01/2022).
    assert page.verified_at.date() <= dt.date(2022, 1, 31)

    steps = [(e.action, e.at, e.by.username, e.note) for e in page.events.all()]
    assert steps == [
        ("register", at(2022, 1, 10, 8, 0), "huyen", ""),
        ("report", at(2022, 1, 11, 9, 0), "huyen", ""),
        ("return", at(2022, 1, 12, 10, 0), "tinh", "Tên chưa đúng quy ước."),
        ("update", at(2022, 1, 20, 14, 0), "huyen", ""),
        ("report", at(2022, 1, 21, 8, 30), "huyen", ""),
        ("verify", at(2022, 1, 25, 16, 0), "chuyenvien1", "Đúng tên, đúng liên kết"),
    ]
    assert audit_actions(page) == [
        Action.CREATE,
        Action.REPORT,
        Action.RETURN,
        Action.UPDATE,
        Action.REPORT,
        Action.VERIFY,
    ]
    returned = page_audit(page).get(action=Action.RETURN)
    assert returned.note == "Tên chưa đúng quy ước." and returned.actor == users["tinh"]
    assert returned.changes["status"] == ["reported", "returned"]


@pytest.mark.parametrize(
    ("status", "step"),
    [
        (PageStatus.DRAFT, "verify"),
        (PageStatus.DRAFT, "return"),
        (PageStatus.RETURNED, "verify"),
        (PageStatus.REPORTED, "report"),
        (PageStatus.VERIFIED, "report"),
        (PageStatus.VERIFIED, "verify"),
        (PageStatus.VERIFIED, "return"),
    ],
)
def test_forbidden_transitions_are_refused_and_change_nothing(tree, users, register, status, step):
    page = register(tree["commune_a1"], COMMUNE_NAME, by=users["xa"])
    CommunityPage.objects.filter(pk=page.pk).update(status=status)
    page.refresh_from_db()
    calls = {
        "report": lambda: services.page_report(page=page, by=users["xa"]),
        "verify": lambda: services.page_verify(page=page, by=users["huyen"]),
        "return": lambda: services.page_return(page=page, by=users["huyen"], reason="Sai"),
    }
    with pytest.raises(ValidationError) as exc:
        calls[step]()
    assert "trang đang: " in exc.value.messages[0]
    page.refresh_from_db()
    assert page.status == status
    assert [e.action for e in page.events.all()] == ["register"]
    assert audit_actions(page) == [Action.CREATE]


def test_return_needs_a_reason(tree, users, register):
    page = register(tree["commune_a1"], COMMUNE_NAME)
    services.page_report(page=page, by=users["xa"])
    with pytest.raises(ValidationError) as exc:
        services.page_return(page=page, by=users["huyen"], reason="   ")
    assert exc.value.message_dict == {"reason": ["Lý do trả lại không được để trống."]}
    page.refresh_from_db()
    assert page.status == PageStatus.REPORTED


@pytest.mark.parametrize(
    ("unit_key", "allowed", "refused"),
    [
        # The commune's page: the district above, the province and the area specialist.
        ("commune_a1", {"huyen", "tinh", "chuyenvien1"}, {"xa", "xem", "chuyenvien2"}),
        # The district's page: never the district's own staff.
        ("district_a", {"tinh", "chuyenvien1"}, {"huyen", "xa", "xem", "chuyenvien2"}),
    ],
)
def test_who_may_verify(tree, users, register, unit_key, allowed, refused):
    page = register(tree[unit_key], "Trang")
    assert {u for u in allowed | refused if selectors.page_can_verify(users[u], page)} == allowed


def test_units_own_staff_cannot_verify_their_page(tree, users, register):
    page = register(tree["district_a"], DISTRICT_NAME, by=users["huyen"])
    services.page_report(page=page, by=users["huyen"])
    with pytest.raises(PermissionDenied):
        services.page_verify(page=page, by=users["huyen"])
    with pytest.raises(PermissionDenied):
        services.page_return(page=page, by=users["huyen"], reason="Tự trả lại")
    page.refresh_from_db()
    assert page.status == PageStatus.REPORTED


def test_area_specialist_verifies_a_district_page(tree, users, register):
    page = register(tree["district_a"], DISTRICT_NAME, by=users["huyen"])
    services.page_report(page=page, by=users["huyen"])
    services.page_verify(page=page, by=users["chuyenvien1"])
    page.refresh_from_db()
    assert page.status == PageStatus.VERIFIED


def test_review_queue_holds_reported_pages_the_user_may_verify(tree, users, register):
    district = register(tree["district_a"], DISTRICT_NAME)
    commune = register(tree["commune_a1"], COMMUNE_NAME)
    draft = register(tree["commune_a2"], "Mặt trận xã An Hai huyện An tỉnh Thử")
    other = register(tree["district_b"], "Mặt trận huyện Bình tỉnh Thử")
    for page in (district, commune, other):
        services.page_report(page=page, by=None)
    assert draft.status == PageStatus.DRAFT

    def queue(username):
        return set(selectors.review_queue(users[username]).values_list("pk", flat=True))

    assert queue("tinh") == {district.pk, commune.pk, other.pk}
    assert queue("chuyenvien1") == {district.pk, commune.pk}
    assert queue("chuyenvien2") == {other.pk}
    assert queue("huyen") == {commune.pk}
    assert queue("xa") == set() and queue("xem") == set()


def test_changing_name_or_link_of_a_verified_page_needs_a_new_report(
    tree, users, register, cadre_of
):
    page = register(tree["district_a"], DISTRICT_NAME)
    services.page_report(page=page, by=users["huyen"])
    services.page_verify(page=page, by=users["tinh"])

    # A new manager alone does not touch what was checked.
    services.page_update(page=page, by=users["huyen"], manager=cadre_of(tree["district_a"]))
    page.refresh_from_db()
    assert page.status == PageStatus.VERIFIED and page.verified_at is not None

    services.page_update(page=page, by=users["huyen"], link="facebook.com/mattran.an.moi")
    page.refresh_from_db()
    assert page.status == PageStatus.DRAFT and page.verified_at is None
    assert [e.action for e in page.events.all()][-2:] == ["update", "reopen"]
    last = page_audit(page).order_by("-id").first()
    assert last.changes["status"] == ["verified", "draft"]


def test_saving_the_same_values_writes_nothing(tree, users, register):
    page = register(tree["district_a"], DISTRICT_NAME)
    services.page_update(page=page, by=users["huyen"], name=f" {DISTRICT_NAME} ")
    assert [e.action for e in page.events.all()] == ["register"]
    assert audit_actions(page) == [Action.CREATE]


def test_manager_must_be_a_cadre_of_the_same_unit(tree, register, cadre_of):
    with pytest.raises(ValidationError) as exc:
        register(tree["district_a"], DISTRICT_NAME, manager=cadre_of(tree["commune_a1"]))
    assert list(exc.value.message_dict) == ["manager"]
    assert "Huyện An" in exc.value.message_dict["manager"][0]
    assert not CommunityPage.objects.exists()
    page = register(tree["district_a"], DISTRICT_NAME, manager=cadre_of(tree["district_a"]))
    assert page.manager.unit == tree["district_a"]


def test_the_same_page_twice_in_a_unit_is_refused_whatever_the_spelling(tree, register):
    register(tree["district_a"], DISTRICT_NAME, link="https://www.facebook.com/mattranan")
    with pytest.raises(ValidationError) as exc:
        register(tree["district_a"], "Trang khác", link="m.facebook.com/MatTranAn/?ref=share")
    assert list(exc.value.message_dict) == ["link_raw"]
    assert CommunityPage.objects.count() == 1


@pytest.mark.parametrize(
    "link",
    [
        "",
        "   ",
        "javascript:alert(1)",
        "mattran huyen an",
        "https://zalo.me/0912345678",
        "0912345678",
    ],
)
def test_bad_links_are_refused_naming_the_field(tree, register, link):
    with pytest.raises(ValidationError) as exc:
        register(tree["district_a"], DISTRICT_NAME, link=link or " ")
    assert list(exc.value.message_dict) == ["link_raw"]
    assert exc.value.message_dict["link_raw"][0].startswith("Liên kết của trang")
    assert not CommunityPage.objects.exists()


def test_a_zalo_official_account_is_a_page_too(tree, register):
    page = register(
        tree["district_a"],
        DISTRICT_NAME,
        link="https://zalo.me/1234567890123456789",
        platform=Platform.objects.get(key="zalo_oa"),
    )
    assert page.canonical == "https://zalo.me/1234567890123456789"


def test_pasted_nfd_text_is_stored_as_nfc(tree, register):
    page = register(tree["commune_a1"], unicodedata.normalize("NFD", COMMUNE_NAME))
    page.refresh_from_db()
    assert page.name == COMMUNE_NAME and unicodedata.is_normalized("NFC", page.name)
    assert page.name_verdict == NameVerdict.MATCH


def test_html_and_emoji_are_kept_as_text(tree, register):
    name = "<b>Mặt trận</b> 🇻🇳 huyện An <script>alert(1)</script>"
    page = register(tree["district_a"], name)
    page.refresh_from_db()
    assert page.name == name
    assert page.name_verdict == NameVerdict.MISMATCH


def test_emoji_sequences_keep_their_joiners(tree, register):
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    page = register(tree["district_a"], f"Mặt trận huyện An tỉnh Thử {family}")
    page.refresh_from_db()
    assert page.name.endswith(family)


def test_invisible_and_control_characters(tree, register):
    page = register(tree["district_a"], "Mặt trận huyện\u00ad An\u200e tỉnh Thử")
    assert page.name == DISTRICT_NAME
    with pytest.raises(ValidationError) as exc:
        register(tree["district_a"], "Mặt trận\x07 huyện An")
    assert list(exc.value.message_dict) == ["name"]
    with pytest.raises(ValidationError) as exc:
        register(tree["district_a"], " \u200b ")
    assert exc.value.message_dict == {"name": ["Tên trang không được để trống."]}


def test_creation_date_cannot_be_in_the_future(tree, register):
    with pytest.raises(ValidationError) as exc:
        register(
            tree["district_a"],
            DISTRICT_NAME,
            created_on=timezone.localdate() + dt.timedelta(days=1),
        )
    assert list(exc.value.message_dict) == ["created_on"]


@pytest.mark.parametrize(
    ("reporter", "unit_key"),
    [("huyen", "commune_a1"), ("xa", "village"), ("tinh", "district_a")],
)
def test_the_reporter_never_verifies_the_page_they_reported(
    tree, users, register, reporter, unit_key
):
    """huyen registering, reporting and verifying a commune's page (and xa on its village)
    was possible: the 15-point criterion then rewarded a check nobody made."""
    page = register(tree[unit_key], "Trang", by=users[reporter])
    services.page_report(page=page, by=users[reporter])
    page.refresh_from_db()
    assert page.reported_by == users[reporter]
    assert not selectors.page_can_verify(users[reporter], page)
    assert page.pk not in selectors.review_queue(users[reporter]).values_list("pk", flat=True)
    with pytest.raises(PermissionDenied):
        services.page_verify(page=page, by=users[reporter])
    with pytest.raises(PermissionDenied):
        services.page_return(page=page, by=users[reporter], reason="Tự trả lại")
    page.refresh_from_db()
    assert page.status == PageStatus.REPORTED
    # Someone else above the unit still may (the name "Trang" breaks the convention: with
    # a reason).
    services.page_verify(page=page, by=users["chuyenvien1"], note="Tên tạm, đã đồng ý")
    page.refresh_from_db()
    assert (page.status, page.verified_by) == (PageStatus.VERIFIED, users["chuyenvien1"])


def test_the_database_refuses_a_page_verified_by_its_reporter(tree, users, register):
    from django.db import IntegrityError, transaction

    page = register(tree["commune_a1"], COMMUNE_NAME, by=users["xa"])
    services.page_report(page=page, by=users["huyen"])
    with pytest.raises(IntegrityError), transaction.atomic():
        CommunityPage.objects.filter(pk=page.pk).update(
            status=PageStatus.VERIFIED, verified_by=users["huyen"]
        )


def test_a_name_that_breaks_the_convention_is_verified_only_with_a_reason(tree, users, register):
    page = register(tree["commune_a1"], "Trang", by=users["xa"])
    assert page.name_verdict == "mismatch"
    services.page_report(page=page, by=users["xa"])
    page.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        services.page_verify(page=page, by=users["huyen"], note="  ")
    assert "ghi lý do vào ghi chú" in refused.value.message_dict["note"][0]
    page.refresh_from_db()
    assert page.status == PageStatus.REPORTED
    services.page_verify(page=page, by=users["huyen"], note="Ban Thường trực đồng ý")
    page.refresh_from_db()
    assert page.status == PageStatus.VERIFIED
    assert page.events.order_by("-at", "-pk").first().note == "Ban Thường trực đồng ý"
