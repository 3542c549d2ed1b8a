"""/api/v1/: personal data, for the roles the web allows: the data-subject requests and
their answer, a person's export and erasure (the data-protection officer), and the logged
reveal of a masked phone and links (anyone who may edit). The same forms and services as
the web, with channel "api"; each read of personal data is logged as on the web."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from frontnet.api.base import Action, FormWrite, Scoped, form_data, valid
from frontnet.api.serializers import ReadOnlyModelSerializer
from frontnet.audit.models import Channel
from frontnet.cadres import selectors as cadre_selectors
from frontnet.units.access import province_get_for_user, user_is_dpo

from . import selectors, services
from .forms import ReasonForm, RequestCloseForm, RequestForm
from .models import DataSubjectRequest, RequestKind, RequestOutcome

API = Channel.API


def _dpo_cadre(request, pk):
    cadre = cadre_selectors.cadre_get_for_user(request.user, pk)
    if not user_is_dpo(user=request.user, unit=cadre.unit):
        raise PermissionDenied
    return cadre


class RequestSerializer(ReadOnlyModelSerializer):
    deadline = serializers.DateField(read_only=True, help_text=_("Hạn trả lời"))

    class Meta:
        model = DataSubjectRequest
        fields = [
            "id",
            "province",
            "cadre",
            "kind",
            "received_on",
            "deadline",
            "handler",
            "note",
            "outcome",
            "outcome_note",
            "closed_on",
            "created_at",
        ]


class RequestInput(serializers.Serializer):
    cadre = serializers.IntegerField(help_text=_("Mã cán bộ"))
    kind = serializers.ChoiceField(choices=RequestKind.choices)
    received_on = serializers.DateField(help_text=_("Ngày nhận"))
    note = serializers.CharField(required=False, allow_blank=True)


class CloseInput(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=[c for c in RequestOutcome.choices if c[0]])
    note = serializers.CharField(
        required=False, allow_blank=True, help_text=_("Nội dung trả lời (bắt buộc khi từ chối)")
    )


class ReasonInput(serializers.Serializer):
    reason = serializers.CharField(help_text=_("Lý do (ghi vào nhật ký truy cập)"))


class EraseInput(serializers.Serializer):
    confirm = serializers.BooleanField(help_text=_("true: xác nhận ẩn danh, không hoàn tác được"))


class RevealedAccountSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    platform = serializers.CharField(source="platform.key")
    link_raw = serializers.CharField()
    canonical = serializers.CharField()


class RevealedSerializer(serializers.Serializer):
    cadre = serializers.IntegerField(source="pk")
    phone = serializers.CharField()
    email = serializers.CharField()
    accounts = RevealedAccountSerializer(many=True)


class ErasedSerializer(serializers.Serializer):
    cadre = serializers.IntegerField()
    erased_at = serializers.DateTimeField()


@extend_schema_view(
    get=extend_schema(
        summary=_("Sổ các yêu cầu của người được xử lý dữ liệu (cán bộ bảo vệ dữ liệu)")
    )
)
class RequestList(FormWrite, Scoped, generics.ListCreateAPIView):
    serializer_class = RequestSerializer
    form = RequestForm
    service = services.request_create
    success = 201
    summary = _("Ghi nhận một yêu cầu")
    body = RequestInput

    def _province(self):
        province = province_get_for_user(user=self.request.user, pk=self.kwargs["pk"])
        if not user_is_dpo(user=self.request.user, unit=province):
            raise PermissionDenied
        return province

    def get_queryset(self):
        return selectors.requests_of(self._province())

    def target(self):
        return self._province()

    def values(self, form):
        data = form.cleaned_data
        try:
            cadre = cadre_selectors.cadre_get_for_user(self.request.user, data["cadre"])
        except Http404:
            raise ValidationError(
                {"cadre": [_("Mã cán bộ: không tìm thấy cán bộ này trong phạm vi của bạn.")]}
            ) from None
        return {"cadre": cadre} | {k: data[k] for k in ("kind", "received_on", "note")}


@extend_schema_view(get=extend_schema(summary=_("Một yêu cầu")))
class RequestDetail(Scoped, generics.RetrieveAPIView):
    serializer_class = RequestSerializer

    def get_object(self):
        subject = selectors.request_get_for_user(self.request.user, self.kwargs["pk"])
        if not user_is_dpo(user=self.request.user, unit=subject.cadre.unit):
            raise PermissionDenied
        return subject


class RequestClose(FormWrite, RequestDetail):
    http_method_names = ["post", "options"]
    form = RequestCloseForm
    fields = {"outcome": "outcome", "note": "note"}
    on = "request"
    service = services.request_close
    summary = _("Trả lời yêu cầu: đã thực hiện (rút đồng ý, hạn chế, ẩn danh) hoặc từ chối")
    body = CloseInput


class CadreReveal(Action):
    serializer_class = RevealedSerializer
    lookup = cadre_selectors.cadre_get_for_user
    summary = _("Xem số điện thoại và liên kết chưa che của một cán bộ (ghi nhật ký)")
    body = ReasonInput

    def perform(self, cadre):
        reason = form_data(self.request).get("reason", "")
        services.cadre_reveal(cadre=cadre, by=self.request.user, reason=reason, channel=API)
        accounts = cadre_selectors.accounts_of_cadre(cadre).select_related("platform")
        return {"pk": cadre.pk, "phone": cadre.phone, "email": cadre.email, "accounts": accounts}


class CadreExport(CadreReveal):
    serializer_class = ReasonInput  # what OPTIONS describes; the answer is the gathered data
    output = OpenApiTypes.OBJECT
    summary = _("Mọi dữ liệu đang giữ về một người (cán bộ bảo vệ dữ liệu; ghi nhật ký)")

    def get_object(self):
        return _dpo_cadre(self.request, self.kwargs["pk"])

    def perform(self, cadre):
        form = valid(ReasonForm(form_data(self.request)))
        reason = form.cleaned_data["reason"]
        return services.subject_data(cadre=cadre, by=self.request.user, channel=API, reason=reason)

    def answer(self, result):
        return Response(result)  # the data as the service gathers it


class CadreErase(CadreExport):
    serializer_class = ErasedSerializer
    output = ErasedSerializer
    summary = _("Ẩn danh dữ liệu cá nhân của một người (cán bộ bảo vệ dữ liệu)")
    body = EraseInput

    def perform(self, cadre):
        if form_data(self.request).get("confirm") not in ("on", "1", "true", "True"):
            raise ValidationError({"confirm": [_("Hãy đánh dấu ô xác nhận trước khi ẩn danh.")]})
        erasure = services.cadre_erase(cadre=cadre, by=self.request.user, channel=API)
        return {"cadre": cadre.pk, "erased_at": erasure.at}


urlpatterns = [
    path("units/<int:pk>/privacy/requests/", RequestList.as_view(), name="api_privacy_requests"),
    path("privacy/requests/<int:pk>/", RequestDetail.as_view(), name="api_privacy_request"),
    path(
        "privacy/requests/<int:pk>/close/",
        RequestClose.as_view(),
        name="api_privacy_request_close",
    ),
    path("cadres/<int:pk>/reveal/", CadreReveal.as_view(), name="api_cadre_reveal"),
    path(
        "cadres/<int:pk>/personal-data/export/",
        CadreExport.as_view(),
        name="api_cadre_subject_export",
    ),
    path("cadres/<int:pk>/personal-data/erase/", CadreErase.as_view(), name="api_cadre_erase"),
]
