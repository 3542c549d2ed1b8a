"""How to find personal-data records outside a user's scope, for tests/test_scope_sweep.py."""

import datetime as dt

from django.utils import timezone

from frontnet.accounts.models import User
from frontnet.cadres.models import Cadre
from frontnet.cadres.tests.scope_cases import cadre_outside, province_outside
from frontnet.privacy.models import (
    Breach,
    Consent,
    ConsentNotice,
    DataSubjectRequest,
    PersonalDataGrant,
)
from frontnet.units.access import province_of


def _cadre(tree, user) -> Cadre:
    return Cadre.objects.select_related("unit").get(pk=cadre_outside(tree, user))


def request_outside(tree, user):
    cadre = _cadre(tree, user)
    return DataSubjectRequest.objects.create(
        province=province_of(unit=cadre.unit),
        cadre=cadre,
        kind="access",
        received_on=dt.date(2026, 1, 2),
    ).pk


def consent_outside(tree, user):
    cadre = _cadre(tree, user)
    province = province_of(unit=cadre.unit)
    notice, _ = ConsentNotice.objects.get_or_create(
        province=province, version=1, defaults={"text": "Thông báo"}
    )
    return Consent.objects.create(
        cadre=cadre, notice=notice, agreed_on=dt.date(2026, 1, 2), method="in_person"
    ).pk


def breach_outside(tree, user):
    return Breach.objects.create(
        province_id=province_outside(tree, user), found_at=timezone.now(), what="Lộ danh sách"
    ).pk


def grant_outside(tree, user):
    holder, _ = User.objects.get_or_create(username="nguoi-ngoai-pham-vi")
    return PersonalDataGrant.objects.create(
        user=holder, province_id=province_outside(tree, user), kind="personal_data"
    ).pk


OUT_OF_SCOPE = {
    "privacy_home": province_outside,
    "privacy_requests": province_outside,
    "privacy_access_log": province_outside,
    "privacy_breaches": province_outside,
    "privacy_grant_revoke": grant_outside,
    "privacy_request": request_outside,
    "privacy_breach": breach_outside,
    "consent_withdraw": consent_outside,
    "cadre_personal": cadre_outside,
    "cadre_subject_export": cadre_outside,
    "cadre_erase": cadre_outside,
    "restriction_lift": cadre_outside,
    "cadre_reveal": cadre_outside,
}

OUT_OF_SCOPE |= {
    "api_privacy_requests": province_outside,
    "api_privacy_request": request_outside,
    "api_privacy_request_close": request_outside,
    "api_cadre_reveal": cadre_outside,
    "api_cadre_subject_export": cadre_outside,
    "api_cadre_erase": cadre_outside,
}
