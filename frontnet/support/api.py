"""/api/v1/: difficulty threads (open, reply, take / solve / reopen) and guidance (search,
publish, from a thread). The web's forms check the input (files too, sent as multipart
`files`), the same services write it with channel "api" and tell the same people."""

from django.core.exceptions import PermissionDenied
from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics, serializers, status
from rest_framework.response import Response

from frontnet.api.base import Scoped, form_data, valid
from frontnet.audit.models import Channel
from frontnet.units.access import (
    unit_get_editable,
    unit_get_for_user,
    units_visible_to,
)

from . import selectors, services
from .forms import GuidanceForm, GuidanceSearchForm, InboxFilterForm, ReplyForm, ThreadForm
from .models import Guidance, Reply, Thread, ThreadState, Topic
from .views import FILTER_LEVELS, GUIDANCE_LEVELS

API = Channel.API


class TopicSerializer(serializers.ModelSerializer):
    class Meta:
        model = Topic
        fields = ["id", "name"]
        read_only_fields = fields


class ThreadSerializer(serializers.ModelSerializer):
    opened_by = serializers.StringRelatedField()
    actions = serializers.SerializerMethodField(
        help_text=_("Các thao tác bạn làm được lúc này: take, solve, reopen")
    )

    class Meta:
        model = Thread
        fields = [
            "id",
            "unit",
            "topic",
            "title",
            "text",
            "state",
            "opened_by",
            "to_office",
            "created_at",
            "first_answer_at",
            "last_activity_at",
            "closed_at",
            "guidance",
            "actions",
        ]
        read_only_fields = fields

    def get_actions(self, thread) -> list[str]:
        user = self.context["request"].user
        return [
            a
            for a in services.TRANSITIONS
            if services.thread_can(user=user, thread=thread, action=a)
        ]


class ReplySerializer(serializers.ModelSerializer):
    author = serializers.StringRelatedField()

    class Meta:
        model = Reply
        fields = ["id", "author", "text", "from_helper", "created_at"]
        read_only_fields = fields


class GuidanceSerializer(serializers.ModelSerializer):
    published_by = serializers.StringRelatedField()

    class Meta:
        model = Guidance
        fields = ["id", "unit", "topic", "title", "text", "published_by", "published_at"]
        read_only_fields = fields


class ThreadInput(serializers.Serializer):
    topic = serializers.IntegerField(help_text=_("Mã số chủ đề"))
    title = serializers.CharField(help_text=_("Tiêu đề"))
    text = serializers.CharField(help_text=_("Nội dung vướng mắc"))


class ReplyInput(serializers.Serializer):
    text = serializers.CharField(help_text=_("Trả lời"))


class StateInput(serializers.Serializer):
    action = serializers.ChoiceField(
        choices=list(services.TRANSITIONS),
        help_text=_("take: nhận xử lý; solve: đã giải quyết; reopen: mở lại"),
    )


class GuidanceInput(serializers.Serializer):
    unit = serializers.IntegerField(help_text=_("Gửi tới: tỉnh, hoặc một huyện (mã số)"))
    topic = serializers.IntegerField(help_text=_("Mã số chủ đề"))
    title = serializers.CharField(help_text=_("Tiêu đề"))
    text = serializers.CharField(help_text=_("Nội dung hướng dẫn"))


def _guidance_form(request, **kwargs):
    units = units_visible_to(user=request.user).filter(level__key__in=GUIDANCE_LEVELS)
    return valid(
        GuidanceForm(
            form_data(request),
            request.FILES,
            topics=selectors.topics_active(user=request.user),
            units=units,
            **kwargs,
        )
    )


@extend_schema_view(get=extend_schema(summary=_("Các chủ đề vướng mắc")))
class TopicList(Scoped, generics.ListAPIView):
    serializer_class = TopicSerializer
    pagination_class = None

    def get_queryset(self):
        return selectors.topics_active(user=self.request.user).order_by("name", "pk")


@extend_schema(
    parameters=[
        OpenApiParameter("topic", int, description=_("Chỉ một chủ đề")),
        OpenApiParameter("unit", int, description=_("Chỉ một đơn vị và cấp dưới")),
        OpenApiParameter("state", str, enum=ThreadState.values, description=_("Trạng thái")),
    ]
)
@extend_schema_view(get=extend_schema(summary=_("Các vướng mắc bạn thấy, việc chờ trả lời trước")))
class ThreadList(Scoped, generics.ListAPIView):
    serializer_class = ThreadSerializer

    def get_queryset(self):
        units = units_visible_to(user=self.request.user).filter(level__key__in=FILTER_LEVELS)
        form = InboxFilterForm(
            self.request.query_params,
            topics=selectors.topics_active(user=self.request.user),
            units=units,
        )
        filters = valid(form).cleaned_data
        return selectors.inbox(
            self.request.user,
            topic=filters.get("topic"),
            unit=filters.get("unit"),
            state=filters.get("state") or "",
        )


class ThreadOpen(Scoped, generics.GenericAPIView):
    serializer_class = ThreadSerializer
    http_method_names = ["post", "options"]
    lookup = unit_get_for_user

    @extend_schema(
        summary=_("Gửi vướng mắc của đơn vị tới chuyên viên theo dõi địa bàn"),
        request=ThreadInput,
        responses={201: ThreadSerializer},
    )
    def post(self, request, pk):
        unit = unit_get_editable(user=request.user, pk=pk)
        form = valid(
            ThreadForm(
                form_data(request), request.FILES, topics=selectors.topics_active(user=request.user)
            )
        )
        thread = services.thread_open(
            unit=unit, by=request.user, channel=API, **form.service_kwargs()
        )
        return Response(self.get_serializer(thread).data, status=status.HTTP_201_CREATED)


@extend_schema_view(get=extend_schema(summary=_("Một vướng mắc")))
class ThreadDetail(Scoped, generics.RetrieveAPIView):
    serializer_class = ThreadSerializer
    lookup = selectors.thread_get_for_user


@extend_schema_view(get=extend_schema(summary=_("Các trả lời của một vướng mắc, theo thứ tự")))
class ThreadReplies(Scoped, generics.ListCreateAPIView):
    serializer_class = ReplySerializer

    def get_queryset(self):
        thread = selectors.thread_get_for_user(self.request.user, self.kwargs["pk"])
        return selectors.thread_replies(thread)

    @extend_schema(
        summary=_("Trả lời (chuyên viên: câu trả lời; đơn vị: mở lại nếu đã trả lời)"),
        request=ReplyInput,
        responses={201: ReplySerializer},
    )
    def post(self, request, pk):
        thread = selectors.thread_get_for_user(request.user, pk)
        form = valid(ReplyForm(form_data(request), request.FILES))
        reply = services.thread_reply(
            thread=thread, by=request.user, channel=API, **form.service_kwargs()
        )
        return Response(ReplySerializer(reply).data, status=status.HTTP_201_CREATED)


class ThreadStateChange(Scoped, generics.GenericAPIView):
    serializer_class = ThreadSerializer
    http_method_names = ["post", "options"]
    lookup = selectors.thread_get_for_user

    @extend_schema(
        summary=_("Nhận xử lý, đánh dấu đã giải quyết, hoặc mở lại"),
        request=StateInput,
        responses={200: ThreadSerializer},
    )
    def post(self, request, pk):
        thread = self.get_object()
        given = StateInput(data=request.data if hasattr(request.data, "get") else {})
        given.is_valid(raise_exception=True)
        services.thread_transition(
            thread=thread, action=given.validated_data["action"], by=request.user, channel=API
        )
        return Response(self.get_serializer(thread).data)


class ThreadGuidance(Scoped, generics.GenericAPIView):
    serializer_class = GuidanceSerializer
    http_method_names = ["post", "options"]
    lookup = selectors.thread_get_for_user

    @extend_schema(
        summary=_("Đăng câu trả lời của vướng mắc thành hướng dẫn"),
        request=GuidanceInput,
        responses={201: GuidanceSerializer},
    )
    def post(self, request, pk):
        thread = self.get_object()
        if not services.user_can_publish_guidance(user=request.user, unit=thread.unit):
            raise PermissionDenied
        form = _guidance_form(request)
        entry = services.guidance_publish(
            by=request.user, thread=thread, channel=API, **form.service_kwargs()
        )
        return Response(GuidanceSerializer(entry).data, status=status.HTTP_201_CREATED)


@extend_schema(
    parameters=[
        OpenApiParameter("q", str, description=_("Tìm không cần dấu")),
        OpenApiParameter("topic", int, description=_("Chỉ một chủ đề")),
    ]
)
@extend_schema_view(get=extend_schema(summary=_("Các hướng dẫn gửi tới bạn")))
class GuidanceList(Scoped, generics.ListCreateAPIView):
    serializer_class = GuidanceSerializer

    def get_queryset(self):
        form = valid(
            GuidanceSearchForm(
                self.request.query_params, topics=selectors.topics_active(user=self.request.user)
            )
        )
        data = form.cleaned_data
        return selectors.guidance_search(
            self.request.user, q=data["q"][:200], topic=data["topic"]
        ).order_by("-published_at", "pk")

    @extend_schema(
        summary=_("Đăng hướng dẫn (chuyên viên, văn phòng tỉnh)"),
        request=GuidanceInput,
        responses={201: GuidanceSerializer},
    )
    def post(self, request):
        form = _guidance_form(request)
        entry = services.guidance_publish(by=request.user, channel=API, **form.service_kwargs())
        return Response(GuidanceSerializer(entry).data, status=status.HTTP_201_CREATED)


@extend_schema_view(get=extend_schema(summary=_("Một hướng dẫn")))
class GuidanceDetail(Scoped, generics.RetrieveAPIView):
    serializer_class = GuidanceSerializer
    lookup = selectors.guidance_get_for_user


urlpatterns = [
    path("support/topics/", TopicList.as_view(), name="api_topic_list"),
    path("support/threads/", ThreadList.as_view(), name="api_thread_list"),
    path("units/<int:pk>/support/threads/", ThreadOpen.as_view(), name="api_thread_open"),
    path("support/threads/<int:pk>/", ThreadDetail.as_view(), name="api_thread_detail"),
    path("support/threads/<int:pk>/replies/", ThreadReplies.as_view(), name="api_thread_replies"),
    path("support/threads/<int:pk>/state/", ThreadStateChange.as_view(), name="api_thread_state"),
    path(
        "support/threads/<int:pk>/guidance/", ThreadGuidance.as_view(), name="api_thread_guidance"
    ),
    path("guidance/", GuidanceList.as_view(), name="api_guidance_list"),
    path("guidance/<int:pk>/", GuidanceDetail.as_view(), name="api_guidance_detail"),
]
