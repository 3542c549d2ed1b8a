"""The Front's unit hierarchy, held as data of any depth.

A unit's subtree is one indexed prefix query on `path`, a materialised path of
zero-padded ids ("00000001/00000042/"). Levels (province, district, commune,
residential committee) are rows, so a province can rename them or add one.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext_lazy as _

from frontnet.core.seeded import seeded_text

# The kinds of unit the official lists and the demo use: words of the interface, read in the
# reader's language (a unit's name stays as the list writes it).
DIVISION_TYPES = frozenset(
    {
        gettext_noop("tỉnh"),
        gettext_noop("thành phố"),
        gettext_noop("huyện"),
        gettext_noop("quận"),
        gettext_noop("thị xã"),
        gettext_noop("xã"),
        gettext_noop("phường"),
        gettext_noop("thị trấn"),
        gettext_noop("đặc khu"),
        gettext_noop("thôn"),
        gettext_noop("xóm"),
        gettext_noop("bản"),
        gettext_noop("khối"),
        gettext_noop("tổ dân phố"),
    }
)

PATH_STEP = 10  # digits per id in `path`; 10 digits outlive any national roll-out


class Level(models.Model):
    """A kind of unit (tỉnh, huyện, xã, ban công tác Mặt trận…), named by data."""

    key = models.SlugField(_("mã cấp"), max_length=40, unique=True)
    name = models.CharField(_("tên cấp"), max_length=100)
    name_en = models.CharField(_("tên cấp (tiếng Anh)"), max_length=100, blank=True)
    rank = models.PositiveSmallIntegerField(
        _("thứ bậc"), help_text=_("0 là cấp cao nhất; cấp dưới có số lớn hơn.")
    )

    class Meta:
        ordering = ["rank"]
        verbose_name = _("cấp đơn vị")
        verbose_name_plural = _("các cấp đơn vị")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The level's name in the language of the page: its English name when English is
        chosen and one is set, else its Vietnamese name."""
        if self.name_en and (get_language() or "").startswith("en"):
            return self.name_en
        return self.name


class Scheme(models.TextChoices):
    """Which official list a unit came from. GSO codes are unique only inside one list and
    one level: the 2025 communes reuse codes of the legacy wards they replaced, and
    province 1, district 1 and ward 1 all exist."""

    LEGACY = "legacy", _("Trước 01/7/2025 (3 cấp)")
    REFORM_2025 = "2025", _("Từ 01/7/2025 (2 cấp)")
    LOCAL = "local", _("Đơn vị do tỉnh thêm")


class UnitQuerySet(models.QuerySet):
    def valid_on(self, day):
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )

    def subtree_of(self, unit: "Unit", *, include_self: bool = True):
        qs = self.filter(path__startswith=unit.path)
        return qs if include_self else qs.exclude(pk=unit.pk)


class Unit(models.Model):
    scheme = models.CharField(
        _("danh mục"), max_length=10, choices=Scheme.choices, default=Scheme.LOCAL
    )
    code = models.CharField(_("mã đơn vị"), max_length=32, blank=True)
    name = models.CharField(_("tên"), max_length=200)
    division_type = models.CharField(
        _("loại đơn vị hành chính"),
        max_length=60,
        help_text=_("Ví dụ: tỉnh, huyện, thị xã, xã, phường, thị trấn, thôn, khối, tổ dân phố."),
    )
    level = models.ForeignKey(Level, on_delete=models.PROTECT, related_name="units")
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    path = models.CharField(max_length=255, unique=True, editable=False)
    # Name folded for diacritic-insensitive search ("nghi loc" finds "Nghi Lộc").
    search_name = models.CharField(max_length=200, blank=True, editable=False, db_index=True)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        ordering = ["path"]
        verbose_name = verbose_name_plural = _("đơn vị")
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "level", "code"],
                condition=~Q(code=""),
                name="unit_code_unique_in_scheme",
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="unit_validity_ordered",
            ),
        ]
        indexes = [models.Index(fields=["parent", "name"])]

    def __str__(self) -> str:
        return self.name

    @property
    def division_type_display(self) -> str:
        return seeded_text(self.division_type.strip().lower(), DIVISION_TYPES)

    @property
    def front_name(self) -> str:
        """The unit as the Front names it: lower-case type then the proper name,
        e.g. "huyện Nghi Lộc", "thị xã Thái Hoà" (used by the page naming convention)."""
        kind = self.division_type.strip()
        name = self.name.strip()
        if kind and name.lower().startswith(kind.lower() + " "):
            name = name[len(kind) + 1 :]
        return f"{kind.lower()} {name}".strip() if kind else name

    @property
    def bare_name(self) -> str:
        kind = self.division_type.strip()
        if kind and self.name.lower().startswith(kind.lower() + " "):
            return self.name[len(kind) + 1 :]
        return self.name

    def ancestor_ids(self) -> list[int]:
        return [int(p) for p in self.path.split("/") if p][:-1]

    def is_valid_on(self, day) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or self.valid_to >= day
        )

    def clean(self):
        if self.parent_id and self.pk and self.parent.path.startswith(self.path):
            raise ValidationError({"parent": _("Không thể chọn đơn vị cấp dưới làm cấp trên.")})
        if self.parent_id and self.parent.level.rank >= self.level.rank:
            raise ValidationError(
                {"level": _("Cấp của đơn vị phải thấp hơn cấp của đơn vị cấp trên.")}
            )


class UnitLineage(models.Model):
    """Merges and splits: which units a unit replaced, so history survives a reform."""

    predecessor = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="successions")
    successor = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="predecessions")
    effective = models.DateField(_("ngày hiệu lực"))

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor"], name="unit_lineage_unique_pair"
            )
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor} ({self.effective:%d/%m/%Y})"
