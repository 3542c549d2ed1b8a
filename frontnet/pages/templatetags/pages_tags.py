from urllib.parse import urlsplit

from django import template
from django.utils.translation import gettext

from frontnet.pages import selectors

register = template.Library()


@register.inclusion_tag("pages/_unit_panel_body.html", takes_context=True)
def unit_pages_panel(context):
    """The community pages block of a unit page: a fixed number of queries whatever the data."""
    unit, user = context["unit"], context["request"].user
    return {
        "unit": unit,
        "can_edit": context.get("can_edit", False),
        "pages": list(selectors.pages_of_unit(unit)),
        "expected_name": selectors.expected_name_for(unit),
        "queue_count": selectors.review_queue_count(user),
    }


@register.filter
def web_href(link: str) -> str:
    """The link as an href only when it is http(s); anything else is shown as text."""
    scheme = urlsplit(link or "").scheme.lower()
    return link if scheme in {"http", "https"} else ""


@register.filter
def link_kind(page) -> tuple[str, bool]:
    """What a page's link is, in words, and whether it names one account for sure."""
    return selectors.link_kind(page)


@register.filter
def difference_text(difference) -> str:
    """A naming-check difference in the reader's language (its sentence is a msgid)."""
    return gettext(difference.text) % dict(difference.args)
