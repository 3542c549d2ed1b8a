"""Personal data under Law 91/2025/QH15 and Decree 356/2025/NĐ-CP: consent, who may see a
cadre's contact details, the access log, data-subject requests, erasures, breaches.

Nothing here repeats a person's name, phone or links: rows point at the cadre, so an
erasure of the cadre leaves these records true and free of personal data.
"""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from frontnet.core.fields import optional_fk, unit_fk, unit_id_via, user_who_or_none, user_whose

# Cadre fields that may be kept without consent unless the province says otherwise: what the
# Front needs to count its cadres (Law 91/2025 art. 19: processing without consent for a
# public body's tasks is a question for the province's lawyer, so this is a setting).
DEFAULT_KEPT_WITHOUT_CONSENT = ["full_name", "position", "category", "active_from", "active_to"]


def default_retention_months() -> int:
    """PRIVACY_RETENTION_MONTHS (environment; 24 unless set): a new province's period."""
    return settings.PRIVACY_RETENTION_MONTHS


class PrivacySettings(models.Model):
    """The province office's choices: one row per province."""

    province = models.OneToOneField(
        "units.Unit", on_delete=models.CASCADE, related_name="privacy_settings"
    )
    retention_months = models.PositiveSmallIntegerField(
        _("giữ dữ liệu cá nhân sau khi kết thúc (tháng)"), default=default_retention_months
    )
    kept_without_consent = models.JSONField(
        _("trường được giữ khi chưa có đồng ý"), default=list, blank=True
    )
    consent_min_version = models.PositiveIntegerField(
        _("đồng ý từ phiên bản thông báo"),
        default=1,
        help_text=_("Đồng ý với phiên bản cũ hơn không còn hiệu lực."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = _("cài đặt dữ liệu cá nhân")

    def __str__(self) -> str:
        return str(self.province)

    unit_id = unit_id_via("province_id")


class ConsentNotice(models.Model):
    """The province's notice a cadre agrees to; an edit is a new version, never a change."""

    province = unit_fk(models.CASCADE, "consent_notices")
    version = models.PositiveIntegerField(_("phiên bản"))
    text = models.TextField(_("nội dung thông báo"))
    created_at = models.DateTimeField(_("lúc"), default=timezone.now)
    created_by = user_who_or_none()

    class Meta:
        ordering = ["province", "-version"]
        verbose_name = verbose_name_plural = _("thông báo xử lý dữ liệu cá nhân")
        constraints = [
            models.UniqueConstraint(fields=["province", "version"], name="notice_version_once")
        ]

    def __str__(self) -> str:
        return _("Thông báo phiên bản %(n)s") % {"n": self.version}

    unit_id = unit_id_via("province_id")


class ConsentMethod(models.TextChoices):
    SIGNED_FORM = "signed_form", _("Phiếu có chữ ký")
    WEB_FORM = "web_form", _("Biểu mẫu trên web")
    IN_PERSON = "in_person", _("Trực tiếp")
    IMPORT = "import", _("Cột trong biểu mẫu nhập")


class Consent(models.Model):
    cadre = models.ForeignKey("cadres.Cadre", on_delete=models.CASCADE, related_name="consents")
    notice = models.ForeignKey(ConsentNotice, on_delete=models.PROTECT, related_name="consents")
    agreed_on = models.DateField(_("ngày đồng ý"))
    method = models.CharField(_("hình thức"), max_length=12, choices=ConsentMethod.choices)
    recorded_by = user_who_or_none()
    recorded_at = models.DateTimeField(default=timezone.now)
    scan = models.FileField(_("bản quét"), upload_to="consents/%Y/%m/", blank=True)
    withdrawn_on = models.DateField(_("ngày rút lại"), null=True, blank=True)

    class Meta:
        ordering = ["-agreed_on", "-id"]
        verbose_name = verbose_name_plural = _("đồng ý xử lý dữ liệu cá nhân")

    def __str__(self) -> str:
        return _("Đồng ý ngày %(on)s") % {"on": self.agreed_on.strftime("%d/%m/%Y")}

    unit_id = unit_id_via("cadre.unit_id")


class GrantKind(models.TextChoices):
    PERSONAL_DATA = "personal_data", _("Xem dữ liệu cá nhân")
    DPO = "dpo", _("Cán bộ bảo vệ dữ liệu cá nhân")


class PersonalDataGrant(models.Model):
    """A permission the province office gives a user in its province: see unmasked contact
    details of the cadres in the user's scope, or act as data-protection officer."""

    user = user_whose("personal_data_grants")
    province = unit_fk(models.CASCADE)
    kind = models.CharField(_("quyền"), max_length=16, choices=GrantKind.choices)
    granted_by = user_who_or_none()
    granted_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("quyền dữ liệu cá nhân")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "province", "kind"],
                condition=Q(revoked_at__isnull=True),
                name="grant_active_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_kind_display()}"

    unit_id = unit_id_via("province_id")


class AccessAction(models.TextChoices):
    REVEAL = "reveal", _("Hiện dữ liệu bị che")
    VIEW = "view", _("Xem dữ liệu cá nhân ngoài đơn vị")
    EXPORT = "export", _("Xuất tệp")
    SUBJECT_EXPORT = "subject_export", _("Xuất toàn bộ dữ liệu của một người")


class AccessLogEntry(models.Model):
    """Who saw or took whose personal data, when, and why. `cadre` is empty for an export of
    many people (`count` says how many, `filters` with which filter)."""

    at = models.DateTimeField(_("lúc"), default=timezone.now, db_index=True)
    user = user_who_or_none()
    action = models.CharField(_("thao tác"), max_length=16, choices=AccessAction.choices)
    cadre = optional_fk("cadres.Cadre")
    unit = unit_fk(models.SET_NULL, null=True, blank=True)
    what = models.CharField(_("nội dung"), max_length=200, blank=True)
    filters = models.JSONField(_("bộ lọc"), default=dict, blank=True)
    count = models.PositiveIntegerField(_("số người"), default=0)
    reason = models.CharField(_("lý do"), max_length=500, blank=True)
    channel = models.CharField(max_length=10, default="web")

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = verbose_name_plural = _("nhật ký truy cập dữ liệu cá nhân")
        indexes = [models.Index(fields=["cadre", "at"]), models.Index(fields=["user", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user} {self.action}"


class RequestKind(models.TextChoices):
    ACCESS = "access", _("Xem, nhận bản sao dữ liệu")
    CORRECTION = "correction", _("Chỉnh sửa")
    DELETION = "deletion", _("Xoá")
    RESTRICTION = "restriction", _("Hạn chế xử lý")
    OBJECTION = "objection", _("Phản đối xử lý")
    WITHDRAWAL = "withdrawal", _("Rút lại sự đồng ý")


class RequestOutcome(models.TextChoices):
    OPEN = "", _("Đang xử lý")
    DONE = "done", _("Đã thực hiện")
    REFUSED = "refused", _("Từ chối (có lý do)")


class DataSubjectRequest(models.Model):
    province = unit_fk(models.PROTECT)
    cadre = models.ForeignKey(
        "cadres.Cadre", on_delete=models.PROTECT, related_name="subject_requests"
    )
    kind = models.CharField(_("loại yêu cầu"), max_length=12, choices=RequestKind.choices)
    received_on = models.DateField(_("ngày nhận"))
    handler = user_who_or_none(blank=True, verbose_name=_("người xử lý"))
    note = models.TextField(_("ghi chú"), blank=True)
    outcome = models.CharField(
        _("kết quả"), max_length=10, choices=RequestOutcome.choices, blank=True, default=""
    )
    outcome_note = models.TextField(_("nội dung trả lời"), blank=True)
    closed_on = models.DateField(_("ngày đóng"), null=True, blank=True)
    created_by = user_who_or_none()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = verbose_name_plural = _("yêu cầu của chủ thể dữ liệu")

    def __str__(self) -> str:
        return _("Yêu cầu #%(id)s: %(kind)s") % {"id": self.pk, "kind": self.get_kind_display()}

    unit_id = unit_id_via("cadre.unit_id")

    @property
    def deadline(self) -> dt.date:
        days = settings.PRIVACY_REQUEST_DAYS.get(self.kind, settings.PRIVACY_REQUEST_DAYS["*"])
        return self.received_on + dt.timedelta(days=days)

    def days_left(self, today: dt.date | None = None) -> int | None:
        if self.closed_on:
            return None
        return (self.deadline - (today or timezone.localdate())).days


class Restriction(models.Model):
    """A cadre whose data is kept but left out of lists and exports (restriction or
    objection), except for the data-protection officer."""

    cadre = models.ForeignKey("cadres.Cadre", on_delete=models.CASCADE, related_name="+")
    request = optional_fk(DataSubjectRequest)
    since = models.DateField(_("từ ngày"))
    lifted_on = models.DateField(_("bỏ hạn chế ngày"), null=True, blank=True)
    created_by = user_who_or_none()

    class Meta:
        verbose_name = verbose_name_plural = _("hạn chế xử lý")
        constraints = [
            models.UniqueConstraint(
                fields=["cadre"], condition=Q(lifted_on__isnull=True), name="restriction_once"
            )
        ]

    def __str__(self) -> str:
        return _("Hạn chế từ %(on)s") % {"on": self.since.strftime("%d/%m/%Y")}

    unit_id = unit_id_via("cadre.unit_id")


class ErasureReason(models.TextChoices):
    REQUEST = "request", _("Theo yêu cầu của chủ thể dữ liệu")
    RETENTION = "retention", _("Hết thời hạn lưu giữ")


class Erasure(models.Model):
    """A cadre anonymised: when, by whom, why, and how many rows each eraser changed."""

    cadre = models.OneToOneField("cadres.Cadre", on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    by = user_who_or_none()
    reason = models.CharField(max_length=10, choices=ErasureReason.choices)
    request = optional_fk(DataSubjectRequest)
    changed = models.JSONField(default=dict, blank=True)  # eraser key -> rows/files changed

    class Meta:
        verbose_name = _("lần ẩn danh")
        verbose_name_plural = _("các lần ẩn danh")

    def __str__(self) -> str:
        return f"#{self.cadre_id} {self.at:%Y-%m-%d}"

    unit_id = unit_id_via("cadre.unit_id")


class Breach(models.Model):
    province = unit_fk(models.PROTECT)
    found_at = models.DateTimeField(_("phát hiện lúc"))
    what = models.TextField(_("sự việc"))
    people = models.PositiveIntegerField(_("số người bị ảnh hưởng"), default=0)
    measures = models.TextField(_("biện pháp đã làm"), blank=True)
    notified_at = models.DateTimeField(_("đã thông báo lúc"), null=True, blank=True)
    created_by = user_who_or_none()

    class Meta:
        ordering = ["-found_at", "-id"]
        verbose_name = verbose_name_plural = _("vi phạm dữ liệu cá nhân")

    def __str__(self) -> str:
        return _("Vi phạm phát hiện lúc %(at)s") % {
            "at": timezone.localtime(self.found_at).strftime("%d/%m/%Y %H:%M")
        }

    unit_id = unit_id_via("province_id")

    @property
    def notify_by(self) -> dt.datetime:
        return self.found_at + dt.timedelta(hours=settings.PRIVACY_BREACH_NOTIFY_HOURS)

    def hours_left(self, now: dt.datetime | None = None) -> int | None:
        if self.notified_at:
            return None
        return int((self.notify_by - (now or timezone.now())).total_seconds() // 3600)
