"""A cadre's phone and links as the reader may see them: whole for those who need them
(`units.access.user_sees_personal_data`), masked with a reveal button for the others."""

from django import template

from frontnet.privacy import masking
from frontnet.units.access import personal_data_checker

register = template.Library()


def sees_personal(request, unit) -> bool:
    """Asked once per request: the user's scope and grants are read the first time."""
    checker = getattr(request, "_personal_data_checker", None)
    if checker is None:
        checker = request._personal_data_checker = personal_data_checker(user=request.user)
    return checker(unit)


@register.inclusion_tag("privacy/_personal.html", takes_context=True)
def personal_contact(context, cadre, accounts=None):
    """The cadre's phone (and, given, its accounts' links), masked unless the user sees them."""
    request = context["request"]
    shown = sees_personal(request, cadre.unit)
    return {
        "cadre": cadre,
        "accounts": accounts,
        "shown": shown,
        "masked_phone": "" if shown or not cadre.phone else masking.mask_phone(cadre.phone),
        "masked_links": []
        if shown or not accounts
        else [(a.platform, masking.mask_link(a.canonical)) for a in accounts],
        "can_reveal": not shown and request.user.can_edit,
        "csrf_token": context.get("csrf_token"),
    }


@register.filter
def mask_phone(value: str) -> str:
    return masking.mask_phone(value)


@register.inclusion_tag("privacy/_personal_link.html", takes_context=True)
def personal_link(context, account):
    """One account's link, masked unless the user sees the owner's personal data."""
    shown = account.cadre_id is None or sees_personal(context["request"], account.unit)
    return {"account": account, "shown": shown, "masked": masking.mask_link(account.canonical)}


@register.simple_tag(takes_context=True)
def personal_field(context, cadre, name: str) -> str:
    """One personal field of the cadre (e-mail, gender, birth year) as the reader may see it."""
    value = getattr(cadre, name)
    if value in (None, ""):
        return "—"
    if not sees_personal(context["request"], cadre.unit):
        return masking.mask_value(name, value)
    display = getattr(cadre, f"get_{name}_display", None)
    return display() if display else value
