"""Targets (chỉ tiêu) with their deadlines, as data: the province edits them, the letters of
January 2022 are seeded by a data migration."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from frontnet.core.fields import unit_fk
from frontnet.core.seeded import seeded_text

# What 0002_seed_targets writes (and the criteria's sources): read in the reader's language.
SEEDED_TEXTS = frozenset(
    {
        gettext_noop("100% Mặt trận cấp huyện có Trang cộng đồng"),
        gettext_noop("50% Mặt trận cấp xã có Trang cộng đồng"),
        gettext_noop("Hoàn thiện dữ liệu cán bộ Mặt trận trên mạng xã hội"),
        gettext_noop("Công văn của BTT Ủy ban MTTQ tỉnh Nghệ An, tháng 01/2022"),
        gettext_noop("Công văn của BTT Ủy ban MTTQ tỉnh Nam Định, tháng 01/2022"),
    }
)


class Measure(models.TextChoices):
    """What a target counts. Page measures are about each unit's own community page; the
    cadre measures are shares of the cadres of each unit's subtree."""

    PAGE_REGISTERED = "page_registered", _("Có trang cộng đồng (đã đăng ký)")
    PAGE_REPORTED = "page_reported", _("Có trang cộng đồng đã báo cáo lên cấp trên")
    PAGE_VERIFIED = "page_verified", _("Có trang cộng đồng đã được xác nhận")
    DATA_COMPLETE = "data_complete", _("Dữ liệu cán bộ đầy đủ")
    HAS_ACCOUNT = "has_account", _("Cán bộ có tài khoản mạng xã hội")
    FOLLOWS_ALL = "follows_all", _("Cán bộ theo dõi đủ các kênh của tỉnh")
    # A unit's own pages in the month of the day (frontnet.pagestats).
    PAGE_WITH_FIGURES = "page_with_figures", _("Trang cộng đồng có số liệu hiệu quả tháng")
    PAGE_ACTIVE = "page_active", _("Trang cộng đồng có đăng bài trong tháng")
    PAGE_POSTS = "page_posts", _("Số bài viết mỗi trang trong tháng (mỗi đơn vị: số bài)")
    # The campaigns running between the target's start and the day (frontnet.campaigns).
    CAMPAIGN_SHARED = (
        "campaign_shared",
        _("Đơn vị chia sẻ bài của đợt cao điểm (mỗi đơn vị: số bài tối thiểu)"),
    )
    CAMPAIGN_CADRES = "campaign_cadres", _("Cán bộ chia sẻ, bình luận bài của đợt cao điểm")

    @classmethod
    def page_measures(cls) -> set[str]:
        return {cls.PAGE_REGISTERED, cls.PAGE_REPORTED, cls.PAGE_VERIFIED}

    @classmethod
    def page_stat_measures(cls) -> set[str]:
        return {cls.PAGE_WITH_FIGURES, cls.PAGE_ACTIVE, cls.PAGE_POSTS}

    @classmethod
    def campaign_measures(cls) -> set[str]:
        return {cls.CAMPAIGN_SHARED, cls.CAMPAIGN_CADRES}


def remind_offsets(text: str) -> list[int]:
    """ "7,1" -> [7, 1]: the days before a deadline a reminder goes out."""
    return sorted({int(p) for p in text.replace(";", ",").split(",") if p.strip()}, reverse=True)


def validate_remind_days(text: str) -> None:
    try:
        days = remind_offsets(text)
    except ValueError:
        raise ValidationError(_("Ghi các số ngày cách nhau bằng dấu phẩy, ví dụ 7,1.")) from None
    if any(d < 1 or d > 365 for d in days):
        raise ValidationError(_("Số ngày nhắc phải từ 1 đến 365."))


class Target(models.Model):
    """ "<threshold>% of the units of <level> (or of the units listed) meet <measure> by
    <deadline>". For a cadre measure a unit meets it when at least `unit_threshold`% of the
    cadres of its subtree do."""

    name = models.CharField(_("tên chỉ tiêu"), max_length=200)
    measure = models.CharField(_("nội dung đo"), max_length=20, choices=Measure.choices)
    level = models.ForeignKey(
        "units.Level",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cấp áp dụng"),
    )
    units = models.ManyToManyField(
        "units.Unit",
        blank=True,
        related_name="+",
        verbose_name=_("hoặc các đơn vị"),
        help_text=_("Để trống để áp dụng cho mọi đơn vị của cấp đã chọn."),
    )
    root = unit_fk(
        models.CASCADE,
        null=True,
        blank=True,
        verbose_name=_("trong phạm vi"),
        help_text=_("Để trống để áp dụng cho mọi tỉnh."),
    )
    threshold = models.PositiveSmallIntegerField(
        _("tỉ lệ đơn vị phải đạt (%)"), validators=[MaxValueValidator(100)]
    )
    unit_threshold = models.PositiveSmallIntegerField(
        _("tỉ lệ cán bộ trong mỗi đơn vị (%)"),
        default=100,
        validators=[MaxValueValidator(100)],
        help_text=_("Chỉ dùng cho nội dung đo về cán bộ."),
    )
    start = models.DateField(_("bắt đầu"), help_text=_("Ngày giao chỉ tiêu, để tính tiến độ."))
    deadline = models.DateField(_("thời hạn"))
    source = models.CharField(_("căn cứ"), max_length=200, blank=True)
    active = models.BooleanField(_("đang áp dụng"), default=True)
    remind_days = models.CharField(
        _("nhắc trước thời hạn (ngày)"),
        max_length=50,
        default="7,1",
        blank=True,
        validators=[validate_remind_days],
        help_text=_(
            "Số ngày trước thời hạn gửi nhắc nhở, cách nhau bằng dấu phẩy; để trống: không nhắc."
        ),
    )

    class Meta:
        ordering = ["deadline", "name"]
        verbose_name = verbose_name_plural = _("chỉ tiêu")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(deadline__gte=models.F("start")), name="target_start_first"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return seeded_text(self.name, SEEDED_TEXTS)

    @property
    def display_source(self) -> str:
        return seeded_text(self.source, SEEDED_TEXTS)

    @property
    def is_page_measure(self) -> bool:
        return self.measure in Measure.page_measures()

    def clean(self):
        if self.start and self.deadline and self.deadline < self.start:
            raise ValidationError({"deadline": _("Thời hạn không được trước ngày bắt đầu.")})

    def days_left(self, day: dt.date) -> int:
        return (self.deadline - day).days


class UnitFigures(models.Model):
    """One unit's own cadre figures (its own cadres, not its subtree) as of the end of a day,
    with its last audited change by then: a cache of what `selectors.cadre_figures` counts,
    so that a province's rollup sums one row per unit instead of counting every cadre again.

    A row is trusted while no audit entry of its unit is newer than `audit_mark` (every change
    to a cadre, an account, a follow or the unit itself writes one) and while `key` (the
    measures' version and the province's active channels) is unchanged; otherwise the unit is
    counted again. Nothing here is the record of anything: deleting rows only costs time."""

    SLOTS = 8  # follows of the i-th active channel (in `key` order); more channels: not stored

    unit = unit_fk(models.CASCADE)
    day = models.DateField()
    key = models.CharField(max_length=200)
    audit_mark = models.BigIntegerField()
    computed_at = models.DateTimeField()
    cadres = models.PositiveIntegerField(default=0)
    with_account = models.PositiveIntegerField(default=0)
    with_facebook = models.PositiveIntegerField(default=0)
    with_zalo = models.PositiveIntegerField(default=0)
    follows_all = models.PositiveIntegerField(default=0)
    fields_filled = models.PositiveIntegerField(default=0)
    complete = models.PositiveIntegerField(default=0)
    follows_1 = models.PositiveIntegerField(default=0)
    follows_2 = models.PositiveIntegerField(default=0)
    follows_3 = models.PositiveIntegerField(default=0)
    follows_4 = models.PositiveIntegerField(default=0)
    follows_5 = models.PositiveIntegerField(default=0)
    follows_6 = models.PositiveIntegerField(default=0)
    follows_7 = models.PositiveIntegerField(default=0)
    follows_8 = models.PositiveIntegerField(default=0)
    # "<UTC time, fixed width>|<username>": the text sorts by time, so MAX() over a subtree
    # gives its last change and who made it in one aggregate.
    last_change = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "day"], name="unit_figures_once_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} @ {self.day}"


class Reminder(models.Model):
    """A reminder, overdue notice or summary that went out: one row per unit, target, offset
    (days before the deadline; -1 the day after) and kind. The unique row is what makes
    `send_reminders` send each exactly once, even run twice at once on two servers."""

    class Kind(models.TextChoices):
        REMINDER = "reminder", _("Nhắc trước thời hạn")
        OVERDUE = "overdue", _("Quá hạn")
        SUMMARY = "summary", _("Tổng hợp cho cấp trên")

    unit = unit_fk(models.CASCADE)
    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="reminders")
    offset = models.SmallIntegerField()
    kind = models.CharField(max_length=40)  # Kind, or "specialist:<user id>" for their summary
    day = models.DateField()
    run = models.CharField(max_length=32, db_index=True)  # which run claimed the row
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "target", "offset", "kind"], name="reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.unit_id} {self.target_id} {self.offset}"
