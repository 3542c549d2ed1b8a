"""What a server checks before it serves (config/wsgi.py, so gunicorn and runserver alike)."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def refuse_development_key() -> None:
    """With DJANGO_DEBUG=0 the published development key would let anyone forge sessions:
    refuse to start until DJANGO_SECRET_KEY is set."""
    if not settings.DEBUG and settings.SECRET_KEY == settings.DEVELOPMENT_SECRET_KEY:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set: with DJANGO_DEBUG=0 FrontNet refuses to start with "
            "the development key. Set DJANGO_SECRET_KEY, e.g. to the output of "
            "python -c 'import secrets; print(secrets.token_urlsafe(50))'."
        )
