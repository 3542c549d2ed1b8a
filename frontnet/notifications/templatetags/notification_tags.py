from django import template

from frontnet.notifications.selectors import unread_count

register = template.Library()


@register.inclusion_tag("notifications/_bell.html", takes_context=True)
def notification_bell(context):
    """The header's bell with the user's unread count (one indexed count per page)."""
    # Error pages may render without a request: the user in the context then says who it is.
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    return {"count": unread_count(user=user) if user and user.is_authenticated else 0}
