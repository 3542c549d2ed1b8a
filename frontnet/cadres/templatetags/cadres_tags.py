from django import template

from frontnet.cadres import selectors
from frontnet.cadres.normalize import format_phone_national

register = template.Library()


@register.inclusion_tag("cadres/_unit_panel_body.html", takes_context=True)
def unit_cadres_panel(context):
    """The cadres block of a unit page: a fixed number of queries whatever the data."""
    unit = context["unit"]
    return {
        "unit": unit,
        "can_edit": context.get("can_edit", False),
        "counts": selectors.unit_cadre_counts(unit),
        "accounts": list(selectors.accounts_of_unit(unit)),
        "is_province": unit.parent_id is None,
    }


@register.filter
def phone(e164: str) -> str:
    """A stored E.164 phone as people read it: 0912 345 678."""
    return format_phone_national(e164)


@register.filter
def get_item(mapping: dict, key):
    return mapping.get(key, ())
