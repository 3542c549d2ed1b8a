"""Reads of the 2025 transition: the province a user may plan for, and a record's life
across the reform (a cadre's units over time)."""

from django.core.exceptions import PermissionDenied

from frontnet.units.access import province_get_for_user, scoped, user_manages_province

from .models import RecordMove


def reform_province_get_for_user(user, pk):
    """(the 2025 province to plan for, the province named in the request): the user must
    administer the one named, which is the 2025 province or one of the legacy provinces it
    replaced (before the transition its administrator is still on the legacy one). 404 out
    of scope or when a legacy province has no 2025 successor loaded; 403 for anyone else."""
    from django.http import Http404

    from frontnet.units.models import Scheme, Unit

    province = province_get_for_user(user=user, pk=pk)
    if not user_manages_province(user=user, province=province):
        raise PermissionDenied
    if province.scheme != Scheme.LEGACY:
        return province, province
    successor = (
        Unit.objects.filter(
            predecessions__predecessor=province,
            parent__isnull=True,
            scheme=Scheme.REFORM_2025,
        )
        .select_related("level")
        .first()
    )
    if successor is None:
        raise Http404("no 2025 province")
    return successor, province


def cadre_records_over_time(user, cadre) -> list:
    """The records of one person across the reform, oldest first (each with its unit and
    dates), those the user sees: the legacy record ended on 30/6/2025 and the one that
    carries it on."""
    from frontnet.cadres.models import Cadre

    ids = [cadre.pk]
    current = cadre.pk
    while (row := RecordMove.objects.filter(kind="cadre", new_id=current).first()) is not None:
        if row.old_id == current:
            break
        ids.insert(0, row.old_id)
        current = row.old_id
    current = cadre.pk
    while (row := RecordMove.objects.filter(kind="cadre", old_id=current).first()) is not None:
        if not row.new_id or row.new_id == current:
            break
        ids.append(row.new_id)
        current = row.new_id
    if len(ids) == 1:
        return []
    found = {
        c.pk: c
        for c in scoped(user=user, queryset=Cadre.objects.filter(pk__in=ids)).select_related("unit")
    }
    return [found[pk] for pk in ids if pk in found]


def pages_to_rename(province):
    """The pages the transition carried into the province whose name no longer follows the
    2025 rule (the expected name recomputed for the new unit), to be renamed."""
    from frontnet.pages.models import CommunityPage, NameVerdict

    carried = RecordMove.objects.filter(
        province=province, kind="page", new_id__isnull=False
    ).values("new_id")
    return (
        CommunityPage.objects.filter(pk__in=carried, active=True, name_verdict=NameVerdict.MISMATCH)
        .select_related("unit")
        .order_by("unit__name")
    )
