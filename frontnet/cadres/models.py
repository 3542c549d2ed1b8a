"""Cadres, their social accounts, and the province's official channels they should follow."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from frontnet.core.fields import unit_fk, unit_id_via
from frontnet.core.models import SeededList

# The names 0002_seed_lists gives, read in the reader's language (frontnet.core.seeded).
SEEDED_NAMES = frozenset(
    {
        gettext_noop("Cán bộ chuyên trách"),
        gettext_noop("Cán bộ bán chuyên trách"),
        gettext_noop("Cán bộ hợp đồng"),
        gettext_noop("Ủy viên Ủy ban MTTQ"),
        gettext_noop("Thành viên Ban công tác Mặt trận"),
        gettext_noop("Facebook cá nhân"),
        gettext_noop("Fanpage Facebook"),
        gettext_noop("Nhóm Facebook"),
        gettext_noop("Zalo cá nhân"),
        gettext_noop("Nhóm Zalo"),
        gettext_noop("Trang web"),
    }
)


class CadreCategory(SeededList):
    """Full-time, part-time, contract cadre, committee member…: a list the province edits."""

    key = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên"), max_length=120, unique=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    active = models.BooleanField(_("đang dùng"), default=True)

    seeded_names = SEEDED_NAMES

    class Meta(SeededList.Meta):
        verbose_name = verbose_name_plural = _("loại cán bộ")


class Network(models.TextChoices):
    FACEBOOK = "facebook", "Facebook"
    ZALO = "zalo", "Zalo"
    TIKTOK = "tiktok", "TikTok"
    YOUTUBE = "youtube", "YouTube"
    WEBSITE = "website", _("Trang web")


class Platform(SeededList):
    """A kind of account (Facebook profile, Zalo OA, YouTube channel…): data, not code."""

    key = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên"), max_length=120)
    network = models.CharField(_("mạng"), max_length=20, choices=Network.choices)
    for_people = models.BooleanField(_("dùng cho cá nhân"), default=True)
    for_units = models.BooleanField(_("dùng cho tập thể"), default=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    seeded_names = SEEDED_NAMES

    class Meta(SeededList.Meta):
        verbose_name = verbose_name_plural = _("nền tảng")


class Gender(models.TextChoices):
    MALE = "male", _("Nam")
    FEMALE = "female", _("Nữ")
    OTHER = "other", _("Khác")


def current_year() -> int:
    return dt.date.today().year


class Cadre(models.Model):
    unit = unit_fk(models.PROTECT, "cadres", verbose_name=_("đơn vị"))
    full_name = models.CharField(_("họ và tên"), max_length=150)
    search_name = models.CharField(max_length=150, editable=False, db_index=True)
    gender = models.CharField(_("giới tính"), max_length=10, choices=Gender.choices, blank=True)
    birth_year = models.PositiveSmallIntegerField(
        _("năm sinh"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1920), MaxValueValidator(2015)],
    )
    position = models.CharField(_("chức vụ"), max_length=150, blank=True)
    category = models.ForeignKey(
        CadreCategory,
        on_delete=models.PROTECT,
        related_name="cadres",
        verbose_name=_("loại cán bộ"),
    )
    phone_raw = models.CharField(_("số điện thoại (như đã nhập)"), max_length=40, blank=True)
    phone = models.CharField(_("số điện thoại"), max_length=20, blank=True, db_index=True)
    phone_kind = models.CharField(max_length=10, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    active_from = models.DateField(_("bắt đầu"), null=True, blank=True)
    active_to = models.DateField(_("kết thúc"), null=True, blank=True)
    end_reason = models.CharField(_("lý do kết thúc"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["unit__path", "full_name"]
        verbose_name = verbose_name_plural = _("cán bộ")
        indexes = [models.Index(fields=["unit", "active_to"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(active_to__isnull=True)
                | Q(active_from__isnull=True)
                | Q(active_to__gte=models.F("active_from")),
                name="cadre_activity_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def is_active(self) -> bool:
        return self.active_to is None or self.active_to >= dt.date.today()

    def clean(self):
        if self.active_from and self.active_to and self.active_to < self.active_from:
            raise ValidationError({"active_to": _("Ngày kết thúc không được trước ngày bắt đầu.")})
        if self.birth_year and self.birth_year > current_year():
            raise ValidationError({"birth_year": _("Năm sinh không được ở tương lai.")})


class SocialAccount(models.Model):
    """An account on a network, owned by a cadre or, when `cadre` is empty, by the unit itself
    (a collective account). `unit` is always set so scope applies to accounts directly."""

    unit = unit_fk(models.PROTECT, "social_accounts")
    cadre = models.ForeignKey(
        Cadre, on_delete=models.CASCADE, null=True, blank=True, related_name="accounts"
    )
    platform = models.ForeignKey(Platform, on_delete=models.PROTECT, verbose_name=_("nền tảng"))
    link_raw = models.CharField(_("liên kết (như đã nhập)"), max_length=500)
    canonical = models.CharField(_("liên kết chuẩn hoá"), max_length=500, db_index=True)
    verifiable = models.BooleanField(
        _("kiểm tra được"),
        default=True,
        help_text=_(
            "Liên kết chia sẻ (facebook.com/share/…) không xác định được tài khoản khi không có mạng."
        ),
    )
    phone = models.CharField(max_length=20, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = _("tài khoản mạng xã hội")
        constraints = [
            models.UniqueConstraint(
                fields=["cadre", "canonical"],
                condition=Q(cadre__isnull=False),
                name="account_once_per_cadre",
            ),
            models.UniqueConstraint(
                fields=["unit", "canonical"],
                condition=Q(cadre__isnull=True),
                name="account_once_per_unit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.platform}: {self.canonical}"


class OfficialChannel(models.Model):
    """The province Front's own channels (its Facebook page, Zalo OA, website…)."""

    province = unit_fk(models.CASCADE, "official_channels")
    platform = models.ForeignKey(Platform, on_delete=models.PROTECT, verbose_name=_("nền tảng"))
    name = models.CharField(_("tên kênh"), max_length=200)
    link_raw = models.CharField(_("liên kết"), max_length=500)
    canonical = models.CharField(max_length=500, editable=False)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    active = models.BooleanField(_("đang theo dõi"), default=True)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = verbose_name_plural = _("kênh chính thức của tỉnh")
        constraints = [
            models.UniqueConstraint(fields=["province", "canonical"], name="channel_once")
        ]

    def __str__(self) -> str:
        return self.name

    unit_id = unit_id_via("province_id")


class FollowStatus(models.TextChoices):
    YES = "yes", _("Có")
    NO = "no", _("Không")
    UNKNOWN = "unknown", _("Chưa rõ")


class ChannelFollow(models.Model):
    """Whether a cadre follows or has joined an official channel, and when that was confirmed."""

    cadre = models.ForeignKey(Cadre, on_delete=models.CASCADE, related_name="follows")
    channel = models.ForeignKey(OfficialChannel, on_delete=models.CASCADE, related_name="follows")
    status = models.CharField(
        _("theo dõi"), max_length=10, choices=FollowStatus.choices, default=FollowStatus.UNKNOWN
    )
    confirmed_on = models.DateField(_("ngày xác nhận"), null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["cadre", "channel"], name="follow_once")]

    def __str__(self) -> str:
        return f"{self.cadre} · {self.channel}: {self.get_status_display()}"

    unit_id = unit_id_via("cadre.unit_id")
