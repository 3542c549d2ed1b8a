"""/api/v1/: campaigns (the province office creates them), their items, the shares units
report and the counts per unit as of a day. The web's forms check the input, the same
services write it with channel "api"."""

import datetime as dt

from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import generics, serializers
from rest_framework.exceptions import ValidationError

from frontnet.api.base import Action, Report, Scoped, form_data, valid
from frontnet.api.serializers import ReadOnlyModelSerializer
from frontnet.audit.models import Channel
from frontnet.monitoring.api import AS_OF, as_of
from frontnet.monitoring.target_selectors import levels_below_province
from frontnet.units.access import province_get_for_user, province_get_managed, user_can_edit_unit

from . import selectors, services
from .forms import CampaignForm, ShareForm
from .models import Campaign, ContentItem, ShareReport

API = Channel.API
PER_CADRE = ("shared_by", "commented_by")


class ItemSerializer(ReadOnlyModelSerializer):
    class Meta:
        model = ContentItem
        fields = ["id", "title", "channel", "link_raw", "canonical", "order"]


class CampaignSerializer(ReadOnlyModelSerializer):
    items = ItemSerializer(many=True, read_only=True)
    levels = serializers.SlugRelatedField(slug_field="key", many=True, read_only=True)

    class Meta:
        model = Campaign
        fields = [
            "id",
            "province",
            "name",
            "starts_on",
            "ends_on",
            "description",
            "levels",
            "units",
            "created_at",
            "items",
        ]


class ShareSerializer(ReadOnlyModelSerializer):
    class Meta:
        model = ShareReport
        fields = ["id", "item", "unit", "post_link_raw", "post_canonical", "cadres_shared"]


class UnitLineSerializer(serializers.Serializer):
    unit = serializers.IntegerField(source="unit.pk")
    name = serializers.CharField(source="unit.name")
    items_shared = serializers.IntegerField(help_text=_("Số bài đã chia sẻ"))
    cadres_shared = serializers.IntegerField(help_text=_("Số cán bộ đã chia sẻ"))
    shares = serializers.SerializerMethodField(help_text=_("Từng bài: báo cáo, hoặc null"))

    @extend_schema_field(ShareSerializer(many=True, allow_null=True))
    def get_shares(self, line) -> list:
        return [ShareSerializer(s).data if s else None for s in line.shares]


class ItemInput(serializers.Serializer):
    title = serializers.CharField(help_text=_("Tiêu đề"))
    link = serializers.CharField(help_text=_("Liên kết"))


class CampaignInput(serializers.Serializer):
    name = serializers.CharField(help_text=_("Tên đợt"))
    starts_on = serializers.DateField(help_text=_("Từ ngày"))
    ends_on = serializers.DateField(help_text=_("Đến ngày"))
    description = serializers.CharField(required=False, allow_blank=True)
    levels = serializers.ListField(
        child=serializers.IntegerField(), help_text=_("Gửi tới các cấp (mã số cấp)")
    )
    items = ItemInput(many=True, help_text=_("Nội dung cần lan toả"))


class ShareInput(serializers.Serializer):
    item = serializers.IntegerField(help_text=_("Mã số bài của đợt"))
    post_link = serializers.CharField(help_text=_("Liên kết bài chia sẻ"))
    cadres_shared = serializers.IntegerField(
        required=False, min_value=0, help_text=_("Số cán bộ đã chia sẻ")
    )
    shared_by = serializers.ListField(
        child=serializers.IntegerField(),
        required=False,
        help_text=_("Mã số các cán bộ đã chia sẻ (không bắt buộc; khi gửi, thay danh sách cũ)"),
    )
    commented_by = serializers.ListField(
        child=serializers.IntegerField(),
        required=False,
        help_text=_("Mã số các cán bộ đã bình luận (không bắt buộc; khi gửi, thay danh sách cũ)"),
    )


def _campaign_form_data(request) -> dict:
    """The body as the web form reads it: levels a list, each item one "title | link" line."""
    items = request.data.get("items") if hasattr(request.data, "get") else None
    data = form_data(request, lists=("levels",))
    if isinstance(items, list):
        data["items"] = "\n".join(
            f"{i.get('title', '')} | {i.get('link', '')}" if isinstance(i, dict) else str(i)
            for i in items
        )
    return data


@extend_schema_view(get=extend_schema(summary=_("Các đợt cao điểm của tỉnh bạn")))
class CampaignList(Scoped, generics.ListAPIView):
    serializer_class = CampaignSerializer

    def get_queryset(self):
        return selectors.campaigns_visible_to(self.request.user).prefetch_related(
            "items", "levels", "units"
        )


class CampaignCreate(Action):
    serializer_class = CampaignSerializer
    lookup = province_get_for_user
    editable = province_get_managed
    form = CampaignForm
    on = "province"
    service = services.campaign_create
    success = 201
    summary = _("Tạo đợt cao điểm (quản trị tỉnh)")
    body = CampaignInput

    def form_input(self, province):
        return _campaign_form_data(self.request)

    def form_kwargs(self, province):
        return {"levels": levels_below_province(province)}


@extend_schema_view(get=extend_schema(summary=_("Một đợt cao điểm và các bài cần lan toả")))
class CampaignDetail(Scoped, generics.RetrieveAPIView):
    serializer_class = CampaignSerializer
    lookup = selectors.campaign_get_for_user


class CampaignUnits(Report):
    serializer_class = UnitLineSerializer
    lookup = selectors.campaign_get_for_user
    many = True
    read_summary = _("Từng đơn vị được gửi tới: đã chia sẻ những bài nào, tính đến ngày")
    read_parameters = [AS_OF]

    def read(self):
        day: dt.date = as_of(self.request)
        return selectors.campaign_table(self.request.user, self.get_object(), as_of=day).lines


class CampaignShare(Action):
    serializer_class = ShareSerializer
    lookup = selectors.campaign_get_for_user
    summary = _("Đơn vị của bạn báo cáo (hoặc sửa) việc chia sẻ một bài")
    body = ShareInput

    def allowed(self, campaign):
        user = self.request.user
        return user.unit_id is not None and user_can_edit_unit(user=user, unit=user.unit)

    def perform(self, campaign):
        request = self.request
        unit = request.user.unit
        data = form_data(request, lists=PER_CADRE)
        item = next((i for i in campaign.items.all() if str(i.pk) == data.get("item", "")), None)
        if item is None:
            raise ValidationError({"item": [_("Bài: không có trong đợt này.")]})
        form = valid(ShareForm(data, cadres=selectors.unit_cadres(request.user, unit)))
        if not form.cleaned_data["post_link"]:
            raise ValidationError({"post_link": [_("Liên kết bài chia sẻ: hãy nhập liên kết.")]})
        kwargs = form.service_kwargs()
        # Unlike the web form, which always shows the ticks, a call that leaves a list out
        # keeps what was recorded.
        for key, field in (("shared", "shared_by"), ("commented", "commented_by")):
            if field not in request.data:
                kwargs.pop(key, None)
        return services.share_report(item=item, unit=unit, by=request.user, channel=API, **kwargs)


urlpatterns = [
    path("campaigns/", CampaignList.as_view(), name="api_campaign_list"),
    path("units/<int:pk>/campaigns/", CampaignCreate.as_view(), name="api_campaign_create"),
    path("campaigns/<int:pk>/", CampaignDetail.as_view(), name="api_campaign_detail"),
    path("campaigns/<int:pk>/units/", CampaignUnits.as_view(), name="api_campaign_units"),
    path("campaigns/<int:pk>/shares/", CampaignShare.as_view(), name="api_campaign_share"),
]
