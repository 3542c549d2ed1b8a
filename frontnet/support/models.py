"""Difficulties a unit raises with its area specialist (threads), and guidance for everyone.

A thread belongs to the unit that asked; it is routed, when opened, to the area specialists
following that unit (their AreaAssignment unit is the unit or an ancestor), or to the province
office when nobody follows it. Who sees it is plain scope: the unit, the levels above, the
specialists following it, the province office.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from frontnet.core.fields import optional_fk, unit_fk, user_who, user_who_or_none
from frontnet.core.models import SeededList

# The topics 0002_seed_topics gives, read in the reader's language (frontnet.core.seeded).
SEEDED_TOPICS = frozenset(
    {
        gettext_noop("Biểu mẫu"),
        gettext_noop("Đặt tên trang"),
        gettext_noop("Lập trang"),
        gettext_noop("Tài khoản"),
        gettext_noop("Đề nghị Đoàn Thanh niên hỗ trợ"),
        gettext_noop("Khác"),
    }
)


class Topic(SeededList):
    """What a difficulty is about: a list the province office edits on a page, not code.
    Topics with no province are the shared defaults (seeded); a province that edits its
    list gets its own copy of them first (`services.topics_save`)."""

    province = unit_fk(models.CASCADE, null=True, blank=True)
    name = models.CharField(_("tên"), max_length=120)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    active = models.BooleanField(_("đang dùng"), default=True)

    seeded_names = SEEDED_TOPICS

    class Meta(SeededList.Meta):
        verbose_name = verbose_name_plural = _("chủ đề vướng mắc")
        constraints = [
            models.UniqueConstraint(fields=["province", "name"], name="support_topic_name_once"),
            models.UniqueConstraint(
                fields=["name"],
                condition=models.Q(province__isnull=True),
                name="support_shared_topic_name_once",
            ),
        ]


class ThreadState(models.TextChoices):
    NEW = "new", _("Mới")
    IN_PROGRESS = "in_progress", _("Đang xử lý")
    ANSWERED = "answered", _("Đã trả lời")
    SOLVED = "solved", _("Đã giải quyết")
    REOPENED = "reopened", _("Mở lại")


# States in which the unit is still waiting for the helpers.
WAITING_STATES = (ThreadState.NEW, ThreadState.IN_PROGRESS, ThreadState.REOPENED)
OPEN_STATES = (*WAITING_STATES, ThreadState.ANSWERED)


class Thread(models.Model):
    unit = unit_fk(models.PROTECT, "support_threads", verbose_name=_("đơn vị"))
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, verbose_name=_("chủ đề"))
    title = models.CharField(_("tiêu đề"), max_length=200)
    text = models.TextField(_("nội dung"))
    state = models.CharField(
        _("trạng thái"), max_length=12, choices=ThreadState.choices, default=ThreadState.NEW
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="support_threads_opened"
    )
    # Who it was routed to when opened: the specialists following the unit, else the office.
    assignees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="support_threads_assigned", blank=True
    )
    to_office = models.BooleanField(default=False)
    created_at = models.DateTimeField(_("gửi lúc"), db_index=True)
    first_answer_at = models.DateTimeField(_("trả lời đầu tiên lúc"), null=True, blank=True)
    last_activity_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = user_who_or_none(blank=True)
    stale_flagged_at = models.DateTimeField(null=True, blank=True)
    guidance = optional_fk("support.Guidance", "threads", verbose_name=_("hướng dẫn"))

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = verbose_name_plural = _("vướng mắc")
        indexes = [models.Index(fields=["state", "created_at"])]

    def __str__(self) -> str:
        return self.title


class Reply(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="replies")
    author = user_who()
    text = models.TextField(_("nội dung"))
    # A reply from the helpers' side (specialist, office, level above), not from the asker.
    from_helper = models.BooleanField(default=False)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = verbose_name_plural = _("trả lời")

    def __str__(self) -> str:
        return f"{self.thread_id} · {self.created_at:%Y-%m-%d %H:%M}"


class Guidance(models.Model):
    """An answer others need, published to a subtree (the province or a district)."""

    unit = unit_fk(models.PROTECT, "guidance", verbose_name=_("phạm vi"))
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, verbose_name=_("chủ đề"))
    title = models.CharField(_("tiêu đề"), max_length=200)
    text = models.TextField(_("nội dung"))
    search_text = models.TextField(editable=False, default="")
    published_by = user_who()
    published_at = models.DateTimeField()

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = verbose_name_plural = _("hướng dẫn")

    def __str__(self) -> str:
        return self.title


class Attachment(models.Model):
    """A file of a thread, a reply or a guidance entry. Stored under an opaque name in the
    storage backend and served only by `attachment_download`, after a scope check."""

    thread = models.ForeignKey(
        Thread, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments"
    )
    reply = models.ForeignKey(
        Reply, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments"
    )
    guidance = models.ForeignKey(
        Guidance, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments"
    )
    storage_name = models.CharField(max_length=255)
    name = models.CharField(_("tên tệp"), max_length=255)
    kind = models.CharField(max_length=10)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = user_who()
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = verbose_name_plural = _("tệp đính kèm")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(thread__isnull=False) | models.Q(guidance__isnull=False),
                name="support_attachment_has_owner",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class ExampleUnit(models.Model):
    """A unit the province office shows to the others as having prepared well, for a period."""

    unit = unit_fk(models.PROTECT, "examples", verbose_name=_("đơn vị"))
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến ngày"), null=True, blank=True)
    note = models.CharField(_("vì sao làm tốt"), max_length=500)
    marked_by = user_who()
    marked_at = models.DateTimeField()
    # Ended early by the office: shown no more, whatever its period said.
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-starts_on", "unit__path"]
        verbose_name = verbose_name_plural = _("đơn vị làm tốt")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="support_example_period_order",
            )
        ]

    def __str__(self) -> str:
        return str(self.unit)

    def is_current(self, day) -> bool:
        return self.starts_on <= day and (self.ends_on is None or self.ends_on >= day)
