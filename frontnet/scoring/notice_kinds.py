from django.utils.translation import gettext_lazy as _

from frontnet.notifications.kinds import register_kind

SCORES_PUBLISHED = register_kind(
    "scores_published",
    label=_("Công bố kết quả thi đua"),
    text=_(
        "Đã công bố kết quả thi đua %(period)s: %(unit)s đạt %(points)s điểm, xếp thứ %(rank)s."
    ),
)
