from django.db import models
from django.utils.translation import gettext_lazy as _

from frontnet.core.fields import unit_fk, user_whose

from .kinds import kind_of


class Notification(models.Model):
    """One message to one user about something they may see (its unit is in their scope)."""

    recipient = user_whose("notifications")
    kind = models.CharField(_("loại"), max_length=40)
    args = models.JSONField(default=dict, blank=True)
    unit = unit_fk(models.CASCADE, null=True, blank=True)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(_("lúc"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)
    # E-mail (see email.py): when it went out (alone or in a digest), failed attempts so far.
    emailed_at = models.DateTimeField(null=True, blank=True)
    email_attempts = models.PositiveSmallIntegerField(default=0)
    email_error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = verbose_name_plural = _("thông báo")
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        kind = kind_of(self.kind)
        return kind.render(self.args) if kind else self.kind


class Delivery(models.TextChoices):
    APP = "app", _("Chỉ trong ứng dụng")
    EMAIL = "email", _("Trong ứng dụng và gửi e-mail ngay")
    DIGEST = "digest", _("Trong ứng dụng và e-mail tổng hợp hằng ngày")


class NotificationPreference(models.Model):
    """How one user wants one kind of notification; no row means the default
    (`DEFAULT_DELIVERY`: e-mail at once when they have an address)."""

    user = user_whose("notification_preferences")
    kind = models.CharField(max_length=40)
    delivery = models.CharField(max_length=10, choices=Delivery.choices, default=Delivery.APP)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.kind}: {self.delivery}"


DEFAULT_DELIVERY = Delivery.EMAIL
