"""The demo makes only data the app's own rules accept (issue #12, item 1): every cadre passes
the cadre form's rules (the ones the web form and the import share), every account the
account rules, and the untouched template of the demo province comes back with no rejection."""

import phonenumbers
import pytest
from django.core.management import call_command

from frontnet.cadres.models import Cadre, SocialAccount
from frontnet.cadres.normalize import format_phone_national
from frontnet.cadres.rules import cadre_fields_clean
from frontnet.cadres.services import account_link
from frontnet.demo.registry import MOBILE_PREFIXES, demo_phone
from frontnet.units.models import Unit
from frontnet.workbooks.export import template_build
from frontnet.workbooks.importing import plan_import

pytestmark = pytest.mark.django_db


def test_every_demo_phone_is_a_real_mobile_range():
    # Every prefix, and both ends of the range of numbers the demo draws from.
    for number in [10_000_000, 99_999_998, *range(10_000_000, 10_000_000 + len(MOBILE_PREFIXES))]:
        parsed = phonenumbers.parse(demo_phone(number))
        assert phonenumbers.is_valid_number(parsed), demo_phone(number)
        assert phonenumbers.number_type(parsed) == phonenumbers.PhoneNumberType.MOBILE
    assert len({demo_phone(n) for n in range(10_000_000, 10_020_000)}) == 20_000


def _as_typed(cadre: Cadre) -> dict:
    """The cadre's stored values as the edit form shows them to be posted back."""
    return {
        "full_name": cadre.full_name,
        "gender": cadre.gender,
        "birth_year": cadre.birth_year or "",
        "position": cadre.position,
        "phone": format_phone_national(cadre.phone),
        "email": cadre.email,
    }


def test_every_demo_cadre_and_account_passes_the_rules_and_the_template_comes_back_clean():
    call_command("demo", "--shape", "today", "--seed", "2022")
    cadres = list(Cadre.objects.all())
    assert len(cadres) > 1000
    refused = {}
    for cadre in cadres:
        values, errors = cadre_fields_clean(_as_typed(cadre))
        if errors:
            refused[cadre.pk] = errors
        elif cadre.phone:
            assert values["phone"] == cadre.phone
    assert refused == {}

    accounts = list(SocialAccount.objects.select_related("platform"))
    assert accounts
    for account in accounts:
        link = account_link(account.link_raw, account.platform)
        assert link.canonical == account.canonical, account.link_raw

    # The untouched template of the province people see (today's), imported again.
    province = Unit.objects.get(scheme="2025", parent__isnull=True, code="40")
    data = template_build(unit=province)
    plan = plan_import(data=data, filename="bieu-mau.xlsx", unit=province)
    assert [(r.row, r.column, r.reason) for r in plan.rejections] == []
    changed = [
        (r.sheet, r.row, r.action, r.changes)
        for r in [*plan.cadre_rows, *plan.page_rows]
        if r.action in ("created", "updated")
    ]
    assert changed == []
    assert plan.counts == {**plan.counts, "created": 0, "updated": 0, "rejected": 0}
    assert (
        len(plan.cadre_rows)
        == Cadre.objects.filter(
            unit__path__startswith=province.path, active_to__isnull=True
        ).count()
    )
