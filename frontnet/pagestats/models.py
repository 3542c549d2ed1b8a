"""How effective each community page is, month by month, and the posts those figures come from.

A month is stored as the date of its first day. Figures come from files (Meta Business Suite
exports, the form template's "Hiệu quả trang" sheet) or the monthly form; each source writes
the fields it knows, and the row says which source wrote it last, who and when. The audit log
keeps every earlier value.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from frontnet.core.fields import optional_fk, unit_fk, unit_id_via, user_who, user_who_or_none


class Source(models.TextChoices):
    POSTS_EXPORT = "posts", _("Tệp bài viết (Meta Business Suite)")
    METRIC_EXPORT = "metric", _("Tệp chỉ số trang (Meta Business Suite)")
    WORKBOOK = "workbook", _("Biểu mẫu Excel (trang “Hiệu quả trang”)")
    FORM = "form", _("Nhập tay hằng tháng")


class StatsUpload(models.Model):
    """A file as it was uploaded: kept whole (files are small) so that the preview and the
    commit read the same bytes, and the figures can say which file they came from."""

    unit = unit_fk(models.PROTECT)
    page = models.ForeignKey(
        "pages.CommunityPage", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    uploaded_by = user_who()
    uploaded_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)
    filename = models.CharField(_("tên tệp"), max_length=255)
    sha256 = models.CharField(max_length=64, db_index=True)
    content = models.BinaryField()
    exported_on = models.DateField(_("ngày xuất tệp"))
    committed_at = models.DateTimeField(null=True, blank=True)
    report = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = verbose_name_plural = _("tệp số liệu trang")

    def __str__(self) -> str:
        return self.filename


class PageMonth(models.Model):
    page = models.ForeignKey(
        "pages.CommunityPage", on_delete=models.CASCADE, related_name="stat_months"
    )
    month = models.DateField(_("tháng"))  # the first day of the month
    followers = models.PositiveIntegerField(_("người theo dõi cuối tháng"), null=True, blank=True)
    new_follows = models.PositiveIntegerField(_("lượt theo dõi mới"), null=True, blank=True)
    posts = models.PositiveIntegerField(_("bài viết đã đăng"), null=True, blank=True)
    # Page-level figures (metric exports, the form): all the page's content, not only posts.
    views = models.PositiveIntegerField(_("lượt xem"), null=True, blank=True)
    reach = models.PositiveIntegerField(_("người tiếp cận"), null=True, blank=True)
    interactions = models.PositiveIntegerField(_("lượt tương tác"), null=True, blank=True)
    # Recounted from the month's posts (posts exports).
    post_views = models.PositiveIntegerField(null=True, blank=True)
    post_reach = models.PositiveIntegerField(null=True, blank=True)
    reactions = models.PositiveIntegerField(_("cảm xúc"), null=True, blank=True)
    comments = models.PositiveIntegerField(_("bình luận"), null=True, blank=True)
    shares = models.PositiveIntegerField(_("lượt chia sẻ"), null=True, blank=True)
    best_post_url = models.URLField(_("bài nổi bật"), max_length=500, blank=True)
    source = models.CharField(max_length=10, choices=Source.choices)
    upload = optional_fk(StatsUpload)
    entered_by = user_who_or_none()
    entered_at = models.DateTimeField()

    class Meta:
        ordering = ["page", "month"]
        verbose_name = verbose_name_plural = _("số liệu tháng của trang")
        constraints = [
            models.UniqueConstraint(fields=["page", "month"], name="page_month_once"),
            models.CheckConstraint(condition=Q(month__day=1), name="page_month_first_day"),
        ]
        indexes = [models.Index(fields=["month", "page"], name="page_month_by_month")]

    def __str__(self) -> str:
        return f"{self.page_id} {self.month:%m/%Y}"

    unit_id = unit_id_via("page.unit_id")  # the audit log ties an entry to the page's unit

    @property
    def total_interactions(self) -> int | None:
        """The page-level figure when known, else what the posts add up to."""
        if self.interactions is not None:
            return self.interactions
        parts = [self.reactions, self.comments, self.shares]
        return None if all(p is None for p in parts) else sum(p or 0 for p in parts)


class PagePost(models.Model):
    """One post's lifetime figures as of the export they were read from: a later export
    replaces them (Meta's per-post figures only grow)."""

    page = models.ForeignKey("pages.CommunityPage", on_delete=models.CASCADE, related_name="posts")
    post_id = models.CharField(_("mã bài viết"), max_length=64)
    published_at = models.DateTimeField(_("thời gian đăng"))
    permalink = models.URLField(_("liên kết"), max_length=500, blank=True)
    post_type = models.CharField(_("loại bài viết"), max_length=40, blank=True)
    views = models.PositiveIntegerField(default=0)
    reach = models.PositiveIntegerField(default=0)
    reactions = models.PositiveIntegerField(default=0)
    comments = models.PositiveIntegerField(default=0)
    shares = models.PositiveIntegerField(default=0)
    exported_on = models.DateField(_("ngày xuất tệp"))
    upload = optional_fk(StatsUpload)

    class Meta:
        ordering = ["page", "-published_at"]
        constraints = [
            models.UniqueConstraint(fields=["page", "post_id"], name="page_post_once"),
        ]
        indexes = [models.Index(fields=["page", "published_at"], name="page_post_by_time")]

    def __str__(self) -> str:
        return self.post_id

    unit_id = unit_id_via("page.unit_id")

    @property
    def engagement(self) -> int:
        return self.reactions + self.comments + self.shares


class PageIdentity(models.Model):
    """A Meta Page ID known to belong to a community page: learnt when an uploader picks the
    page for a file naming that ID, so the next file is recognised by itself."""

    page = models.ForeignKey("pages.CommunityPage", on_delete=models.CASCADE, related_name="+")
    meta_page_id = models.CharField(max_length=40, unique=True)

    def __str__(self) -> str:
        return self.meta_page_id
