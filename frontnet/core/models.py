"""Abstract bases the apps' models share. No tables here: core has no migrations."""

from django.db import models

from .seeded import seeded_text


class SeededList(models.Model):
    """A list the province edits (kinds of cadre, platforms, support topics): ordered as the
    province orders it, and its seeded rows (`seeded_names`) read in the reader's language.
    The model declares `name` and `order` itself."""

    seeded_names: frozenset = frozenset()

    class Meta:
        abstract = True
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return seeded_text(self.name, self.seeded_names)
