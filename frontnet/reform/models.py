"""What the 2025 transition wrote and what the administrator decided for it.

`RecordMove` is the thread between a record of the legacy tree and the one that carries it on
in the new tree (a cadre, a page, a channel, a residential committee…): the old record is
ended on 30/6/2025 and kept, the new one starts on 1/7/2025, so every count as of a day
before the reform reads exactly what it read before the transition. A move already recorded
is never made again (a second run changes nothing). `new_id` is empty when the record was
ended rather than carried (a page that does not continue, a deactivated user).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from frontnet.core.fields import unit_fk, user_who_or_none


class RecordMove(models.Model):
    province = unit_fk(models.CASCADE, verbose_name=_("tỉnh mới"))
    kind = models.CharField(_("loại dữ liệu"), max_length=40)
    old_id = models.PositiveBigIntegerField()
    new_id = models.PositiveBigIntegerField(null=True, blank=True)
    at = models.DateTimeField(_("thời điểm"))

    class Meta:
        verbose_name = verbose_name_plural = _("bản ghi đã chuyển")
        constraints = [models.UniqueConstraint(fields=["kind", "old_id"], name="record_moved_once")]
        indexes = [models.Index(fields=["kind", "new_id"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.old_id} → {self.new_id}"


class Decision(models.Model):
    """One answer to a question of the plan ("residential:12" → "unit:345")."""

    province = unit_fk(models.CASCADE, verbose_name=_("tỉnh mới"))
    key = models.CharField(_("câu hỏi"), max_length=60)
    value = models.CharField(_("quyết định"), max_length=60)
    by = user_who_or_none(blank=True)
    at = models.DateTimeField(_("thời điểm"), auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = _("quyết định sắp xếp")
        constraints = [models.UniqueConstraint(fields=["province", "key"], name="decision_once")]

    def __str__(self) -> str:
        return f"{self.key} = {self.value}"
