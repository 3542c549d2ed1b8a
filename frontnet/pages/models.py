"""Community pages (Trang cộng đồng) and the naming convention they must follow."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from frontnet.core.fields import optional_fk, unit_fk, user_who_or_none


class NamingRule(models.Model):
    """The expected page name of a level, as a template such as
    "Mặt trận {unit} {district} {province}" (placeholders: unit, any level key)."""

    level = models.ForeignKey("units.Level", on_delete=models.CASCADE, related_name="naming_rules")
    scheme = models.CharField(
        _("danh mục"),
        max_length=10,
        blank=True,
        help_text=_("Để trống nếu áp dụng cho mọi danh mục đơn vị."),
    )
    template = models.CharField(_("mẫu tên"), max_length=200)

    class Meta:
        verbose_name = verbose_name_plural = _("quy tắc đặt tên trang")
        constraints = [models.UniqueConstraint(fields=["level", "scheme"], name="naming_rule_once")]

    def __str__(self) -> str:
        return f"{self.level}: {self.template}"


class PageStatus(models.TextChoices):
    DRAFT = "draft", _("Chưa báo cáo")
    REPORTED = "reported", _("Đã báo cáo, chờ xác nhận")
    VERIFIED = "verified", _("Đã xác nhận")
    RETURNED = "returned", _("Bị trả lại")


class NameVerdict(models.TextChoices):
    MATCH = "match", _("Đúng tên")
    FORM_ONLY = "form_only", _("Đúng tên, khác cách viết")
    MISMATCH = "mismatch", _("Sai tên")
    NO_RULE = "no_rule", _("Không có quy tắc")


class CommunityPage(models.Model):
    unit = unit_fk(models.PROTECT, "pages", verbose_name=_("đơn vị"))
    platform = models.ForeignKey(
        "cadres.Platform", on_delete=models.PROTECT, verbose_name=_("nền tảng")
    )
    name = models.CharField(_("tên trang"), max_length=255)
    link_raw = models.CharField(_("liên kết"), max_length=500)
    canonical = models.CharField(max_length=500, editable=False, db_index=True)
    verifiable = models.BooleanField(default=True, editable=False)
    manager = optional_fk(
        "cadres.Cadre", "managed_pages", verbose_name=_("người quản lý (đầu mối liên hệ)")
    )
    created_on = models.DateField(_("ngày lập trang"), null=True, blank=True)
    expected_name = models.CharField(max_length=255, blank=True, editable=False)
    name_verdict = models.CharField(
        max_length=10, choices=NameVerdict.choices, default=NameVerdict.NO_RULE, editable=False
    )
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=PageStatus.choices, default=PageStatus.DRAFT
    )
    reported_at = models.DateTimeField(_("báo cáo lúc"), null=True, blank=True)
    verified_at = models.DateTimeField(_("xác nhận lúc"), null=True, blank=True)
    return_reason = models.CharField(_("lý do trả lại"), max_length=500, blank=True)
    # Who reported and who verified: the database itself refuses one person doing both.
    reported_by = user_who_or_none(blank=True, editable=False)
    verified_by = user_who_or_none(blank=True, editable=False)
    active = models.BooleanField(_("đang hoạt động"), default=True)
    # The last day an ended page still counted (a page carried into the 2025 tree, or one
    # that did not continue there): as of earlier days it reads as it was.
    ended_on = models.DateField(_("ngày kết thúc"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["unit__path", "name"]
        verbose_name = verbose_name_plural = _("trang cộng đồng")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "canonical"], condition=Q(active=True), name="page_once_per_unit"
            ),
            models.CheckConstraint(
                condition=Q(verified_by__isnull=True)
                | Q(reported_by__isnull=True)
                | ~Q(verified_by=F("reported_by")),
                name="page_not_verified_by_reporter",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class PageAction(models.TextChoices):
    """The `action` of a PageEvent (kept as plain text in the column, so adding one needs
    no migration)."""

    REGISTER = "register", _("Đăng ký trang")
    UPDATE = "update", _("Sửa thông tin")
    REOPEN = "reopen", _("Cần báo cáo lại")
    REPORT = "report", _("Báo cáo lên cấp trên")
    VERIFY = "verify", _("Xác nhận")
    RETURN = "return", _("Trả lại")
    MOVE = "move", _("Chuyển sang đơn vị mới (sắp xếp 2025)")


class PageEvent(models.Model):
    """Each step of reporting upward, timestamped: it decides whether a deadline was met."""

    page = models.ForeignKey(CommunityPage, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=10)
    at = models.DateTimeField()
    by = user_who_or_none()
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.page} {self.action} {self.at:%d/%m/%Y %H:%M}"

    def get_action_display(self) -> str:
        try:
            return PageAction(self.action).label
        except ValueError:
            return self.action
