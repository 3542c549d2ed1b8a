"""Import batches: every uploaded workbook is kept with who, when, unit, counts and status."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from frontnet.core.fields import unit_fk, user_who, user_who_or_none


class BatchStatus(models.TextChoices):
    PENDING = "pending", _("Đang chờ kiểm tra")
    VALIDATING = "validating", _("Đang kiểm tra")
    NEEDS_MAPPING = "mapping", _("Cần ghép cột")
    VALIDATED = "validated", _("Đã kiểm tra, chờ ghi")
    COMMITTING = "committing", _("Đang ghi")
    COMMITTED = "committed", _("Đã ghi vào hệ thống")
    FAILED = "failed", _("Không thành công")
    CANCELLED = "cancelled", _("Đã huỷ")


class ImportBatch(models.Model):
    unit = unit_fk(models.PROTECT, "import_batches")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="import_batches"
    )
    uploaded_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)
    file = models.FileField(_("tệp"), upload_to="imports/%Y/%m/")
    filename = models.CharField(_("tên tệp"), max_length=255)
    sha256 = models.CharField(max_length=64, db_index=True)
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=BatchStatus.choices, default=BatchStatus.PENDING
    )
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(_("thêm mới"), default=0)
    updated = models.PositiveIntegerField(_("cập nhật"), default=0)
    unchanged = models.PositiveIntegerField(_("không đổi"), default=0)
    rejected = models.PositiveIntegerField(_("bị từ chối"), default=0)
    # Rejections: [{"sheet", "row", "column", "reason", "values": [...]}]; the file-level
    # error (unreadable, wrong template) goes to `error`.
    report = models.JSONField(default=dict, blank=True)
    error = models.TextField(_("lỗi"), blank=True)
    # Written whenever the work on the batch moves on; a running batch whose heartbeat is
    # older than FRONTNET_BATCH_STALE_SECONDS was left by a process that died.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    committed_at = models.DateTimeField(null=True, blank=True)
    committed_by = user_who(null=True, blank=True)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name = _("lần nhập biểu mẫu")
        verbose_name_plural = _("các lần nhập biểu mẫu")

    def __str__(self) -> str:
        return f"{self.filename} ({self.uploaded_at:%d/%m/%Y %H:%M})"

    @property
    def progress_percent(self) -> int:
        return int(100 * self.processed_rows / self.total_rows) if self.total_rows else 0

    @property
    def is_running(self) -> bool:
        return self.status in {BatchStatus.PENDING, BatchStatus.VALIDATING, BatchStatus.COMMITTING}


class ColumnMapping(models.Model):
    """A user's answer to "which column is which" for a file shape the template reader did not
    recognise (the province's older forms); reused for the files of the same shape uploaded
    within the unit that made it (its own subtree), never elsewhere."""

    unit = unit_fk(models.CASCADE, "column_mappings", null=True)
    kind = models.CharField(max_length=10)  # "cadres" or "pages"
    signature = models.CharField(max_length=2000)
    mapping = models.JSONField(default=dict)  # field -> column index
    created_by = user_who_or_none()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "kind", "signature"], name="mapping_once_per_unit_and_shape"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.signature[:60]}"


class ImportRow(models.Model):
    """One row of a batch's plan that writes something (created or updated), with what it
    writes: the preview a user reads before committing (`preview`). Unchanged rows are only
    counted (on the batch), rejected ones are in the batch's report. Replaced when the batch
    is validated again and by the commit's own plan; dropped when the batch is cancelled."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="rows")
    sheet = models.CharField(max_length=100)
    row = models.PositiveIntegerField()  # as the spreadsheet numbers it (1-based)
    kind = models.CharField(max_length=10)  # "cadre" or "page"
    outcome = models.CharField(max_length=10)  # "created" or "updated"
    record_id = models.PositiveIntegerField(null=True)  # the cadre or page, once it exists
    # The unit the row belongs to: who sees its contact details unmasked is decided by it.
    unit = unit_fk(models.SET_NULL, null=True)
    name = models.CharField(max_length=255)  # the cadre's or the page's name
    # {field name | "follow:<channel>": [stored, in the file]} (stored is None when created)
    changes = models.JSONField(default=dict)

    class Meta:
        ordering = ["id"]  # the plan's order: the file's sheets and rows
        indexes = [models.Index(fields=["batch", "outcome", "id"])]

    def __str__(self) -> str:
        return f"{self.sheet} {self.row}: {self.outcome} {self.name}"
