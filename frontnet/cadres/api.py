"""/api/v1/: cadres, their accounts and follows, and the province's official channels.

Input is checked by the web's own forms (`forms.py`) and written by the same services, with
channel "api" in the audit entry; scope and permissions come from `frontnet.units.access`."""

from functools import cached_property

from django.core.exceptions import PermissionDenied
from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.response import Response

from frontnet.api.base import Action, Detail, FormWrite, Reading, Scoped, valid
from frontnet.api.serializers import ReadOnlyModelSerializer
from frontnet.audit.models import Channel
from frontnet.privacy.masking import MASKERS, PERSONAL_FIELDS
from frontnet.privacy.services import personal_data_viewed
from frontnet.units.access import (
    personal_data_checker,
    province_get_for_user,
    province_get_managed,
    unit_get_editable,
    unit_get_for_user,
    user_can_edit_unit,
    user_manages_province,
)

from . import selectors, services
from .fields import CADRE_FIELDS
from .forms import CadreEndForm, CadreForm, FollowForm, OfficialChannelForm, SocialAccountForm
from .models import Cadre, FollowStatus, Gender, OfficialChannel, SocialAccount

API = Channel.API


# --- Serializers (what the API answers) ------------------------------------------------------


class MaskedForReader(serializers.Serializer):
    """Personal fields masked for a reader who may not see the unit's personal data, as the
    web masks them (`privacy.masking`): a masked phone, e-mail or link reads "09xx xxx 678";
    a masked gender or birth year is left empty. `masked` names the masked fields (the
    privacy API's reveal shows them, logged)."""

    # serializer field -> the masker of privacy.masking that covers it
    masked_fields: dict[str, str] = {}
    # What a masked field reads as where a masked text would not fit the schema's type.
    EMPTY = {"gender": "", "birth_year": None}

    masked = serializers.SerializerMethodField()

    def _reader_sees(self, instance) -> bool:
        request = self.context.get("request")
        if request is None:
            return False  # no reader named: show nothing personal
        checker = self.context.get("_sees_personal")
        if checker is None:
            checker = self.context["_sees_personal"] = personal_data_checker(user=request.user)
        return checker(instance.unit)

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_masked(self, instance) -> list[str]:
        if getattr(instance, "cadre_id", True) is None or self._reader_sees(instance):
            return []  # a unit's own account is not personal data
        return [f for f in self.masked_fields if getattr(instance, f, None) not in (None, "")]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        for field in data["masked"]:
            key = self.masked_fields[field]
            data[field] = self.EMPTY[key] if key in self.EMPTY else MASKERS[key](str(data[field]))
        return data


class CadreSerializer(MaskedForReader, ReadOnlyModelSerializer):
    masked_fields = {
        f: f for f in ("gender", "birth_year", "phone", "email") if f in PERSONAL_FIELDS
    }
    category = serializers.SlugRelatedField(slug_field="key", read_only=True)
    # Both may be blank: say so in the schema (a read-only model field loses allow_blank).
    gender = serializers.ChoiceField(choices=Gender.choices, allow_blank=True, read_only=True)
    email = serializers.CharField(read_only=True, help_text=_("Thư điện tử, có thể để trống"))

    class Meta:
        model = Cadre
        fields = [
            "id",
            "unit",
            "full_name",
            "gender",
            "birth_year",
            "position",
            "category",
            "phone",
            "email",
            "active_from",
            "active_to",
            "end_reason",
            "masked",
        ]


class AccountSerializer(MaskedForReader, ReadOnlyModelSerializer):
    masked_fields = {"link_raw": "facebook", "canonical": "facebook"}
    platform = serializers.SlugRelatedField(slug_field="key", read_only=True)

    class Meta:
        model = SocialAccount
        fields = [
            "id",
            "unit",
            "cadre",
            "platform",
            "link_raw",
            "canonical",
            "verifiable",
            "masked",
        ]


class OfficialChannelSerializer(ReadOnlyModelSerializer):
    platform = serializers.SlugRelatedField(slug_field="key", read_only=True)

    class Meta:
        model = OfficialChannel
        fields = ["id", "province", "platform", "name", "link_raw", "canonical", "order", "active"]


class FollowSerializer(serializers.Serializer):
    channel = serializers.IntegerField(help_text=_("Kênh chính thức"))
    channel_name = serializers.CharField()
    status = serializers.ChoiceField(choices=FollowStatus.choices)
    confirmed_on = serializers.DateField(allow_null=True)


# --- Request bodies (for the schema; the forms check them) ---------------------------------


def _text(help_text, **kwargs):
    return serializers.CharField(required=False, allow_blank=True, help_text=help_text, **kwargs)


CadreInput = type(
    "CadreInput",
    (serializers.Serializer,),
    {
        f.name: _text(
            f"{f.label}. "
            + str(_("Danh mục: mã số của danh mục.")) * (f.name == "category")
            + str(_("Ngày: YYYY-MM-DD.")) * (f.name == "active_from")
        )
        for f in CADRE_FIELDS
        if f.form
    }
    | {"__module__": __name__},
)


class CadreEndInput(serializers.Serializer):
    active_to = serializers.DateField(help_text=_("Ngày kết thúc công tác"))
    end_reason = serializers.CharField(help_text=_("Lý do"))


class AccountInput(serializers.Serializer):
    platform = serializers.IntegerField(help_text=_("Mã số của nền tảng"))
    link = serializers.CharField(help_text=_("Liên kết"))


class FollowInput(serializers.Serializer):
    confirmed_on = serializers.DateField(help_text=_("Ngày xác nhận"))
    answers = serializers.DictField(
        child=serializers.ChoiceField(choices=FollowStatus.choices),
        help_text=_("Câu trả lời cho từng kênh: mã số kênh → trạng thái."),
    )


class OfficialChannelInput(serializers.Serializer):
    platform = serializers.IntegerField(help_text=_("Mã số của nền tảng"))
    name = serializers.CharField(help_text=_("Tên kênh"))
    link = serializers.CharField(help_text=_("Liên kết"))
    order = serializers.IntegerField(required=False, min_value=0, max_value=999)
    active = serializers.BooleanField(required=False)


# --- Cadres ----------------------------------------------------------------------------------

YES_NO = {"1": True, "0": False, "true": True, "false": False}


@extend_schema(
    parameters=[
        OpenApiParameter("q", str, description=_("Tìm theo tên hoặc số điện thoại, không dấu.")),
        OpenApiParameter("subtree", bool, description=_("Cả các đơn vị cấp dưới.")),
        OpenApiParameter("ended", bool, description=_("Cả những người đã kết thúc công tác.")),
        OpenApiParameter("category", int, description=_("Chỉ một danh mục cán bộ.")),
        OpenApiParameter("follows_all", bool, description=_("Theo dõi đủ các kênh của tỉnh.")),
        OpenApiParameter(
            "ordering", str, enum=["full_name", "-full_name", "active_from", "-active_from"]
        ),
    ]
)
class CadreList(FormWrite, Scoped, generics.ListCreateAPIView):
    serializer_class = CadreSerializer
    ORDERINGS = {"full_name", "-full_name", "active_from", "-active_from"}
    editable = unit_get_editable
    form = CadreForm
    on = "unit"
    service = services.cadre_create
    success = 201
    summary = _("Thêm cán bộ (cùng quy tắc với biểu mẫu web)")
    body = CadreInput

    @cached_property
    def unit(self):
        return unit_get_for_user(user=self.request.user, pk=self.kwargs["pk"])

    def get_queryset(self):
        unit = self.unit
        params = self.request.query_params
        wanted = params.get("category", "")
        category = selectors.categories().filter(pk=wanted).first() if wanted.isdigit() else None
        qs = selectors.cadre_list(
            self.request.user,
            unit,
            subtree=YES_NO.get(params.get("subtree", "")) is True,
            q=params.get("q", "")[:100],
            category=category,
            follows_all=YES_NO.get(params.get("follows_all", "")),
            include_ended=YES_NO.get(params.get("ended", "")) is True,
        )
        ordering = params.get("ordering", "full_name")
        return qs.order_by(ordering if ordering in self.ORDERINGS else "full_name", "pk")

    @extend_schema(summary=_("Các cán bộ của một đơn vị"))
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        # Logged as the web's list is: one line for the page of people shown unmasked.
        filters = {
            k: v for k, v in self.request.query_params.items() if k not in ("page", "page_size")
        }
        personal_data_viewed(
            user=self.request.user,
            cadres=list(queryset) if page is None else page,
            unit=self.unit,
            filters=filters,
        )
        return page


class CadreDetail(Detail):
    serializer_class = CadreSerializer
    lookup = selectors.cadre_get_for_user
    read_summary = _("Một cán bộ")
    editable = selectors.cadre_get_editable
    form = CadreForm
    on = "cadre"
    service = services.cadre_update
    summary = _("Sửa cán bộ: chỉ các trường gửi lên thay đổi")
    body = CadreInput

    def read(self):
        cadre = self.get_object()
        personal_data_viewed(user=self.request.user, cadres=[cadre], unit=cadre.unit)
        return cadre

    def form_kwargs(self, cadre):
        return {"instance": cadre}


class CadreEnd(Action):
    serializer_class = CadreSerializer
    lookup = selectors.cadre_get_for_user
    editable = selectors.cadre_get_editable
    form = CadreEndForm
    fields = {"on": "active_to", "reason": "end_reason"}
    on = "cadre"
    service = services.cadre_end
    summary = _("Kết thúc công tác của cán bộ")
    body = CadreEndInput


# --- Accounts --------------------------------------------------------------------------------


class CadreAccounts(FormWrite, Scoped, generics.ListCreateAPIView):
    serializer_class = AccountSerializer
    editable = selectors.cadre_get_editable
    form = SocialAccountForm
    on = "cadre"
    service = services.social_account_add
    success = 201
    summary = _("Thêm tài khoản cho cán bộ")
    body = AccountInput

    @cached_property
    def cadre(self):
        return selectors.cadre_get_for_user(self.request.user, self.kwargs["pk"])

    def get_queryset(self):
        return selectors.accounts_of_cadre(self.cadre).order_by("pk")

    @extend_schema(summary=_("Các tài khoản mạng xã hội của cán bộ"))
    def get(self, request, *args, **kwargs):
        personal_data_viewed(user=request.user, cadres=[self.cadre], unit=self.cadre.unit)
        return super().get(request, *args, **kwargs)

    def form_kwargs(self, cadre):
        return {"for_cadre": True}


class AccountDetail(Reading, Scoped, generics.GenericAPIView):
    serializer_class = AccountSerializer
    http_method_names = ["get", "delete", "options"]
    lookup = selectors.account_get_for_user
    read_summary = _("Một tài khoản mạng xã hội")

    @extend_schema(summary=_("Xoá tài khoản"), responses={204: None})
    def delete(self, request, pk):
        account = self.get_object()
        if not user_can_edit_unit(user=request.user, unit=account.unit):
            raise PermissionDenied
        services.social_account_remove(account=account, by=request.user, channel=API)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- Follows ---------------------------------------------------------------------------------


def _follows(cadre) -> list[dict]:
    return [
        {
            "channel": ch.pk,
            "channel_name": ch.name,
            "status": f.status if f else FollowStatus.UNKNOWN,
            "confirmed_on": f.confirmed_on if f else None,
        }
        for ch, f in selectors.follows_of_cadre(cadre)
    ]


class CadreFollows(Reading, Scoped, generics.GenericAPIView):
    serializer_class = FollowSerializer
    pagination_class = None
    http_method_names = ["get", "put", "options"]
    lookup = selectors.cadre_get_for_user
    many = True
    read_summary = _("Việc theo dõi các kênh chính thức của tỉnh")

    def read(self):
        return _follows(self.get_object())

    @extend_schema(
        summary=_("Ghi câu trả lời theo dõi kênh (các kênh không gửi giữ nguyên)"),
        request=FollowInput,
        responses={200: FollowSerializer(many=True)},
    )
    def put(self, request, pk):
        cadre = selectors.cadre_get_editable(request.user, pk)
        pairs = selectors.follows_of_cadre(cadre)
        answers = request.data.get("answers") if hasattr(request.data, "get") else None
        answers = answers if isinstance(answers, dict) else {}
        data = {f"channel_{ch.pk}": (f.status if f else FollowStatus.UNKNOWN) for ch, f in pairs}
        data |= {f"channel_{k}": str(v) for k, v in answers.items()}
        raw_day = request.data.get("confirmed_on") if hasattr(request.data, "get") else None
        data["confirmed_on"] = "" if raw_day is None else str(raw_day)
        form = FollowForm(
            data,
            channels=[ch for ch, _f in pairs],
            answers={ch.pk: f for ch, f in pairs if f is not None},
        )
        valid(form)
        for official, answer in form.answers():
            services.channel_follow_set(
                cadre=cadre,
                official_channel=official,
                status=answer,
                confirmed_on=form.cleaned_data["confirmed_on"],
                by=request.user,
                channel=API,
            )
        return Response(FollowSerializer(_follows(cadre), many=True).data)


# --- Official channels -----------------------------------------------------------------------


class _ChannelWrite(FormWrite):
    # The province's channels change by its administrator only.
    serializer_class = OfficialChannelSerializer
    form = OfficialChannelForm


class ChannelList(_ChannelWrite, Scoped, generics.ListCreateAPIView):
    editable = province_get_managed
    on = "province"
    service = services.official_channel_create
    success = 201
    summary = _("Thêm kênh chính thức (quản trị tỉnh)")
    body = OfficialChannelInput

    def get_queryset(self):
        province = province_get_for_user(user=self.request.user, pk=self.kwargs["pk"])
        return selectors.official_channels_for(province, include_inactive=True)

    @extend_schema(summary=_("Các kênh chính thức của tỉnh"))
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class ChannelDetail(_ChannelWrite, Detail):
    lookup = selectors.official_channel_get_for_user
    read_summary = _("Một kênh chính thức")
    on = "official_channel"
    service = services.official_channel_update
    summary = _("Sửa kênh chính thức (quản trị tỉnh)")
    body = OfficialChannelInput

    def allowed(self, official):
        return user_manages_province(user=self.request.user, province=official.province)

    def form_kwargs(self, official):
        return {"instance": official}


urlpatterns = [
    path("units/<int:pk>/cadres/", CadreList.as_view(), name="api_cadre_list"),
    path("units/<int:pk>/channels/", ChannelList.as_view(), name="api_channel_list"),
    path("cadres/<int:pk>/", CadreDetail.as_view(), name="api_cadre_detail"),
    path("cadres/<int:pk>/end/", CadreEnd.as_view(), name="api_cadre_end"),
    path("cadres/<int:pk>/accounts/", CadreAccounts.as_view(), name="api_cadre_accounts"),
    path("cadres/<int:pk>/follows/", CadreFollows.as_view(), name="api_cadre_follows"),
    path("accounts/<int:pk>/", AccountDetail.as_view(), name="api_account_detail"),
    path("channels/<int:pk>/", ChannelDetail.as_view(), name="api_channel_detail"),
]
