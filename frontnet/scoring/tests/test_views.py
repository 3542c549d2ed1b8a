"""The scoring pages: who sees what, who may compute and publish, and the downloads."""

import datetime as dt

import pytest
from django.urls import reverse

from frontnet.audit.models import AuditEntry
from frontnet.scoring.models import Period
from frontnet.scoring.services import period_publish, scores_compute

pytestmark = pytest.mark.django_db


def url(name, unit, period=""):
    return reverse(name, kwargs={"pk": unit.pk}) + (f"?period={period}" if period else "")


@pytest.fixture
def january(story, tree, users):
    return scores_compute(
        province=tree["province"], kind="month", start=dt.date(2022, 1, 1), by=users["tinh"]
    )


def test_unpublished_scores_are_seen_only_by_the_province_admin(client_for, tree, january):
    page = client_for("huyen").get(url("unit_scores", tree["district_a"]))
    assert page.status_code == 200 and page.context["period"] is None
    page = client_for("tinh").get(url("unit_scores", tree["province"], "2022-01"))
    assert page.context["period"] == january
    assert (
        client_for("huyen").get(url("unit_scores_xlsx", tree["district_a"], "2022-01")).status_code
        == 404
    )


def test_commune_sees_its_breakdown_and_only_the_ranking_in_its_scope(
    client_for, tree, users, january
):
    period_publish(period=january, by=users["tinh"])
    page = client_for("xa").get(url("unit_scores", tree["commune_a1"], "2022-01"))
    board = page.context["board"]
    assert board.own.unit_name == "Xã An Một" and board.own.rank_in_level == 1
    assert board.scores == []  # nothing scored below a commune
    text = page.content.decode()
    assert "75% (3/4 cán bộ)" in text and "1, 2, 2, 4" in text
    # The district sees its communes, not huyện Bình's.
    board = (
        client_for("huyen").get(url("unit_scores", tree["district_a"], "2022-01")).context["board"]
    )
    assert [s.unit_name for s in board.scores] == ["Xã An Hai", "Xã An Một"]


def test_province_admin_computes_publishes_and_unpublishes_with_a_reason(client_for, tree, story):
    client = client_for("tinh")
    province = tree["province"]
    response = client.post(url("scores_compute", province), {"period": "2022-01"})
    assert response.status_code == 302
    period = Period.objects.get(kind="month", start=dt.date(2022, 1, 1))
    assert period.scores.count() == 5
    client.post(url("scores_publish", province), {"period": "2022-01"})
    period.refresh_from_db()
    assert not period.published  # publishing freezes the month: only once confirmed
    client.post(url("scores_publish", province), {"period": "2022-01", "confirm": "1"})
    period.refresh_from_db()
    assert period.published
    client.post(url("scores_compute", province), {"period": "2022-01"})  # refused: frozen
    client.post(url("scores_unpublish", province), {"period": "2022-01", "reason": ""})
    period.refresh_from_db()
    assert period.published  # a reason is required
    client.post(url("scores_unpublish", province), {"period": "2022-01", "reason": "Sai số liệu"})
    period.refresh_from_db()
    assert not period.published
    assert AuditEntry.objects.filter(action="unpublish", note="Sai số liệu").exists()


def test_only_the_province_admin_may_compute(client_for, tree, story):
    for username in ("huyen", "xem"):
        response = client_for(username).post(
            url("scores_compute", tree["district_a"]), {"period": "2022-01"}
        )
        assert response.status_code == 403
    assert client_for("tinh").get(url("scores_compute", tree["province"])).status_code == 405
    assert not Period.objects.exists()


def test_downloads(client_for, tree, january):
    client = client_for("tinh")
    xlsx = client.get(url("unit_scores_xlsx", tree["province"], "2022-01"))
    assert xlsx.status_code == 200 and xlsx.content.startswith(b"PK")
    assert 'filename="thi-dua-99-2022-01.xlsx"' in xlsx["Content-Disposition"]
    docx = client.get(url("unit_scores_docx", tree["province"], "2022-01"))
    assert docx.status_code == 200 and docx.content.startswith(b"PK")


def test_unit_page_links_to_scoring(client_for, tree):
    page = client_for("xa").get(reverse("unit_detail", kwargs={"pk": tree["commune_a1"].pk}))
    assert url("unit_scores", tree["commune_a1"]).encode() in page.content


def test_scores_page_queries_do_not_grow_with_the_units(
    client_for, tree, january, django_assert_max_num_queries
):
    client = client_for("tinh")
    # Session, user, scope, province, criteria and levels, periods, scores, lines: a constant.
    with django_assert_max_num_queries(20):
        client.get(url("unit_scores", tree["province"], "2022-01"))


def test_a_refused_period_is_given_back_to_correct(client_for, tree, story):
    province = tree["province"]
    client = client_for("tinh")
    response = client.post(url("scores_compute", province), {"period": "2022-13"}, follow=True)
    assert response.status_code == 200
    assert not Period.objects.exists()
    page = response.content.decode()
    assert 'id="compute-period" name="period" value="2022-13"' in page
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
