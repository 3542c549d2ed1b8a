"""The measures of a unit, as plain numbers: no database here.

`Figures` holds counts, never shares, so the figures of children add up to their parent's;
shares are worked out when read. The required cadre fields are those the definition of a
cadre's fields (cadres/fields.py) marks as counting for completeness.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from frontnet.cadres.fields import completeness_fields

# The cadre fields the province's form asks for (seeds/000): what "complete data" means.
# (field name, label, kind): "text" is filled when not blank, "value" when not null. Read from
# the fields marked in the one definition (cadres/fields.py).
REQUIRED_FIELDS: list[tuple[str, str, str]] = [
    (f.model, f.label, f.completeness) for f in completeness_fields()
]


def share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _share_of_cadres(count: str) -> property:
    """A Figures count as a share of its cadres."""
    return property(lambda figures: share(getattr(figures, count), figures.cadres))


# A page measure's key -> what it counts (LevelPages) or whether a page meets it (OwnPage).
PAGE_MEASURE_FIELDS = {
    "page_registered": "registered",
    "page_reported": "reported",
    "page_verified": "verified",
}


@dataclass
class LevelPages:
    """The units of one level inside a subtree, and how many have a page in each state."""

    units: int = 0
    registered: int = 0
    reported: int = 0  # reported or verified
    verified: int = 0

    def add(self, other: LevelPages) -> None:
        self.units += other.units
        self.registered += other.registered
        self.reported += other.reported
        self.verified += other.verified

    def count(self, measure: str) -> int:
        return getattr(self, PAGE_MEASURE_FIELDS[measure])


@dataclass
class PageStatFigures:
    """The community pages of a unit (or subtree) and their figures for the month of a day
    (frontnet.pagestats): counts, so they add up like the rest of `Figures`."""

    pages: int = 0  # active pages registered by the day
    with_figures: int = 0  # of them, with figures for the month
    active: int = 0  # with at least one post in the month
    followers: int = 0  # at the month's end, over the pages that gave it
    posts: int = 0

    def add(self, other: PageStatFigures) -> None:
        for name in ("pages", "with_figures", "active", "followers", "posts"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def posts_per_page(self) -> float | None:
        return self.posts / self.pages if self.pages else None


# The plain cadre counts of `Figures` (follows per channel and pages are kept apart).
CADRE_COUNTS = (
    "cadres",
    "with_account",
    "with_facebook",
    "with_zalo",
    "follows_all",
    "fields_filled",
    "complete",
)


@dataclass
class Figures:
    cadres: int = 0
    with_account: int = 0
    with_facebook: int = 0
    with_zalo: int = 0
    follows: dict[int, int] = field(default_factory=dict)  # channel id → cadres following
    follows_all: int = 0
    fields_filled: int = 0  # required fields filled, summed over cadres
    complete: int = 0  # cadres with every required field filled
    pages: dict[str, LevelPages] = field(default_factory=dict)  # level key → page counts
    page_stats: PageStatFigures = field(default_factory=PageStatFigures)

    def add(self, other: Figures) -> Figures:
        for name in CADRE_COUNTS:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for channel, n in other.follows.items():
            self.follows[channel] = self.follows.get(channel, 0) + n
        for key, pages in other.pages.items():
            self.pages.setdefault(key, LevelPages()).add(pages)
        self.page_stats.add(other.page_stats)
        return self

    account_share = _share_of_cadres("with_account")
    facebook_share = _share_of_cadres("with_facebook")
    zalo_share = _share_of_cadres("with_zalo")
    follows_all_share = _share_of_cadres("follows_all")
    complete_share = _share_of_cadres("complete")

    def follow_share(self, channel_id: int):
        return share(self.follows.get(channel_id, 0), self.cadres)

    @property
    def completeness(self):
        """Share of the required fields filled, over all cadres."""
        return share(self.fields_filled, self.cadres * len(REQUIRED_FIELDS))

    def cadre_share(self, measure: str):
        return {
            "data_complete": self.complete_share,
            "has_account": self.account_share,
            "follows_all": self.follows_all_share,
        }[measure]


@dataclass
class OwnPage:
    """A unit's own community page as of a date (the best one it has)."""

    registered: bool = False
    reported: bool = False
    verified: bool = False
    name_ok: bool = False
    first_reported: dt.date | None = None
    # The last event was a return: reported once, sent back, not verified.
    returned: bool = False

    @property
    def state(self) -> str:
        # From the same event trail as `first_reported`: a returned page was reported (on
        # time or not) and is not verified; it never reads "not reported".
        if self.verified:
            return "verified"
        if self.reported:
            return "reported"
        if self.returned:
            return "returned"
        if self.registered:
            return "reopened" if self.first_reported else "registered"
        return "none"

    def meets(self, measure: str) -> bool:
        return getattr(self, PAGE_MEASURE_FIELDS[measure])


PAGE_STATE_LABELS = {
    "verified": _("Đã xác nhận"),
    "reported": _("Đã báo cáo"),
    "returned": _("Bị trả lại, chưa xác nhận"),
    "reopened": _("Đã sửa, cần báo cáo lại"),
    "registered": _("Chưa báo cáo"),
    "none": _("Chưa có"),
}


def grade(value: float | None, threshold: float) -> str:
    """Colour of a share against a threshold (0–1): ok, warn (within a quarter), bad."""
    if value is None:
        return "bad"
    if value >= threshold:
        return "ok"
    if value >= threshold * 0.75:
        return "warn"
    return "bad"
