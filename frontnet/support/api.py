"""/api/v1/: difficulty threads (open, reply, take / solve / reopen) and guidance (search,
publish, from a thread). The web's forms check the input (files too, sent as multipart
`files`), the same services write it with channel "api" and tell the same people."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics, serializers

from frontnet.api.base import Action, FormWrite, Scoped, valid
from frontnet.api.serializers import ReadOnlyModelSerializer
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


class TopicSerializer(ReadOnlyModelSerializer):
    class Meta:
        model = Topic
        fields = ["id", "name"]


class ThreadSerializer(ReadOnlyModelSerializer):
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

    def get_actions(self, thread) -> list[str]:
        user = self.context["request"].user
        return [
            a
            for a in services.TRANSITIONS
            if services.thread_can(user=user, thread=thread, action=a)
        ]


class ReplySerializer(ReadOnlyModelSerializer):
    author = serializers.StringRelatedField()

    class Meta:
        model = Reply
        fields = ["id", "author", "text", "from_helper", "created_at"]


class GuidanceSerializer(ReadOnlyModelSerializer):
    published_by = serializers.StringRelatedField()

    class Meta:
        model = Guidance
        fields = ["id", "unit", "topic", "title", "text", "published_by", "published_at"]


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


class _Publish(FormWrite):
    # Guidance as the web's form publishes it: to the province or a district seen.
    serializer_class = GuidanceSerializer
    form = GuidanceForm
    files = True
    service = services.guidance_publish
    success = 201
    body = GuidanceInput

    def form_kwargs(self, obj):
        user = self.request.user
        units = units_visible_to(user=user).filter(level__key__in=GUIDANCE_LEVELS)
        return {"topics": selectors.topics_active(user=user), "units": units}


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


class ThreadOpen(Action):
    serializer_class = ThreadSerializer
    lookup = unit_get_for_user
    editable = unit_get_editable
    form = ThreadForm
    files = True
    on = "unit"
    service = services.thread_open
    success = 201
    summary = _("Gửi vướng mắc của đơn vị tới chuyên viên theo dõi địa bàn")
    body = ThreadInput

    def form_kwargs(self, unit):
        return {"topics": selectors.topics_active(user=self.request.user)}


@extend_schema_view(get=extend_schema(summary=_("Một vướng mắc")))
class ThreadDetail(Scoped, generics.RetrieveAPIView):
    serializer_class = ThreadSerializer
    lookup = selectors.thread_get_for_user


@extend_schema_view(get=extend_schema(summary=_("Các trả lời của một vướng mắc, theo thứ tự")))
class ThreadReplies(FormWrite, Scoped, generics.ListCreateAPIView):
    serializer_class = ReplySerializer
    lookup = selectors.thread_get_for_user
    form = ReplyForm
    files = True
    on = "thread"
    service = services.thread_reply
    success = 201
    summary = _("Trả lời (chuyên viên: câu trả lời; đơn vị: mở lại nếu đã trả lời)")
    body = ReplyInput

    def get_queryset(self):
        thread = selectors.thread_get_for_user(self.request.user, self.kwargs["pk"])
        return selectors.thread_replies(thread)


class ThreadStateChange(Action):
    serializer_class = ThreadSerializer
    lookup = selectors.thread_get_for_user
    summary = _("Nhận xử lý, đánh dấu đã giải quyết, hoặc mở lại")
    body = StateInput

    def perform(self, thread):
        given = StateInput(data=self.request.data if hasattr(self.request.data, "get") else {})
        given.is_valid(raise_exception=True)
        action = given.validated_data["action"]
        return services.thread_transition(
            thread=thread, action=action, by=self.request.user, channel=API
        )


class ThreadGuidance(_Publish, Action):
    lookup = selectors.thread_get_for_user
    on = "thread"
    summary = _("Đăng câu trả lời của vướng mắc thành hướng dẫn")

    def allowed(self, thread):
        return services.user_can_publish_guidance(user=self.request.user, unit=thread.unit)


@extend_schema(
    parameters=[
        OpenApiParameter("q", str, description=_("Tìm không cần dấu")),
        OpenApiParameter("topic", int, description=_("Chỉ một chủ đề")),
    ]
)
@extend_schema_view(get=extend_schema(summary=_("Các hướng dẫn gửi tới bạn")))
class GuidanceList(_Publish, Scoped, generics.ListCreateAPIView):
    summary = _("Đăng hướng dẫn (chuyên viên, văn phòng tỉnh)")

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

    def target(self):
        return None  # guidance not from a thread


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
