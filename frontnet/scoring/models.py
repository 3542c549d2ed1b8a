"""Emulation scoring (thi đua): criteria as data, scored periods, frozen scores.

A `Period` is a month (its first day) or a year of one province. Its `Score` rows, one per
unit, and their `ScoreLine` rows, one per criterion, are stored when computed; a published
period is never recomputed, so later data changes do not move it. Lines keep the criterion's
name and rule as they were, so editing a criterion does not rewrite published results.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from frontnet.core.fields import unit_fk, user_who_or_none
from frontnet.core.seeded import seeded_text
from frontnet.monitoring.models import SEEDED_TEXTS

from . import texts as line_texts
from .rules import RuleKind, YearMethod


class Measure(models.TextChoices):
    """What a criterion reads from monitoring, for each unit (its subtree for cadre shares)."""

    HAS_ACCOUNT = "has_account", _("Tỉ lệ cán bộ có tài khoản mạng xã hội")
    FOLLOWS_ALL = "follows_all", _("Tỉ lệ cán bộ theo dõi đủ các kênh chính thức của tỉnh")
    DATA_COMPLETE = "data_complete", _("Tỉ lệ cán bộ có dữ liệu đầy đủ")
    FIELDS_FILLED = "fields_filled", _("Tỉ lệ thông tin bắt buộc đã nhập")
    PAGE_VERIFIED_NAMED = (
        "page_verified_named",
        _("Trang cộng đồng đã được xác nhận, đặt tên đúng quy định"),
    )
    PAGE_REPORTED = "page_reported", _("Trang cộng đồng đã báo cáo lên cấp trên")
    # The unit's own pages in the month (frontnet.pagestats).
    PAGE_WITH_FIGURES = "page_with_figures", _("Tỉ lệ trang cộng đồng có số liệu hiệu quả tháng")
    PAGE_ACTIVE = "page_active", _("Tỉ lệ trang cộng đồng có đăng bài trong tháng")
    # Floor and target are read as posts per page (a target of 8: "at least 8 posts a month").
    PAGE_POSTS = "page_posts", _("Số bài viết mỗi trang trong tháng (mức sàn, mục tiêu: số bài)")
    # frontnet.campaigns: the items of the month's campaigns the unit reported shared.
    CAMPAIGN_SHARED = "campaign_shared", _("Tỉ lệ bài của đợt cao điểm đơn vị đã chia sẻ")
    CAMPAIGN_CADRES = (
        "campaign_cadres",
        _("Tỉ lệ cán bộ đã chia sẻ hoặc bình luận bài của đợt cao điểm"),
    )


class Rule(models.TextChoices):
    LINEAR = RuleKind.LINEAR, _("Tỉ lệ thuận từ mức sàn đến mức mục tiêu")
    BY_DEADLINE = RuleKind.BY_DEADLINE, _("Đủ điểm nếu đạt mục tiêu đúng thời hạn")
    LATE_PENALTY = RuleKind.LATE_PENALTY, _("Đủ điểm nếu đúng hạn, trừ điểm mỗi tháng chậm")


class Criterion(models.Model):
    code = models.SlugField(_("mã tiêu chí"), max_length=40, unique=True)
    name = models.CharField(_("tên tiêu chí"), max_length=200)
    measure = models.CharField(_("nội dung đo"), max_length=24, choices=Measure.choices)
    rule = models.CharField(_("cách tính điểm"), max_length=10, choices=Rule.choices)
    weight = models.DecimalField(
        _("trọng số (điểm tối đa)"),
        max_digits=6,
        decimal_places=2,
        validators=[MinValueValidator(0)],
    )
    floor = models.DecimalField(
        _("mức sàn (%)"),
        max_digits=5,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("Dưới mức này không có điểm (chỉ dùng cho cách tính tỉ lệ thuận)."),
    )
    target = models.DecimalField(
        _("mức mục tiêu (%)"),
        max_digits=5,
        decimal_places=2,
        default=100,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    deadline = models.DateField(_("thời hạn"), null=True, blank=True)
    penalty = models.DecimalField(
        _("điểm trừ mỗi tháng chậm"),
        max_digits=6,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
    )
    levels = models.ManyToManyField(
        "units.Level", related_name="+", verbose_name=_("áp dụng cho các cấp")
    )
    province = unit_fk(
        models.CASCADE,
        null=True,
        blank=True,
        verbose_name=_("tỉnh"),
        help_text=_("Để trống để áp dụng cho mọi tỉnh."),
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    source = models.CharField(_("căn cứ"), max_length=200, blank=True)
    active = models.BooleanField(_("đang áp dụng"), default=True)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = verbose_name_plural = _("tiêu chí thi đua")
        constraints = [
            models.CheckConstraint(
                condition=Q(floor__lte=models.F("target")) | ~Q(rule=RuleKind.LINEAR),
                name="criterion_floor_below_target",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        if self.rule == RuleKind.LINEAR and self.floor is not None and self.target is not None:
            if self.floor > self.target:
                raise ValidationError({"floor": _("Mức sàn phải không cao hơn mức mục tiêu.")})
        if self.rule in (RuleKind.BY_DEADLINE, RuleKind.LATE_PENALTY) and not self.deadline:
            raise ValidationError({"deadline": _("Cách tính này cần thời hạn.")})

    @property
    def display_name(self) -> str:
        """A seeded criterion's name in the reader's language; a typed one as typed."""
        return line_texts.name_text(self.name)

    @property
    def display_source(self) -> str:
        return seeded_text(self.source, SEEDED_TEXTS)


class YearRule(models.Model):
    """How the months make the year, for one province (or every province)."""

    province = models.OneToOneField(
        "units.Unit",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tỉnh"),
    )
    method = models.CharField(
        _("cách tính điểm năm"),
        max_length=10,
        choices=[
            (YearMethod.MEAN, _("Trung bình các tháng đơn vị được chấm")),
            (YearMethod.SUM, _("Tổng các tháng")),
            (YearMethod.LAST, _("Kết quả tháng cuối cùng")),
        ],
        default=YearMethod.MEAN,
    )

    class Meta:
        verbose_name = verbose_name_plural = _("cách tính điểm năm")

    def __str__(self) -> str:
        return f"{self.province or _('Mọi tỉnh')}: {self.get_method_display()}"

    def clean(self):
        others = YearRule.objects.filter(province=self.province).exclude(pk=self.pk)
        if self.province_id is None and others.exists():
            raise ValidationError(_("Đã có cách tính điểm năm cho mọi tỉnh."))


class PeriodKind(models.TextChoices):
    MONTH = "month", _("Tháng")
    YEAR = "year", _("Năm")


class Period(models.Model):
    province = unit_fk(models.PROTECT, verbose_name=_("tỉnh"))
    kind = models.CharField(_("loại kỳ"), max_length=5, choices=PeriodKind.choices)
    start = models.DateField(_("ngày đầu kỳ"))
    as_of = models.DateField(_("số liệu tính đến ngày"), null=True, blank=True)
    year_method = models.CharField(max_length=10, blank=True)
    computed_at = models.DateTimeField(_("tính lúc"), null=True, blank=True)
    published = models.BooleanField(_("đã công bố"), default=False)
    published_at = models.DateTimeField(_("công bố lúc"), null=True, blank=True)
    published_by = user_who_or_none(blank=True)

    class Meta:
        ordering = ["-start", "kind"]
        verbose_name = verbose_name_plural = _("kỳ chấm điểm")
        constraints = [
            models.UniqueConstraint(fields=["province", "kind", "start"], name="period_once")
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def key(self) -> str:
        return f"{self.start:%Y-%m}" if self.kind == PeriodKind.MONTH else f"{self.start:%Y}"

    @property
    def label(self) -> str:
        if self.kind == PeriodKind.MONTH:
            return _("tháng %(month)s") % {"month": f"{self.start:%m/%Y}"}
        return _("năm %(year)s") % {"year": self.start.year}


class Score(models.Model):
    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="scores")
    unit = unit_fk(models.PROTECT)
    # As the unit was in that period: ranking groups never move with later tree edits.
    unit_name = models.CharField(max_length=200)
    level = models.ForeignKey("units.Level", on_delete=models.PROTECT, related_name="+")
    parent = unit_fk(models.PROTECT, null=True)
    points = models.DecimalField(_("điểm"), max_digits=8, decimal_places=2)
    max_points = models.DecimalField(_("điểm tối đa"), max_digits=8, decimal_places=2)
    rank_in_level = models.PositiveIntegerField(_("hạng trong cấp (toàn tỉnh)"))
    level_count = models.PositiveIntegerField()
    rank_in_parent = models.PositiveIntegerField(_("hạng trong đơn vị cấp trên"))
    parent_count = models.PositiveIntegerField()
    months = models.PositiveSmallIntegerField(default=1)  # months a year score averages

    class Meta:
        ordering = ["period", "level__rank", "rank_in_level", "unit_name"]
        constraints = [models.UniqueConstraint(fields=["period", "unit"], name="score_once")]

    def __str__(self) -> str:
        return f"{self.unit_name} {self.period}: {self.points}"


class ScoreLine(models.Model):
    """Why a unit got what it got on one criterion."""

    score = models.ForeignKey(Score, on_delete=models.CASCADE, related_name="lines")
    criterion = models.ForeignKey(Criterion, on_delete=models.SET_NULL, null=True, related_name="+")
    order = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(max_length=200)
    rule_text = models.CharField(max_length=300)
    value_text = models.CharField(max_length=300)
    # The rule and value as keys and arguments (scoring.texts), read in the reader's language;
    # empty on lines stored before it, which read as their Vietnamese text.
    texts = models.JSONField(default=dict, blank=True)
    points = models.DecimalField(max_digits=8, decimal_places=2)
    max_points = models.DecimalField(max_digits=8, decimal_places=2)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return f"{self.name}: {self.points}/{self.max_points}"

    @property
    def name_display(self) -> str:
        return line_texts.name_text(self.name)

    @property
    def rule_display(self) -> str:
        return line_texts.render(self.texts["rule"]) if self.texts.get("rule") else self.rule_text

    @property
    def value_display(self) -> str:
        return (
            line_texts.render(self.texts["value"]) if self.texts.get("value") else self.value_text
        )
