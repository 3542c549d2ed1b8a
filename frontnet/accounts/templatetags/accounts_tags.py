from django import template
from django.utils import timezone

from frontnet.accounts import selectors
from frontnet.units import access

register = template.Library()


@register.inclusion_tag("accounts/_unit_panel.html", takes_context=True)
def accounts_panel(context, unit):
    """The unit page's panel: who follows the unit (and who did), links to its accounts."""
    user = context["request"].user
    return {
        "unit": unit,
        "can_manage": access.user_can_manage_accounts(user=user, unit=unit),
        "can_assign": unit.parent_id is not None
        and access.user_can_assign_specialists(user=user, unit=unit),
        "following": selectors.specialists_of_unit_on(unit=unit, day=timezone.localdate()),
        "history": selectors.assignments_of_unit(unit=unit)[:10],
    }


@register.inclusion_tag("accounts/_page_managers_missing.html")
def page_managers_missing(unit):
    """The dashboard's short list of districts that have not named their page's manager."""
    from frontnet.pages.selectors import districts_without_page_manager

    return {"missing": list(districts_without_page_manager(unit)[:200])}
