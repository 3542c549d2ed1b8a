from django import template

register = template.Library()


@register.filter
def vs(row, name):
    """ "ok" / "bad": the row's figure against its level's median (a CSS class)."""
    return row.vs_median(name)
