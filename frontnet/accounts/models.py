from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PROVINCE_ADMIN = "province_admin", _("Quản trị cấp tỉnh")
    AREA_SPECIALIST = "area_specialist", _("Chuyên viên theo dõi địa bàn")
    UNIT_STAFF = "unit_staff", _("Cán bộ đơn vị")
    VIEWER = "viewer", _("Chỉ xem")


class User(AbstractUser):
    """A person who logs in. They belong to one unit; their role decides what they may do
    there. An area specialist also sees the units assigned to them (AreaAssignment)."""

    full_name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    unit = models.ForeignKey(
        "units.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("đơn vị"),
    )
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices, default=Role.VIEWER)

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def can_edit(self) -> bool:
        return self.is_active and (self.is_superuser or self.role != Role.VIEWER)


class AreaAssignment(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="area_assignments")
    unit = models.ForeignKey("units.Unit", on_delete=models.CASCADE, related_name="specialists")
    assigned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("địa bàn theo dõi")
        verbose_name_plural = _("địa bàn theo dõi")
        constraints = [
            models.UniqueConstraint(fields=["user", "unit"], name="area_assignment_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.unit}"
