from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from frontnet.core.fields import unit_fk, user_who_or_none, user_whose


class Role(models.TextChoices):
    PROVINCE_ADMIN = "province_admin", _("Quản trị cấp tỉnh")
    AREA_SPECIALIST = "area_specialist", _("Chuyên viên theo dõi địa bàn")
    UNIT_STAFF = "unit_staff", _("Cán bộ đơn vị")
    VIEWER = "viewer", _("Chỉ xem")


class User(AbstractUser):
    """A person who logs in. They belong to one unit; their role decides what they may do
    there. An area specialist also sees the units assigned to them (AreaAssignment)."""

    full_name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    unit = unit_fk(models.PROTECT, "users", null=True, blank=True, verbose_name=_("đơn vị"))
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices, default=Role.VIEWER)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("người dùng")

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def can_edit(self) -> bool:
        return self.is_active and (self.is_superuser or self.role != Role.VIEWER)


# Roles from the highest down: nobody grants a role above their own.
ROLE_RANK = {Role.PROVINCE_ADMIN: 0, Role.AREA_SPECIALIST: 1, Role.UNIT_STAFF: 2, Role.VIEWER: 3}


class AssignmentQuerySet(models.QuerySet):
    def valid_on(self, day):
        """Assignments running on `day` (from and to both count)."""
        return self.filter(valid_from__lte=day).filter(
            models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=day)
        )


class AreaAssignment(models.Model):
    """A specialist follows a unit's subtree from `valid_from` to `valid_to` (open: still).
    Ended assignments are kept, so "who followed Nghi Lộc in March 2022" has an answer."""

    user = user_whose("area_assignments")
    unit = unit_fk(models.CASCADE, "specialists")
    assigned_at = models.DateTimeField(auto_now_add=True)
    valid_from = models.DateField(_("theo dõi từ"), default=timezone.localdate)
    valid_to = models.DateField(_("theo dõi đến"), null=True, blank=True)
    assigned_by = user_who_or_none(blank=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["unit__path", "-valid_from"]
        verbose_name = verbose_name_plural = _("địa bàn theo dõi")
        constraints = [
            # One open assignment per specialist and unit; ended ones stay as history.
            models.UniqueConstraint(
                fields=["user", "unit"],
                condition=models.Q(valid_to__isnull=True),
                name="area_assignment_open_once",
            ),
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                name="area_assignment_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.unit}"
