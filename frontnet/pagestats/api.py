"""/api/v1/: page statistics: a unit's pages for a month against their level's median, a
page's months, the monthly form, and the import of an export file (upload, preview with
its column mapping, commit) through the same guard, plan and services as the web."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter
from rest_framework import generics, serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.parsers import FormParser, MultiPartParser

from frontnet.api.base import (
    Action,
    FormWrite,
    Reading,
    Report,
    Scoped,
    form_data,
    uploaded_files,
    valid,
)
from frontnet.api.serializers import ReadOnlyModelSerializer
from frontnet.audit.models import Channel
from frontnet.core.sheets import UnreadableFile
from frontnet.units.access import unit_get_editable, unit_get_for_user, user_can_edit_unit

from . import selectors, services
from .forms import FIGURE_MAX, MonthForm, UploadForm
from .models import PageMonth, StatsUpload
from .parsers import parse_month

API = Channel.API
MONTH = OpenApiParameter(
    "month", str, description=_("Tháng, dạng YYYY-MM hoặc MM/YYYY (mặc định tháng này)")
)


def _month(request, name="month"):
    raw = request.query_params.get(name, "").strip()
    current = selectors.this_month()
    if not raw:
        return current
    month = parse_month(raw)
    if month is None or month > current:
        raise ValidationError({name: [_("Tháng: nhập dạng YYYY-MM, không sau tháng này.")]})
    return month


# --- Serializers -----------------------------------------------------------------------------


class PageRowSerializer(serializers.Serializer):
    page = serializers.IntegerField(source="page.pk")
    name = serializers.CharField(source="page.name")
    unit = serializers.IntegerField(source="page.unit_id")
    level = serializers.CharField(source="level_key")
    followers = serializers.IntegerField(allow_null=True)
    posts = serializers.IntegerField(allow_null=True)
    interactions = serializers.IntegerField(allow_null=True)
    reach = serializers.IntegerField(allow_null=True)
    last_post = serializers.DateTimeField(allow_null=True)
    median = serializers.DictField(
        child=serializers.FloatField(allow_null=True), help_text=_("Trung vị của cấp")
    )
    quiet = serializers.BooleanField(help_text=_("Không có bài trong 30 ngày"))
    falling = serializers.BooleanField(help_text=_("Người theo dõi giảm hai tháng liền"))


class MonthSerializer(ReadOnlyModelSerializer):
    class Meta:
        model = PageMonth
        fields = [
            "month",
            "followers",
            "new_follows",
            "posts",
            "views",
            "reach",
            "interactions",
            "reactions",
            "comments",
            "shares",
            "best_post_url",
            "source",
        ]


class MonthPointSerializer(serializers.Serializer):
    month = serializers.DateField()
    figures = MonthSerializer(source="row", allow_null=True, help_text=_("null: chưa có số liệu"))


def _figure():
    # One monthly figure: left out or null keeps what was recorded.
    return serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=FIGURE_MAX
    )


class MonthInput(serializers.Serializer):
    month = serializers.CharField(help_text=_("Tháng (MM/YYYY)"))
    followers = _figure()
    new_follows = _figure()
    posts = _figure()
    interactions = _figure()
    reach = _figure()
    views = _figure()
    best_post_url = serializers.CharField(required=False, allow_blank=True)


class UploadSerializer(ReadOnlyModelSerializer):
    class Meta:
        model = StatsUpload
        fields = ["id", "unit", "filename", "uploaded_at", "exported_on", "committed_at"]


class PlanSerializer(serializers.Serializer):
    upload = UploadSerializer()
    layout = serializers.CharField(help_text=_("Loại tệp đã nhận ra"))
    sheet = serializers.CharField()
    page = serializers.IntegerField(source="page.pk", allow_null=True)
    needs_page = serializers.BooleanField(help_text=_("Cần chọn trang (?page=)"))
    missing = serializers.ListField(
        child=serializers.CharField(),
        help_text=_("Các trường cần ghép cột (?map_<trường>=<số cột, từ 0>)"),
    )
    headers = serializers.ListField(child=serializers.CharField())
    ready = serializers.BooleanField(help_text=_("Có thể ghi"))
    counts = serializers.DictField(child=serializers.IntegerField())
    rejections = serializers.ListField(
        child=serializers.CharField(), help_text=_("Các dòng bị từ chối và lý do")
    )


def _plan_data(upload, plan) -> dict:
    return {
        "upload": upload,
        "layout": plan.layout,
        "sheet": plan.sheet,
        "page": plan.page,
        "needs_page": plan.needs_page,
        "missing": plan.missing,
        "headers": [str(h) for h in plan.headers],
        "ready": plan.ready,
        "counts": plan.counts,
        "rejections": plan.messages()[:500],
    }


class CommitInput(serializers.Serializer):
    page = serializers.IntegerField(required=False, allow_null=True, help_text=_("Trang"))
    mapping = serializers.DictField(
        child=serializers.IntegerField(min_value=0),
        required=False,
        help_text=_("Trường → số cột (từ 0), cho tệp không theo mẫu"),
    )


class StatsUploadInput(serializers.Serializer):
    file = serializers.FileField(help_text=_("Tệp CSV của Meta Business Suite, hoặc biểu mẫu"))
    page = serializers.IntegerField(required=False, help_text=_("Trang (mã số)"))
    exported_on = serializers.DateField(required=False, help_text=_("Ngày tải tệp từ Meta"))


# --- Views -----------------------------------------------------------------------------------


class UnitPageStats(Report):
    serializer_class = PageRowSerializer
    lookup = unit_get_for_user
    many = True
    read_summary = _("Các trang của đơn vị và cấp dưới trong một tháng, so với trung vị của cấp")
    read_parameters = [MONTH]

    def read(self):
        unit = self.get_object()
        return selectors.by_page(self.request.user, unit, month=_month(self.request)).rows


class PageMonths(Reading, FormWrite, Scoped, generics.GenericAPIView):
    serializer_class = MonthPointSerializer
    pagination_class = None
    http_method_names = ["get", "put", "options"]
    lookup = selectors.stats_page_get_for_user
    many = True
    read_summary = _("Mười hai tháng của một trang, đến tháng chọn")
    read_parameters = [MONTH]
    method = "put"
    summary = _("Ghi số liệu một tháng (các số để trống giữ nguyên)")
    body = MonthInput

    def read(self):
        return selectors.page_months(self.get_object(), until=_month(self.request))

    def allowed(self, page):
        return user_can_edit_unit(user=self.request.user, unit=page.unit)

    def perform(self, page):
        form = valid(MonthForm(form_data(self.request)))
        month = form.cleaned_data["month"]
        try:
            services.month_figures_save(
                page=page, month=month, by=self.request.user, values=form.values(), channel=API
            )
        except services.StatsError as exc:
            raise ValidationError({"non_field_errors": [str(exc)]}) from None
        return selectors.page_months(page, until=month, count=1)[0]


class UploadCreate(Action):
    serializer_class = PlanSerializer
    parser_classes = [MultiPartParser, FormParser]
    lookup = unit_get_for_user
    editable = unit_get_editable
    success = 201
    summary = _("Tải lên tệp số liệu trang; trả lời là bản xem trước")
    body = {"multipart/form-data": StatsUploadInput}

    def perform(self, unit):
        user = self.request.user
        pages = selectors.pages_for_upload(user=user, unit=unit)
        form = valid(UploadForm(self.request.data, uploaded_files(self.request), pages=pages))
        try:
            upload = services.stats_upload_create(unit=unit, by=user, **form.service_kwargs())
            plan = services.stats_upload_plan(
                upload=upload, user=user, page=form.cleaned_data.get("page")
            )
        except (UnreadableFile, services.StatsError) as exc:
            raise ValidationError({"file": [str(exc)]}) from None
        return _plan_data(upload, plan)


def _page(request, upload, raw):
    if raw in (None, ""):
        return None
    page = (
        selectors.pages_for_upload(user=request.user, unit=upload.unit)
        .filter(pk=raw if str(raw).isdigit() else -1)
        .first()
    )
    if page is None:
        raise NotFound(_("Trang: không tìm thấy trong phạm vi của bạn."))
    return page


class UploadPreview(Report):
    serializer_class = PlanSerializer
    lookup = selectors.upload_get_for_user
    read_summary = _("Xem trước tệp: số dòng mới, cập nhật, không đổi, bị từ chối")
    read_parameters = [OpenApiParameter("page", int, description=_("Trang của tệp"))]

    def read(self):
        upload = self.get_object()
        params = self.request.query_params
        mapping = {k[4:]: int(v) for k, v in params.items() if k.startswith("map_") and v.isdigit()}
        page = _page(self.request, upload, params.get("page"))
        try:
            plan = services.stats_upload_plan(
                upload=upload, user=self.request.user, page=page, mapping=mapping or None
            )
        except UnreadableFile as exc:
            raise ValidationError({"file": [str(exc)]}) from None
        return _plan_data(upload, plan)


class UploadCommit(Action):
    serializer_class = PlanSerializer
    lookup = selectors.upload_get_for_user
    summary = _("Ghi tệp (với trang và cách ghép cột đã chọn)")
    body = CommitInput

    def allowed(self, upload):
        return user_can_edit_unit(user=self.request.user, unit=upload.unit)

    def perform(self, upload):
        request = self.request
        given = CommitInput(data=request.data if hasattr(request.data, "get") else {})
        given.is_valid(raise_exception=True)
        page = _page(request, upload, given.validated_data.get("page"))
        mapping = given.validated_data.get("mapping") or None
        try:
            plan = services.stats_upload_map_and_commit(
                upload=upload, by=request.user, page=page, mapping=mapping
            )
        except (services.StatsError, UnreadableFile) as exc:
            raise ValidationError({"non_field_errors": [str(exc)]}) from None
        upload.refresh_from_db(fields=["committed_at"])
        return _plan_data(upload, plan)


urlpatterns = [
    path("units/<int:pk>/page-stats/", UnitPageStats.as_view(), name="api_unit_page_stats"),
    path(
        "units/<int:pk>/page-stats/uploads/",
        UploadCreate.as_view(),
        name="api_page_stats_upload",
    ),
    path("page-stats/uploads/<int:pk>/", UploadPreview.as_view(), name="api_page_stats_preview"),
    path(
        "page-stats/uploads/<int:pk>/commit/",
        UploadCommit.as_view(),
        name="api_page_stats_commit",
    ),
    path("pages/<int:pk>/months/", PageMonths.as_view(), name="api_page_months"),
]
