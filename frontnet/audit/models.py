"""The change log: who changed which record, when, through which channel, before and after.

Written by the services (never by signals) so that bulk imports can log in bulk and
each entry knows its channel. `unit` is the unit the change belongs to, so a unit's
page can show its history and scope applies to the log like to everything else.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from frontnet.core.fields import unit_fk, user_who_or_none


class Channel(models.TextChoices):
    WEB = "web", _("Giao diện web")
    IMPORT = "import", _("Nhập từ tệp")
    COMMAND = "command", _("Lệnh quản trị")
    SYSTEM = "system", _("Hệ thống")
    REFORM = "reform", _("Sắp xếp đơn vị 2025")
    API = "api", _("API")


class Action(models.TextChoices):
    CREATE = "create", _("Thêm mới")
    UPDATE = "update", _("Sửa")
    DELETE = "delete", _("Xoá")
    END = "end", _("Kết thúc")
    REPORT = "report", _("Báo cáo lên cấp trên")
    VERIFY = "verify", _("Xác nhận")
    RETURN = "return", _("Trả lại")
    PUBLISH = "publish", _("Công bố")
    UNPUBLISH = "unpublish", _("Huỷ công bố")


class AuditEntry(models.Model):
    at = models.DateTimeField(_("thời điểm"), db_index=True)
    actor = user_who_or_none(blank=True, verbose_name=_("người thực hiện"))
    actor_name = models.CharField(max_length=150, blank=True)
    channel = models.CharField(_("kênh"), max_length=10, choices=Channel.choices)
    action = models.CharField(_("thao tác"), max_length=10, choices=Action.choices)
    model = models.CharField(_("loại dữ liệu"), max_length=60)
    object_id = models.CharField(max_length=40)
    object_repr = models.CharField(_("đối tượng"), max_length=255)
    unit = unit_fk(models.SET_NULL, null=True, blank=True)
    changes = models.JSONField(_("thay đổi"), default=dict, blank=True)
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = verbose_name_plural = _("nhật ký thay đổi")
        indexes = [
            models.Index(fields=["model", "object_id", "at"]),
            models.Index(fields=["unit", "at"]),
            # "has this unit changed since entry N": monitoring.unit_figures asks it per unit.
            models.Index(fields=["unit", "id"]),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.object_repr}"
