"""Reads of personal-data records. Scope comes from frontnet.units.access."""

import datetime as dt

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from frontnet.cadres.models import Cadre
from frontnet.units.access import get_scoped, user_is_dpo
from frontnet.units.models import Unit

from .models import (
    DEFAULT_KEPT_WITHOUT_CONSENT,
    AccessLogEntry,
    Breach,
    Consent,
    ConsentNotice,
    DataSubjectRequest,
    Erasure,
    PersonalDataGrant,
    PrivacySettings,
    Restriction,
)


def privacy_settings_of(province: Unit) -> PrivacySettings:
    """The province's settings; the defaults (unsaved) until the office changes them."""
    return PrivacySettings.objects.filter(province=province).first() or PrivacySettings(
        province=province, kept_without_consent=list(DEFAULT_KEPT_WITHOUT_CONSENT)
    )


def current_notice(province: Unit) -> ConsentNotice | None:
    return ConsentNotice.objects.filter(province=province).order_by("-version").first()


def notices_of(province: Unit) -> QuerySet[ConsentNotice]:
    return ConsentNotice.objects.filter(province=province).order_by("-version")


# --- Consent ----------------------------------------------------------------------------------


def valid_consent_cadres() -> QuerySet:
    """Ids of the cadres whose consent is valid today."""
    return valid_consents().values("cadre_id")


def consent_ok_exists() -> Exists:
    """For annotating cadres: whether each has a valid consent today."""
    return Exists(valid_consents().filter(cadre=OuterRef("pk")))


def valid_consents() -> QuerySet[Consent]:
    """Consents not withdrawn, to a notice version the province still accepts."""
    today = timezone.localdate()
    consents = Consent.objects.filter(
        Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=today), agreed_on__lte=today
    )
    minimum = PrivacySettings.objects.filter(province=OuterRef("notice__province")).values(
        "consent_min_version"
    )
    consents = consents.annotate(
        too_old=Exists(minimum.filter(consent_min_version__gt=OuterRef("notice__version")))
    ).filter(too_old=False)
    return consents


def consent_days(**cadre_filter) -> dict[int, dt.date]:
    """The day of each cadre's latest valid consent, for the cadres `cadre_filter` selects
    (Consent lookups such as cadre__unit__path__startswith=…): one query, no id list."""
    consents = valid_consents().filter(**cadre_filter).order_by("agreed_on", "pk")
    return dict(consents.values_list("cadre_id", "agreed_on"))


def consents_of(cadre: Cadre) -> QuerySet[Consent]:
    return Consent.objects.filter(cadre=cadre).select_related("notice", "recorded_by")


def consent_get_for_user(user, pk) -> Consent:
    return get_scoped(
        user=user,
        queryset=Consent.objects.select_related("cadre__unit", "notice"),
        pk=pk,
        prefix="cadre__unit__",
    )


def cadre_consent_ok(cadre: Cadre) -> bool:
    return Cadre.objects.filter(pk=cadre.pk, pk__in=valid_consent_cadres()).exists()


# --- Hidden from lists ------------------------------------------------------------------------


def hidden_cadres() -> QuerySet:
    """Ids of cadres kept out of lists and exports: restricted, objected to, or erased."""
    restricted = Restriction.objects.filter(lifted_on__isnull=True).values("cadre_id")
    erased = Erasure.objects.values("cadre_id")
    return Cadre.objects.filter(Q(pk__in=restricted) | Q(pk__in=erased)).values("pk")


def hidden_ids_for(*, user, unit: Unit) -> set[int]:
    """The hidden cadres (see `hidden_cadres`) the user's exports of `unit` leave out."""
    if user_is_dpo(user=user, unit=unit):
        return set()
    return set(
        hidden_cadres().filter(unit__path__startswith=unit.path).values_list("pk", flat=True)
    )


def listable_q(*, user, unit: Unit, prefix: str = "") -> Q:
    """The cadres the user's lists and exports of `unit` may show: all for the province's
    data-protection officer, the others without the hidden ones."""
    if user_is_dpo(user=user, unit=unit):
        return Q()
    return ~Q(**{f"{prefix}pk__in": hidden_cadres()})


# --- Grants -----------------------------------------------------------------------------------


def grants_of(province: Unit) -> QuerySet[PersonalDataGrant]:
    return (
        PersonalDataGrant.objects.filter(province=province, revoked_at__isnull=True)
        .select_related("user", "granted_by")
        .order_by("kind", "user__username")
    )


def grant_get_for_user(user, pk) -> PersonalDataGrant:
    return get_scoped(
        user=user,
        queryset=PersonalDataGrant.objects.select_related("province"),
        pk=pk,
        prefix="province__",
    )


def users_of_province(province: Unit):
    from frontnet.accounts.models import User

    return (
        User.objects.filter(
            Q(unit__path__startswith=province.path)
            | Q(area_assignments__unit__path__startswith=province.path),
            is_active=True,
        )
        .distinct()
        .order_by("username")
    )


# --- Access log, requests, breaches -----------------------------------------------------------


def access_log_search(
    *,
    province: Unit,
    cadre_id: int | None = None,
    username: str = "",
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> QuerySet[AccessLogEntry]:
    qs = AccessLogEntry.objects.filter(
        Q(unit__path__startswith=province.path)
        | Q(unit__isnull=True, user__unit__path__startswith=province.path)
    ).select_related("user", "cadre", "unit")
    if cadre_id:
        qs = qs.filter(cadre_id=cadre_id)
    if username:
        qs = qs.filter(user__username__iexact=username.strip())
    if since:
        qs = qs.filter(at__date__gte=since)
    if until:
        qs = qs.filter(at__date__lte=until)
    return qs


def requests_of(province: Unit) -> QuerySet[DataSubjectRequest]:
    return DataSubjectRequest.objects.filter(province=province).select_related(
        "cadre__unit", "handler"
    )


def request_get_for_user(user, pk) -> DataSubjectRequest:
    return get_scoped(
        user=user,
        queryset=DataSubjectRequest.objects.select_related("cadre__unit", "province", "handler"),
        pk=pk,
        prefix="cadre__unit__",
    )


def breaches_of(province: Unit) -> QuerySet[Breach]:
    return Breach.objects.filter(province=province)


def breach_get_for_user(user, pk) -> Breach:
    return get_scoped(
        user=user, queryset=Breach.objects.select_related("province"), pk=pk, prefix="province__"
    )


def restriction_of(cadre: Cadre) -> Restriction | None:
    return Restriction.objects.filter(cadre=cadre, lifted_on__isnull=True).first()


def erasure_of(cadre: Cadre) -> Erasure | None:
    return Erasure.objects.filter(cadre=cadre).first()


# --- Retention --------------------------------------------------------------------------------


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` earlier (the month's last day when it is shorter)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    for d in range(day.day, 0, -1):
        try:
            return dt.date(year, month + 1, d)
        except ValueError:
            continue
    raise ValueError(day)


def retention_due(*, today: dt.date, province: Unit | None = None) -> QuerySet[Cadre]:
    """Ended cadres not yet anonymised whose end lies more than their province's retention
    period (months) before `today`."""
    provinces = Unit.objects.filter(parent__isnull=True)
    if province is not None:
        provinces = provinces.filter(pk=province.pk)
    erased = Erasure.objects.values("cadre_id")
    due = Cadre.objects.none()
    for root in provinces:
        months = privacy_settings_of(root).retention_months
        cutoff = months_before(today, months)
        due |= Cadre.objects.filter(
            unit__path__startswith=root.path, active_to__isnull=False, active_to__lt=cutoff
        ).exclude(pk__in=erased)
    return due.order_by("pk")
