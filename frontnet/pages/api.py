"""/api/v1/: community pages, their transitions (report, verify, return with a reason) and
events. The web's forms check the input, the same services write it (audit channel "api")."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers

from frontnet.api.base import Action, Detail, FormWrite, Scoped, form_data
from frontnet.api.serializers import ReadOnlyModelSerializer
from frontnet.units.access import unit_get_editable, unit_get_for_user

from . import selectors, services
from .forms import PageForm, PageReturnForm, PageVerifyForm
from .models import CommunityPage, PageEvent, PageStatus


class PageSerializer(ReadOnlyModelSerializer):
    platform = serializers.SlugRelatedField(slug_field="key", read_only=True)

    class Meta:
        model = CommunityPage
        fields = [
            "id",
            "unit",
            "platform",
            "name",
            "link_raw",
            "canonical",
            "manager",
            "created_on",
            "expected_name",
            "name_verdict",
            "status",
            "reported_at",
            "verified_at",
            "return_reason",
            "active",
        ]


class EventSerializer(ReadOnlyModelSerializer):
    by = serializers.StringRelatedField()

    class Meta:
        model = PageEvent
        fields = ["id", "action", "at", "by", "note"]


class PageInput(serializers.Serializer):
    platform = serializers.IntegerField(required=False, help_text=_("Mã số của nền tảng"))
    name = serializers.CharField(required=False, help_text=_("Tên trang"))
    link_raw = serializers.CharField(required=False, help_text=_("Liên kết của trang"))
    manager = serializers.IntegerField(
        required=False, allow_null=True, help_text=_("Cán bộ quản lý (mã số)")
    )
    created_on = serializers.DateField(
        required=False, allow_null=True, help_text=_("Ngày lập trang")
    )


class VerifyInput(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, help_text=_("Ghi chú"))


class ReturnInput(serializers.Serializer):
    reason = serializers.CharField(help_text=_("Lý do trả lại"))


@extend_schema(
    parameters=[
        OpenApiParameter("status", str, enum=PageStatus.values, description=_("Trạng thái")),
        OpenApiParameter("ordering", str, enum=["name", "-name", "status", "unit__path"]),
    ]
)
class PageList(FormWrite, Scoped, generics.ListCreateAPIView):
    serializer_class = PageSerializer
    ORDERINGS = {"name", "-name", "status", "unit__path"}
    editable = unit_get_editable
    form = PageForm
    on = "unit"
    service = services.page_register
    success = 201
    summary = _("Đăng ký trang cộng đồng")
    body = PageInput

    def get_queryset(self):
        unit = unit_get_for_user(user=self.request.user, pk=self.kwargs["pk"])
        wanted = self.request.query_params.get("status", "")
        qs = selectors.pages_in_subtree(
            self.request.user, unit, status=wanted if wanted in PageStatus.values else ""
        )
        ordering = self.request.query_params.get("ordering", "unit__path")
        return qs.order_by(ordering if ordering in self.ORDERINGS else "unit__path", "pk")

    @extend_schema(summary=_("Các trang cộng đồng của đơn vị và cấp dưới"))
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def form_kwargs(self, unit):
        return {"unit": unit}


class PageDetail(Detail):
    serializer_class = PageSerializer
    lookup = selectors.page_get_for_user
    read_summary = _("Một trang cộng đồng")
    editable = selectors.page_get_editable
    form = PageForm
    on = "page"
    service = services.page_update
    summary = _("Sửa trang cộng đồng: chỉ các trường gửi lên thay đổi")
    body = PageInput

    def form_input(self, page):
        return form_data(self.request, base=selectors.page_form_initial(page))

    def form_kwargs(self, page):
        return {"unit": page.unit}


class PageEvents(Scoped, generics.ListAPIView):
    serializer_class = EventSerializer

    def get_queryset(self):
        page = selectors.page_get_for_user(self.request.user, self.kwargs["pk"])
        return page.events.select_related("by").order_by("at", "pk")

    @extend_schema(summary=_("Lịch sử của một trang"))
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class _Transition(Action):
    serializer_class = PageSerializer
    lookup = selectors.page_get_for_user
    editable = selectors.page_get_reviewable
    on = "page"


class PageReport(_Transition):
    editable = selectors.page_get_editable
    service = services.page_report
    summary = _("Báo cáo trang lên cấp trên")


class PageVerify(_Transition):
    form = PageVerifyForm
    fields = {"note": "note"}
    service = services.page_verify
    summary = _("Xác nhận trang (cấp trên)")
    body = VerifyInput


class PageReturn(_Transition):
    form = PageReturnForm
    fields = {"reason": "reason"}
    service = services.page_return
    summary = _("Trả lại trang cho đơn vị, kèm lý do")
    body = ReturnInput


class ReviewQueue(Scoped, generics.ListAPIView):
    serializer_class = PageSerializer

    def get_queryset(self):
        return selectors.review_queue(self.request.user).order_by("reported_at", "pk")

    @extend_schema(summary=_("Các trang chờ bạn xác nhận"))
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


urlpatterns = [
    path("units/<int:pk>/pages/", PageList.as_view(), name="api_page_list"),
    path("pages/review/", ReviewQueue.as_view(), name="api_page_review_queue"),
    path("pages/<int:pk>/", PageDetail.as_view(), name="api_page_detail"),
    path("pages/<int:pk>/events/", PageEvents.as_view(), name="api_page_events"),
    path("pages/<int:pk>/report/", PageReport.as_view(), name="api_page_report"),
    path("pages/<int:pk>/verify/", PageVerify.as_view(), name="api_page_verify"),
    path("pages/<int:pk>/return/", PageReturn.as_view(), name="api_page_return"),
]
