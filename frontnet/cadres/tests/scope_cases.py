"""How to find a cadre, account or official channel outside a user's scope, for
tests/test_scope_sweep.py."""

from frontnet.cadres.models import Cadre, CadreCategory, OfficialChannel, Platform, SocialAccount
from frontnet.core.vntext import fold_search
from frontnet.units.access import province_of, units_visible_to
from frontnet.units.models import Unit
from frontnet.units.tests.scope_cases import unit_outside


def cadre_outside(tree, user):
    # Written directly: the sweep needs a row, not the rules that make one.
    unit_pk = unit_outside(tree, user)
    cadre, _ = Cadre.objects.get_or_create(
        unit_id=unit_pk,
        full_name="Cán bộ ngoài phạm vi",
        defaults={
            "search_name": fold_search("Cán bộ ngoài phạm vi"),
            "category": CadreCategory.objects.get(key="full_time"),
        },
    )
    return cadre.pk


def account_outside(tree, user):
    cadre = Cadre.objects.get(pk=cadre_outside(tree, user))
    account, _ = SocialAccount.objects.get_or_create(
        cadre=cadre,
        canonical=f"https://www.facebook.com/ngoai.pham.vi.{cadre.pk}",
        defaults={
            "unit_id": cadre.unit_id,
            "platform": Platform.objects.get(key="facebook_profile"),
            "link_raw": f"facebook.com/ngoai.pham.vi.{cadre.pk}",
        },
    )
    return account.pk


def province_outside(tree, user):
    """A province (a root unit) the user does not see."""
    visible = set(units_visible_to(user=user).values_list("pk", flat=True))
    for unit in Unit.objects.filter(pk=unit_outside(tree, user)):
        root = province_of(unit=unit)
        if root.pk not in visible:
            return root.pk
    raise AssertionError("the tree has no province outside this user's scope")


def channel_outside(tree, user):
    province_pk = province_outside(tree, user)
    channel, _ = OfficialChannel.objects.get_or_create(
        province_id=province_pk,
        canonical="https://www.facebook.com/mattran.ngoai.pham.vi",
        defaults={
            "platform": Platform.objects.get(key="facebook_page"),
            "name": "Fanpage ngoài phạm vi",
            "link_raw": "facebook.com/mattran.ngoai.pham.vi",
        },
    )
    return channel.pk


OUT_OF_SCOPE = {
    "cadre_list": unit_outside,
    "cadre_add": unit_outside,
    "unit_account_add": unit_outside,
    "channel_list": province_outside,
    "channel_add": province_outside,
    "cadre_detail": cadre_outside,
    "cadre_edit": cadre_outside,
    "cadre_end": cadre_outside,
    "account_add": cadre_outside,
    "follow_edit": cadre_outside,
    "account_remove": account_outside,
    "channel_edit": channel_outside,
    "api_cadre_list": unit_outside,
    "api_channel_list": province_outside,
    "api_cadre_detail": cadre_outside,
    "api_cadre_end": cadre_outside,
    "api_cadre_accounts": cadre_outside,
    "api_cadre_follows": cadre_outside,
    "api_account_detail": account_outside,
    "api_channel_detail": channel_outside,
}
