"""Campaigns (đợt cao điểm) the province office sets: content to spread, the units addressed,
and what each unit reports it shared."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from frontnet.core.fields import unit_fk, user_who


class Channel(models.TextChoices):
    PAGE = "page", _("Trang chính thức")
    ZALO_OA = "zalo_oa", _("Zalo OA")
    WEBSITE = "website", _("Trang web")


class Campaign(models.Model):
    province = unit_fk(models.PROTECT, "campaigns", verbose_name=_("tỉnh"))
    name = models.CharField(_("tên đợt"), max_length=200)
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến ngày"))
    description = models.TextField(_("mô tả"), blank=True)
    # Whom it addresses: the units of these levels, and these units.
    levels = models.ManyToManyField("units.Level", blank=True, related_name="+")
    units = models.ManyToManyField("units.Unit", blank=True, related_name="+")
    created_by = user_who()
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = verbose_name_plural = _("đợt cao điểm")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="campaign_period_order",
            )
        ]

    def __str__(self) -> str:
        return self.name


class ContentItem(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="items")
    title = models.CharField(_("tiêu đề"), max_length=200)
    channel = models.CharField(_("kênh"), max_length=10, choices=Channel.choices)
    link_raw = models.CharField(_("liên kết"), max_length=500)
    canonical = models.CharField(max_length=500)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = verbose_name_plural = _("nội dung cần lan toả")

    def __str__(self) -> str:
        return self.title


class ShareReport(models.Model):
    """A unit says it shared one item: the link of its post and how many cadres shared it."""

    item = models.ForeignKey(ContentItem, on_delete=models.CASCADE, related_name="reports")
    unit = unit_fk(models.PROTECT)
    post_link_raw = models.CharField(_("liên kết bài chia sẻ"), max_length=500)
    post_canonical = models.CharField(max_length=500)  # the post itself (campaigns.links)
    page_canonical = models.CharField(max_length=500, blank=True)  # the account that posted it
    cadres_shared = models.PositiveIntegerField(_("số cán bộ đã chia sẻ"), default=0)
    reported_by = user_who()
    reported_at = models.DateTimeField()

    class Meta:
        ordering = ["item", "unit__path"]
        verbose_name = verbose_name_plural = _("báo cáo chia sẻ")
        constraints = [
            models.UniqueConstraint(fields=["item", "unit"], name="campaign_share_once_per_unit")
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.item}"


class Interaction(models.TextChoices):
    SHARED = "shared", _("đã chia sẻ")
    COMMENTED = "commented", _("đã bình luận")


class CadreInteraction(models.Model):
    """A cadre shared or commented one item (optional, per cadre, entered by their unit):
    how "cadres who interact with the province's channels" is counted, beside "follows"."""

    item = models.ForeignKey(ContentItem, on_delete=models.CASCADE, related_name="interactions")
    # An erased cadre takes their interactions along (frontnet.privacy).
    cadre = models.ForeignKey("cadres.Cadre", on_delete=models.CASCADE, related_name="+")
    # The cadre's unit when recorded (read by scope and by the subtree counts).
    unit = unit_fk(models.PROTECT)
    action = models.CharField(_("tương tác"), max_length=10, choices=Interaction.choices)
    recorded_by = user_who()
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["item", "cadre"]
        verbose_name = verbose_name_plural = _("tương tác của cán bộ")
        constraints = [
            models.UniqueConstraint(
                fields=["item", "cadre", "action"], name="campaign_interaction_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.cadre} · {self.get_action_display()} · {self.item}"
