"""/api/v1/notifications/: the user's own notifications (rendered in their language) and
marking them read. Nobody sees anyone else's: they are the recipient's own rows."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.response import Response

from frontnet.api.base import Scoped
from frontnet.api.serializers import ReadOnlyModelSerializer

from . import selectors, services
from .models import Notification


class NotificationSerializer(ReadOnlyModelSerializer):
    text = serializers.CharField(read_only=True, help_text=_("Nội dung, theo ngôn ngữ của bạn"))

    class Meta:
        model = Notification
        fields = ["id", "kind", "text", "unit", "url", "created_at", "read_at"]


class MarkReadInput(serializers.Serializer):
    ids = serializers.ListField(
        child=serializers.IntegerField(min_value=0),
        required=False,
        help_text=_("Các thông báo cần đánh dấu đã đọc; bỏ trống: tất cả"),
    )


class MarkedSerializer(serializers.Serializer):
    marked = serializers.IntegerField()


@extend_schema(
    summary=_("Các thông báo của bạn (mới nhất trước)"),
    parameters=[OpenApiParameter("unread", bool, description=_("Chỉ các thông báo chưa đọc"))],
)
class NotificationList(Scoped, generics.ListAPIView):
    serializer_class = NotificationSerializer

    def get_queryset(self):
        qs = selectors.notifications_of(user=self.request.user)
        if self.request.query_params.get("unread") in ("1", "true"):
            qs = qs.filter(read_at__isnull=True)
        return qs.order_by("-created_at", "-pk")


class NotificationsMarkRead(Scoped, generics.GenericAPIView):
    serializer_class = MarkedSerializer
    http_method_names = ["post", "options"]

    @extend_schema(
        summary=_("Đánh dấu đã đọc"), request=MarkReadInput, responses={200: MarkedSerializer}
    )
    def post(self, request):
        body = MarkReadInput(data=request.data if hasattr(request.data, "get") else {})
        body.is_valid(raise_exception=True)
        ids = body.validated_data.get("ids")
        marked = services.notifications_mark_read(user=request.user, ids=ids)
        return Response({"marked": marked})


urlpatterns = [
    path("notifications/", NotificationList.as_view(), name="api_notification_list"),
    path("notifications/read/", NotificationsMarkRead.as_view(), name="api_notifications_read"),
]
