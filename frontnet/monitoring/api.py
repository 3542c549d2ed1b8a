"""/api/v1/: the rollup (a unit and its children as of a date) and the targets with their
judgements: the same reads as the dashboard (`selectors.rollup`), so the numbers agree."""

import datetime as dt

from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers

from frontnet.api.base import Report
from frontnet.api.rules import RuleApi, rule_urls
from frontnet.api.serializers import ReadOnlyModelSerializer
from frontnet.units.access import unit_get_for_user

from . import services, target_selectors
from .forms import TargetForm
from .models import Measure, Target
from .selectors import rollup

AS_OF = OpenApiParameter(
    "as_of",
    OpenApiTypes.DATE,
    description=_("Số liệu vào ngày này (mặc định hôm nay; không được ở tương lai)."),
)


def as_of(request) -> dt.date:
    """?as_of=YYYY-MM-DD; unlike the dashboard, a bad or future date is refused, not replaced."""
    today = timezone.localdate()
    raw = request.query_params.get("as_of", "").strip()
    if not raw:
        return today
    try:
        day = dt.date.fromisoformat(raw)
    except ValueError:
        raise serializers.ValidationError(
            {"as_of": [_("Ngày không hợp lệ, hãy viết YYYY-MM-DD.")]}
        ) from None
    if day > today:
        raise serializers.ValidationError({"as_of": [_("Ngày không được ở tương lai.")]})
    return day


# --- Serializers -----------------------------------------------------------------------------


class LevelPagesSerializer(serializers.Serializer):
    units = serializers.IntegerField()
    registered = serializers.IntegerField()
    reported = serializers.IntegerField()
    verified = serializers.IntegerField()


class FiguresSerializer(serializers.Serializer):
    cadres = serializers.IntegerField(help_text=_("Số cán bộ"))
    with_account = serializers.IntegerField(help_text=_("Có ít nhất một tài khoản"))
    with_facebook = serializers.IntegerField()
    with_zalo = serializers.IntegerField()
    follows_all = serializers.IntegerField(help_text=_("Theo dõi đủ các kênh của tỉnh"))
    follows = serializers.DictField(
        child=serializers.IntegerField(), help_text=_("Mã số kênh → số cán bộ theo dõi")
    )
    complete = serializers.IntegerField(help_text=_("Đủ các trường bắt buộc"))
    completeness = serializers.FloatField(allow_null=True, help_text=_("Tỉ lệ trường đã điền"))
    pages = serializers.DictField(
        child=LevelPagesSerializer(), help_text=_("Cấp → số đơn vị có trang")
    )


class OwnPageSerializer(serializers.Serializer):
    registered = serializers.BooleanField()
    reported = serializers.BooleanField()
    verified = serializers.BooleanField()
    name_ok = serializers.BooleanField()
    first_reported = serializers.DateField(allow_null=True)


class RowSerializer(serializers.Serializer):
    unit = serializers.IntegerField(source="unit.pk")
    name = serializers.CharField(source="unit.name")
    figures = FiguresSerializer()
    own = OwnPageSerializer(help_text=_("Trang cộng đồng của chính đơn vị"))
    last_change_at = serializers.DateTimeField(allow_null=True)
    last_change_by = serializers.CharField()


class UnitCheckSerializer(serializers.Serializer):
    unit = serializers.IntegerField(source="unit_id")
    name = serializers.CharField()
    parent = serializers.CharField(help_text=_("Đơn vị cấp trên (phân biệt hai xã trùng tên)"))
    meets = serializers.BooleanField()
    value = serializers.FloatField(allow_null=True)
    reason = serializers.CharField()


class ResultSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=["met", "on_track", "at_risk", "missed", "no_units"],
        help_text=_("Đánh giá: đạt, đúng tiến độ, có nguy cơ, không đạt"),
    )
    label = serializers.CharField()
    units = serializers.IntegerField(help_text=_("Số đơn vị áp dụng"))
    met = serializers.IntegerField(help_text=_("Số đơn vị đạt"))
    value = serializers.FloatField(allow_null=True)
    threshold = serializers.FloatField()
    expected = serializers.FloatField(help_text=_("Mức cần có theo tiến độ"))
    days_left = serializers.IntegerField()
    judged_on = serializers.DateField()
    missing = UnitCheckSerializer(many=True, help_text=_("Các đơn vị chưa đạt và lý do"))


class TargetSerializer(ReadOnlyModelSerializer):
    level = serializers.SlugRelatedField(slug_field="key", read_only=True)

    class Meta:
        model = Target
        fields = [
            "id",
            "name",
            "measure",
            "level",
            "root",
            "threshold",
            "unit_threshold",
            "start",
            "deadline",
            "source",
            "active",
        ]


class JudgementSerializer(serializers.Serializer):
    target = TargetSerializer()
    result = ResultSerializer()


class RollupSerializer(serializers.Serializer):
    unit = serializers.IntegerField(source="unit.pk")
    as_of = serializers.DateField()
    total = FiguresSerializer(help_text=_("Cả đơn vị và cấp dưới"))
    own = RowSerializer(help_text=_("Riêng đơn vị"))
    rows = RowSerializer(many=True, help_text=_("Từng đơn vị trực thuộc"))
    targets = JudgementSerializer(many=True)


def _rollup_data(data) -> dict:
    return {
        "unit": data.unit,
        "as_of": data.as_of,
        "total": data.total,
        "own": data.own,
        "rows": data.rows,
        "targets": [{"target": t, "result": r} for t, r in data.targets],
    }


# --- Views -----------------------------------------------------------------------------------


class UnitRollup(Report):
    serializer_class = RollupSerializer
    lookup = unit_get_for_user
    read_summary = _("Số liệu của một đơn vị và các đơn vị trực thuộc")
    read_parameters = [AS_OF]

    def read(self):
        return _rollup_data(rollup(self.get_object(), as_of(self.request)))


class UnitJudgements(Report):
    serializer_class = JudgementSerializer
    lookup = unit_get_for_user
    many = True
    read_summary = _("Đánh giá các chỉ tiêu của một đơn vị, kèm các đơn vị chưa đạt")
    read_parameters = [
        AS_OF,
        OpenApiParameter(
            "status",
            str,
            enum=["met", "on_track", "at_risk", "missed"],
            description=_("Chỉ các chỉ tiêu có đánh giá này"),
        ),
    ]

    def read(self):
        data = rollup(self.get_object(), as_of(self.request))
        wanted = self.request.query_params.get("status", "")
        return [
            {"target": t, "result": r} for t, r in data.targets if not wanted or r.status == wanted
        ]


class TargetInput(serializers.Serializer):
    name = serializers.CharField(help_text=_("Tên chỉ tiêu"))
    measure = serializers.ChoiceField(choices=Measure.choices, help_text=_("Nội dung đo"))
    level = serializers.IntegerField(
        required=False, allow_null=True, help_text=_("Cấp áp dụng (mã số); hoặc units")
    )
    units = serializers.ListField(
        child=serializers.IntegerField(), required=False, help_text=_("Hoặc các đơn vị (mã số)")
    )
    threshold = serializers.IntegerField(help_text=_("Tỉ lệ đơn vị phải đạt (%)"))
    unit_threshold = serializers.IntegerField(
        required=False, allow_null=True, help_text=_("Tỉ lệ cán bộ trong mỗi đơn vị (%)")
    )
    start = serializers.DateField(help_text=_("Ngày bắt đầu"))
    deadline = serializers.DateField(help_text=_("Thời hạn"))
    source = serializers.CharField(required=False, allow_blank=True, help_text=_("Căn cứ"))
    remind_days = serializers.CharField(
        required=False, allow_blank=True, help_text=_("Nhắc trước thời hạn (ngày), ví dụ 7,1")
    )


TARGETS = RuleApi(
    name="target",
    plural="targets",
    serializer=TargetSerializer,
    request=TargetInput,
    form=TargetForm,
    lists=("units",),
    of_province=target_selectors.targets_of_province,
    get_for_user=target_selectors.target_get_for_user,
    can_edit=target_selectors.target_can_edit,
    create=services.target_create,
    update=services.target_update,
    set_active=services.target_set_active,
    summaries={
        "list": _("Các chỉ tiêu áp dụng trong tỉnh"),
        "create": _("Thêm chỉ tiêu (quản trị tỉnh)"),
        "detail": _("Một chỉ tiêu"),
        "update": _("Sửa chỉ tiêu: chỉ các trường gửi lên thay đổi"),
        "deactivate": _("Ngừng áp dụng chỉ tiêu"),
        "reactivate": _("Áp dụng lại chỉ tiêu"),
    },
)


urlpatterns = [
    path("units/<int:pk>/rollup/", UnitRollup.as_view(), name="api_unit_rollup"),
    path("units/<int:pk>/judgements/", UnitJudgements.as_view(), name="api_unit_judgements"),
    *rule_urls(TARGETS),
]
