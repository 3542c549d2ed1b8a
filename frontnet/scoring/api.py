"""/api/v1/: score periods, the ranking and each unit's breakdown, computing and publishing
(the province administrator), and the report files. Reads go through `selectors` (scope,
unpublished periods only for who computes them), writes through `services` (channel "api")."""

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, serializers

from frontnet.api.base import Action, Report, Scoped
from frontnet.api.rules import RuleApi, rule_urls
from frontnet.api.serializers import ReadOnlyModelSerializer
from frontnet.audit.models import Channel
from frontnet.reports.scoring_reports import scores_docx, scores_xlsx
from frontnet.units.access import province_of, unit_get_for_user, user_manages_province

from . import criterion_selectors
from .forms import CriterionForm
from .models import Criterion, Measure, Rule
from .periods import period_parse
from .selectors import period_visible, periods_visible, scoreboard
from .services import (
    CRITERION_FIELDS,
    criterion_create,
    criterion_set_active,
    criterion_update,
    period_publish,
    period_unpublish,
    scores_compute,
)

API = Channel.API
PERIOD = OpenApiParameter(
    "period", str, description=_("Kỳ: YYYY-MM (tháng) hoặc YYYY (năm); mặc định kỳ mới nhất.")
)


class PeriodSerializer(serializers.Serializer):
    key = serializers.CharField(help_text=_("YYYY-MM hoặc YYYY"))
    label = serializers.CharField()
    kind = serializers.CharField()
    start = serializers.DateField()
    as_of = serializers.DateField(allow_null=True, help_text=_("Số liệu tính đến ngày"))
    computed_at = serializers.DateTimeField(allow_null=True)
    published = serializers.BooleanField()


class LineSerializer(serializers.Serializer):
    name = serializers.CharField(source="name_display", help_text=_("Tiêu chí"))
    rule_text = serializers.CharField(source="rule_display", help_text=_("Cách tính"))
    value_text = serializers.CharField(source="value_display", help_text=_("Kết quả của đơn vị"))
    points = serializers.DecimalField(max_digits=8, decimal_places=2)
    max_points = serializers.DecimalField(max_digits=8, decimal_places=2)


class ScoreSerializer(serializers.Serializer):
    unit = serializers.IntegerField(source="unit_id")
    unit_name = serializers.CharField()
    level = serializers.CharField(source="level.key")
    parent = serializers.IntegerField(source="parent_id", allow_null=True)
    points = serializers.DecimalField(max_digits=8, decimal_places=2)
    max_points = serializers.DecimalField(max_digits=8, decimal_places=2)
    rank_in_level = serializers.IntegerField(help_text=_("Hạng trong cấp (toàn tỉnh)"))
    level_count = serializers.IntegerField()
    rank_in_parent = serializers.IntegerField(help_text=_("Hạng trong đơn vị cấp trên"))
    parent_count = serializers.IntegerField()
    lines = LineSerializer(many=True, help_text=_("Điểm từng tiêu chí"))


class BoardSerializer(serializers.Serializer):
    unit = serializers.IntegerField(source="unit.pk")
    period = PeriodSerializer()
    own = ScoreSerializer(allow_null=True, help_text=_("Điểm của chính đơn vị"))
    ranking = ScoreSerializer(
        many=True, source="scores", help_text=_("Xếp hạng các đơn vị cấp dưới")
    )


class PeriodInput(serializers.Serializer):
    period = serializers.CharField(help_text=_("YYYY-MM hoặc YYYY"))


class UnpublishInput(PeriodInput):
    reason = serializers.CharField(help_text=_("Lý do thu hồi công bố"))


def _text(request, name: str) -> str:
    value = request.data.get(name, "") if hasattr(request.data, "get") else ""
    return value if isinstance(value, str) else ""


def _period_or_404(request, unit, key):
    period = period_visible(request.user, province_of(unit=unit), key)
    if period is None:
        raise Http404("no such period")
    return period


class UnitPeriods(Scoped, generics.ListAPIView):
    serializer_class = PeriodSerializer

    def get_queryset(self):
        unit = unit_get_for_user(user=self.request.user, pk=self.kwargs["pk"])
        return periods_visible(self.request.user, province_of(unit=unit)).order_by("-start", "kind")

    @extend_schema(summary=_("Các kỳ chấm điểm thi đua (đã công bố, hoặc của tỉnh mình quản trị)"))
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class UnitScores(Report):
    serializer_class = BoardSerializer
    lookup = unit_get_for_user
    read_summary = _("Điểm thi đua: của đơn vị, xếp hạng cấp dưới")
    read_parameters = [PERIOD]

    def read(self):
        unit = self.get_object()
        period = _period_or_404(self.request, unit, self.request.query_params.get("period"))
        return scoreboard(self.request.user, unit, period)


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class UnitScoresReport(Scoped, generics.GenericAPIView):
    http_method_names = ["get", "options"]
    FORMATS = {"xlsx": XLSX, "docx": DOCX}
    lookup = unit_get_for_user

    @extend_schema(
        summary=_("Tệp báo cáo điểm thi đua (Excel hoặc Word)"),
        parameters=[
            PERIOD,
            OpenApiParameter("format", str, enum=["xlsx", "docx"], description=_("Loại tệp")),
        ],
        responses={
            (200, XLSX): OpenApiResponse(OpenApiTypes.BINARY),
            (200, DOCX): OpenApiResponse(OpenApiTypes.BINARY),
        },
    )
    def get(self, request, pk):
        unit = self.get_object()
        kind = request.query_params.get("format", "xlsx")
        if kind not in self.FORMATS:
            raise serializers.ValidationError({"format": [_("Chỉ có xlsx hoặc docx.")]})
        period = _period_or_404(request, unit, request.query_params.get("period"))
        board = scoreboard(request.user, unit, period)
        data = (
            scores_xlsx(board) if kind == "xlsx" else scores_docx(board, day=timezone.localdate())
        )
        response = HttpResponse(data, content_type=self.FORMATS[kind])
        name = f"thi-dua-{unit.code or unit.pk}-{period.key}.{kind}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class _ProvinceWrite(Action):
    serializer_class = PeriodSerializer
    lookup = unit_get_for_user
    body = PeriodInput

    def allowed(self, province):
        return user_manages_province(user=self.request.user, province=province)

    def period(self, province):
        key = _text(self.request, "period")
        period = period_visible(self.request.user, province, key) if key else None
        if period is None:
            raise ValidationError({"period": _("Chưa chấm điểm kỳ này.")})
        return period


class ScoresCompute(_ProvinceWrite):
    summary = _("Chấm điểm một kỳ (quản trị tỉnh)")

    def perform(self, province):
        try:
            kind, start = period_parse(_text(self.request, "period"))
        except ValidationError as exc:
            raise ValidationError({"period": exc.messages}) from None
        return scores_compute(
            province=province, kind=kind, start=start, by=self.request.user, channel=API
        )


class ScoresPublish(_ProvinceWrite):
    summary = _("Công bố điểm của một kỳ")

    def perform(self, province):
        return period_publish(period=self.period(province), by=self.request.user, channel=API)


class ScoresUnpublish(_ProvinceWrite):
    summary = _("Thu hồi công bố, kèm lý do")
    body = UnpublishInput

    def perform(self, province):
        period = self.period(province)
        reason = _text(self.request, "reason")
        return period_unpublish(period=period, by=self.request.user, reason=reason, channel=API)


class CriterionSerializer(ReadOnlyModelSerializer):
    levels = serializers.SlugRelatedField(slug_field="key", many=True, read_only=True)

    class Meta:
        model = Criterion
        fields = ["id", *sorted(CRITERION_FIELDS), "levels", "province", "active"]


class CriterionInput(serializers.Serializer):
    code = serializers.CharField(required=False, help_text=_("Mã tiêu chí (chỉ khi thêm)"))
    name = serializers.CharField(help_text=_("Tên tiêu chí"))
    measure = serializers.ChoiceField(choices=Measure.choices, help_text=_("Nội dung đo"))
    rule = serializers.ChoiceField(choices=Rule.choices, help_text=_("Cách tính điểm"))
    weight = serializers.DecimalField(max_digits=6, decimal_places=2, help_text=_("Trọng số"))
    floor = serializers.DecimalField(max_digits=5, decimal_places=2, required=False)
    target = serializers.DecimalField(max_digits=5, decimal_places=2)
    deadline = serializers.DateField(required=False, allow_null=True)
    penalty = serializers.DecimalField(max_digits=6, decimal_places=2, required=False)
    levels = serializers.ListField(
        child=serializers.IntegerField(), help_text=_("Áp dụng cho các cấp (mã số cấp)")
    )
    order = serializers.IntegerField(required=False, allow_null=True)
    source = serializers.CharField(required=False, allow_blank=True, help_text=_("Căn cứ"))


CRITERIA = RuleApi(
    name="criterion",
    plural="criteria",
    serializer=CriterionSerializer,
    request=CriterionInput,
    form=CriterionForm,
    lists=("levels",),
    of_province=criterion_selectors.criteria_of_province,
    get_for_user=criterion_selectors.criterion_get_for_user,
    can_edit=criterion_selectors.criterion_can_edit,
    create=criterion_create,
    update=criterion_update,
    set_active=criterion_set_active,
    summaries={
        "list": _("Các tiêu chí thi đua áp dụng trong tỉnh"),
        "create": _("Thêm tiêu chí (quản trị tỉnh)"),
        "detail": _("Một tiêu chí"),
        "update": _("Sửa tiêu chí: chỉ các trường gửi lên thay đổi; kết quả đã công bố giữ nguyên"),
        "deactivate": _("Ngừng áp dụng tiêu chí"),
        "reactivate": _("Áp dụng lại tiêu chí"),
    },
)


urlpatterns = [
    path("units/<int:pk>/periods/", UnitPeriods.as_view(), name="api_unit_periods"),
    path("units/<int:pk>/scores/", UnitScores.as_view(), name="api_unit_scores"),
    path("units/<int:pk>/scores/report/", UnitScoresReport.as_view(), name="api_scores_report"),
    path("units/<int:pk>/scores/compute/", ScoresCompute.as_view(), name="api_scores_compute"),
    path("units/<int:pk>/scores/publish/", ScoresPublish.as_view(), name="api_scores_publish"),
    path(
        "units/<int:pk>/scores/unpublish/", ScoresUnpublish.as_view(), name="api_scores_unpublish"
    ),
    *rule_urls(CRITERIA),
]
