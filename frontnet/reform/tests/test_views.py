"""The province administrator's transition page: plan, answers, workbook, commit."""

import pytest
from django.urls import reverse

from frontnet.accounts.models import Role
from frontnet.cadres.models import Cadre
from frontnet.reform.models import Decision

from .test_transition import person, world  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(world):  # noqa: F811
    return person("tinh", Role.PROVINCE_ADMIN, world["new"])


def test_plan_page_answers_and_commit(client, world, admin):  # noqa: F811
    client.force_login(admin)
    url = reverse("reform_plan", args=[world["new"].pk])
    page = client.get(url)
    assert page.status_code == 200
    assert f"residential:{world['thon1'].pk}" in page.content.decode()
    key = f"residential:{world['thon1'].pk}"
    client.post(url, {f"q-{key}": f"unit:{world['moi2'].pk}", "q-bogus": "x"})
    assert dict(Decision.objects.values_list("key", "value")) == {key: f"unit:{world['moi2'].pk}"}
    # Undecided questions remain: the transition is refused, nothing written.
    client.post(reverse("reform_commit", args=[world["new"].pk]))
    assert not Cadre.objects.filter(unit=world["new"]).exists()
    client.post(reverse("reform_commit", args=[world["new"].pk]), {"use_defaults": "on"})
    assert Cadre.objects.filter(unit__parent=world["moi2"], full_name="Lê Văn Một").exists()
    done = client.get(url).content.decode()
    assert "cần đổi tên" in done  # the carried pages named after a district are listed
    xlsx = client.get(reverse("reform_questions", args=[world["new"].pk]))
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    # History reads as it was: the new province's dashboard as of 2022 is the legacy one's,
    # the closed commune names its successors, the carried cadre shows both units.
    dashboard = reverse("unit_dashboard", args=[world["new"].pk])
    old_dashboard = reverse("unit_dashboard", args=[world["old"].pk])
    assert client.get(dashboard + "?as_of=2022-03-31")["Location"] == (
        old_dashboard + "?as_of=2022-03-31"
    )
    assert client.get(old_dashboard + "?as_of=2022-03-31").status_code == 200
    closed = client.get(reverse("unit_detail", args=[world["an1"].pk])).content.decode()
    assert "Xã Mới Một" in closed and "Xã Mới Hai" in closed
    carried = Cadre.objects.get(unit__parent=world["moi2"], full_name="Lê Văn Một")
    shown = client.get(reverse("cadre_detail", args=[carried.pk])).content.decode()
    assert "Đơn vị qua các thời kỳ" in shown and "30/06/2025" in shown


def test_upload_previews_and_locates_errors(client, world, admin):  # noqa: F811
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(admin)
    bad = SimpleUploadedFile("qd.csv", "Mã câu hỏi,Quyết định\nkhong-co:1,tỉnh\n".encode())
    page = client.post(reverse("reform_upload", args=[world["new"].pk]), {"file": bad})
    assert "dòng 2" in page.content.decode()
    assert not Decision.objects.exists()


def test_only_the_province_administrator_plans(client, world):  # noqa: F811
    staff = person("xa", Role.UNIT_STAFF, world["new"])
    client.force_login(staff)
    assert client.get(reverse("reform_plan", args=[world["new"].pk])).status_code == 403
    assert client.get(reverse("reform_plan", args=[world["moi1"].pk])).status_code == 404


def test_the_legacy_province_administrator_carries_it_over(client, world):  # noqa: F811
    """Before the transition the administrator is still on the legacy province, which cannot
    see the new one: they plan from the legacy province's page, and end up on the new one."""
    legacy_admin = person("tinh", Role.PROVINCE_ADMIN, world["old"])
    client.force_login(legacy_admin)
    url = reverse("reform_plan", args=[world["old"].pk])
    assert client.get(url).status_code == 200
    assert client.get(reverse("reform_plan", args=[world["new"].pk])).status_code == 404
    response = client.post(reverse("reform_commit", args=[world["old"].pk]), {"use_defaults": "1"})
    assert response["Location"] == reverse("reform_plan", args=[world["new"].pk])
    legacy_admin.refresh_from_db()
    assert legacy_admin.unit_id == world["new"].pk
    assert client.get(response["Location"]).status_code == 200


def test_the_merging_commune_chooses_the_page_that_continues(client, world, admin):  # noqa: F811
    """By default An Một's and An Hai's pages both land on Xã Mới Một: An Hai's staff choose
    theirs on the web (audited, on the new commune), a viewer reads only, another commune's
    user gets 404; after the transition the page says which continued."""
    from frontnet.audit.models import AuditEntry
    from frontnet.pages.models import CommunityPage
    from frontnet.reform.plan import build_plan
    from frontnet.reform.services import reform_commit

    staff = person("xa_an2", Role.UNIT_STAFF, world["an2"])
    viewer = person("xem_an1", Role.VIEWER, world["an1"])
    other = person("xa_binh", Role.UNIT_STAFF, world["binh1"])
    an1_page, an2_page = world["pages"]["an1"], world["pages"]["an2"]
    url = reverse("reform_keep_page", args=[world["an2"].pk])
    client.force_login(other)
    assert client.get(url).status_code == 404
    client.force_login(viewer)
    seen = client.get(reverse("reform_keep_page", args=[world["an1"].pk]))
    assert seen.status_code == 200 and "disabled" in seen.content.decode()
    assert (
        client.post(
            reverse("reform_keep_page", args=[world["an1"].pk]), {"page": f"page:{an1_page.pk}"}
        ).status_code
        == 403
    )
    client.force_login(staff)
    page = client.get(url).content.decode()
    assert an1_page.name in page and an2_page.name in page and "Xã Mới Một" in page
    assert "disabled" not in page
    client.post(url, {"page": f"page:{an2_page.pk}"})
    key = f"keep:{world['moi1'].pk}"
    assert dict(Decision.objects.values_list("key", "value")) == {key: f"page:{an2_page.pk}"}
    entry = AuditEntry.objects.get(model="reform.decision")
    assert (entry.actor_id, entry.unit_id) == (staff.pk, world["moi1"].pk)
    assert build_plan(world["new"]).questions[key].value == f"page:{an2_page.pk}"
    client.post(url, {"page": "page:999999"})  # not one of the pages: nothing changes
    assert Decision.objects.get(key=key).value == f"page:{an2_page.pk}"

    reform_commit(plan=build_plan(world["new"]), by=None, use_defaults=True)
    continuing = CommunityPage.objects.get(unit=world["moi1"], active=True)
    assert continuing.name == an2_page.name
    after = client.get(url).content.decode()
    assert "tiếp tục hoạt động" in after
    # The choice is history now: the old commune's staff have moved and may not change it.
    assert client.post(url, {"page": f"page:{an1_page.pk}"}).status_code in (403, 404)
