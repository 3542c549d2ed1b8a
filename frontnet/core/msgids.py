"""A message kept as its catalogue msgid (the Vietnamese text) and the values it quotes, put
into words only when it is read, in the reader's language. Pure Python: the normalisers, which
run without Django settings, use it too."""


def render(msgid: str, params: dict | None = None) -> str:
    """`msgid` in the active language with `params` put in; the Vietnamese text when Django is
    not set up, or when a translation lost a placeholder."""
    try:
        from django.utils.translation import gettext

        text = gettext(msgid)
    except Exception:  # used without Django settings: the Vietnamese text
        text = msgid
    if not params:
        return text
    try:
        return text % params
    except (KeyError, TypeError, ValueError):  # a translation that lost a placeholder
        return msgid % params
