"""Issue #17 leftovers: the consent column of the form template and its import, the consent
field of the cadre form; gender and birth year masked for those who do not see personal data;
the legal figures read from the environment."""

import datetime as dt
import importlib

import pytest
from django.urls import reverse
from python_calamine import CalamineWorkbook

from frontnet.audit.models import Action, AuditEntry, Channel
from frontnet.cadres.fields import BY_NAME
from frontnet.privacy import services
from frontnet.privacy.models import Consent, ConsentMethod, PrivacySettings
from frontnet.privacy.selectors import privacy_settings_of
from frontnet.workbooks.applying import apply_plan
from frontnet.workbooks.export import template_build
from frontnet.workbooks.importing import plan_import
from frontnet.workbooks.tests.conftest import write_book

pytestmark = pytest.mark.django_db

HEADER = BY_NAME["consent"].header


def _rows(data: bytes) -> list[list]:
    book = CalamineWorkbook.from_filelike(__import__("io").BytesIO(data))
    return book.get_sheet_by_name("Cán bộ").to_python()


def _with_consent(data: bytes, cadre_id: int, day: str) -> bytes:
    """The exported template with `day` typed in the cadre's consent cell."""
    rows = _rows(data)
    header = next(i for i, r in enumerate(rows) if HEADER in r)
    column = rows[header].index(HEADER)
    out = [list(r) for r in rows[header:]]
    for row in out[1:]:
        if row[0] not in ("", None) and int(float(row[0])) == cadre_id:
            row[column] = day
    return write_book({"Cán bộ": out})


@pytest.fixture
def notice(tree, users):
    return services.consent_notice_publish(
        province=tree["province"], text="Mặt trận tỉnh xử lý số điện thoại…", by=users["tinh"]
    )


def test_a_consent_typed_in_the_template_is_recorded_and_comes_back_unchanged(
    ngoc, notice, tree, users
):
    data = template_build(unit=tree["commune_a1"])
    assert HEADER in _rows(data)[0]
    plan = plan_import(
        data=_with_consent(data, ngoc.pk, "05/01/2026"), filename="cb.xlsx", unit=tree["commune_a1"]
    )
    assert plan.rejections == []
    assert plan.counts["updated"] == 1
    apply_plan(plan, by=users["xa"])
    consent = Consent.objects.get(cadre=ngoc)
    assert (consent.agreed_on, consent.method, consent.notice) == (
        dt.date(2026, 1, 5),
        ConsentMethod.IMPORT,
        notice,
    )
    entry = AuditEntry.objects.get(model="privacy.consent", action=Action.CREATE)
    assert entry.channel == Channel.IMPORT and entry.actor == users["xa"]

    again = template_build(unit=tree["commune_a1"])
    (row,) = [r for r in _rows(again)[1:] if r[0] not in ("", None) and int(r[0]) == ngoc.pk]
    assert "05/01/2026" in row
    plan = plan_import(data=again, filename="cb.xlsx", unit=tree["commune_a1"])
    assert plan.counts["updated"] == 0 and plan.counts["rejected"] == 0
    apply_plan(plan, by=users["xa"])
    assert Consent.objects.filter(cadre=ngoc).count() == 1


def test_a_consent_cell_without_a_notice_of_the_province_is_rejected_where_it_is(ngoc, tree, users):
    data = _with_consent(template_build(unit=tree["commune_a1"]), ngoc.pk, "05/01/2026")
    plan = plan_import(data=data, filename="cb.xlsx", unit=tree["commune_a1"])
    (rejection,) = plan.rejections
    assert rejection.column == HEADER and "thông báo" in rejection.reason
    assert rejection.reason.endswith("Ví dụ: 05/01/2026")


def _consent_typed(client, cadre, day: str):
    """The cadre's edit form posted back with only the consent day typed."""
    form = client.get(reverse("cadre_edit", args=[cadre.pk])).context["form"]
    data = {n: "" if form.initial.get(n) is None else form.initial[n] for n in form.fields}
    data |= {"category": cadre.category_id, "consent": day}
    return client.post(reverse("cadre_edit", args=[cadre.pk]), data)


def test_the_cadre_form_records_a_consent_day(client_for, ngoc, notice):
    response = _consent_typed(client_for("xa"), ngoc, "03/01/2026")
    assert response.status_code == 302
    consent = Consent.objects.get(cadre=ngoc)
    assert (consent.agreed_on, consent.method) == (dt.date(2026, 1, 3), ConsentMethod.IN_PERSON)
    form = client_for("xa").get(reverse("cadre_edit", args=[ngoc.pk])).context["form"]
    assert form.initial["consent"] == dt.date(2026, 1, 3)


def test_a_consent_day_without_a_notice_is_an_error_on_its_field(client_for, ngoc):
    response = _consent_typed(client_for("xa"), ngoc, "03/01/2026")
    assert response.status_code == 200
    assert "thông báo" in response.context["form"].errors["consent"][0]
    assert not Consent.objects.exists()


@pytest.mark.parametrize("username", ["xem", "huyen"])
def test_gender_and_birth_year_are_masked_for_who_does_not_see_personal_data(
    client_for, ngoc, username
):
    page = client_for(username).get(reverse("cadre_detail", args=[ngoc.pk])).content.decode()
    assert "1986" not in page and "Nữ" not in page and "[ẩn]" in page


def test_the_communes_own_staff_see_gender_and_birth_year(client_for, ngoc):
    page = client_for("xa").get(reverse("cadre_detail", args=[ngoc.pk])).content.decode()
    assert "1986" in page and "Nữ" in page


def test_the_masked_template_hides_gender_and_birth_year_and_comes_back_unchanged(
    ngoc, tree, users
):
    data = template_build(unit=tree["district_a"], user=users["huyen"])
    (row,) = [r for r in _rows(data)[1:] if r[0] not in ("", None) and int(r[0]) == ngoc.pk]
    assert "Nữ" not in row and 1986 not in row and "1986" not in row and "[ẩn]" in row
    plan = plan_import(data=data, filename="cb.xlsx", unit=tree["district_a"])
    assert plan.counts["updated"] == 0 and plan.counts["rejected"] == 0
    apply_plan(plan, by=users["huyen"])
    ngoc.refresh_from_db()
    assert (ngoc.gender, ngoc.birth_year) == ("female", 1986)


def test_the_legal_figures_come_from_the_environment(monkeypatch, tree):
    import config.settings as config

    monkeypatch.setenv("PRIVACY_RETENTION_MONTHS", "36")
    monkeypatch.setenv("PRIVACY_DAYS_ACCESS", "20")
    monkeypatch.setenv("PRIVACY_BREACH_NOTIFY_HOURS", "48")
    reloaded = importlib.reload(config)
    try:
        assert reloaded.PRIVACY_RETENTION_MONTHS == 36
        assert reloaded.PRIVACY_REQUEST_DAYS["access"] == 20
        assert reloaded.PRIVACY_BREACH_NOTIFY_HOURS == 48
    finally:
        monkeypatch.undo()
        importlib.reload(config)


def test_a_province_s_retention_starts_at_the_configured_default(settings, tree):
    settings.PRIVACY_RETENTION_MONTHS = 30
    assert privacy_settings_of(tree["province"]).retention_months == 30
    assert PrivacySettings(province=tree["province"]).retention_months == 30
