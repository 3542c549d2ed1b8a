"""/api/v1/units/: the unit tree as the user sees it (scope from `access`)."""

import datetime as dt

from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers

from frontnet.api.base import Scoped
from frontnet.api.serializers import ReadOnlyModelSerializer
from frontnet.core.vntext import fold_search

from . import access, selectors
from .models import Unit


class UnitSerializer(ReadOnlyModelSerializer):
    level = serializers.SlugRelatedField(slug_field="key", read_only=True, help_text=_("Cấp"))

    class Meta:
        model = Unit
        fields = [
            "id",
            "code",
            "name",
            "division_type",
            "level",
            "parent",
            "scheme",
            "valid_from",
            "valid_to",
        ]


AS_OF = OpenApiParameter(
    "as_of", OpenApiTypes.DATE, description=_("Chỉ các đơn vị có hiệu lực vào ngày này.")
)


def _as_of(request):
    raw = request.query_params.get("as_of", "")
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise serializers.ValidationError(
            {"as_of": [_("Ngày không hợp lệ, hãy viết YYYY-MM-DD.")]}
        ) from None


@extend_schema(
    summary=_("Các đơn vị trong phạm vi"),
    parameters=[
        OpenApiParameter("q", str, description=_("Tìm theo tên, gõ không dấu cũng được.")),
        OpenApiParameter("parent", int, description=_("Chỉ các đơn vị trực thuộc đơn vị này.")),
        OpenApiParameter("level", str, description=_("Cấp: province, district, commune…")),
        AS_OF,
        OpenApiParameter("ordering", str, enum=["name", "-name", "code", "-code", "path"]),
    ],
)
class UnitList(Scoped, generics.ListAPIView):
    serializer_class = UnitSerializer
    ORDERINGS = {"name", "-name", "code", "-code", "path"}

    def get_queryset(self):
        qs = access.units_visible_to(user=self.request.user)
        params = self.request.query_params
        if needle := fold_search(params.get("q", "")):
            qs = qs.filter(search_name__contains=needle)
        if params.get("parent", "").isdigit():
            qs = qs.filter(parent_id=int(params["parent"]))
        if params.get("level"):
            qs = qs.filter(level__key=params["level"])
        if (day := _as_of(self.request)) is not None:
            qs = qs.valid_on(day)
        ordering = params.get("ordering", "path")
        return qs.order_by(ordering if ordering in self.ORDERINGS else "path", "pk")


@extend_schema(summary=_("Một đơn vị"))
class UnitDetail(Scoped, generics.RetrieveAPIView):
    serializer_class = UnitSerializer
    lookup = access.unit_get_for_user


@extend_schema(summary=_("Các đơn vị trực thuộc một đơn vị"), parameters=[AS_OF])
class UnitChildren(Scoped, generics.ListAPIView):
    serializer_class = UnitSerializer

    def get_queryset(self):
        unit = access.unit_get_for_user(user=self.request.user, pk=self.kwargs["pk"])
        qs = selectors.unit_children(unit)
        if (day := _as_of(self.request)) is not None:
            qs = qs.valid_on(day)
        return qs.order_by("level__rank", "name", "pk")


urlpatterns = [
    path("units/", UnitList.as_view(), name="api_unit_list"),
    path("units/<int:pk>/", UnitDetail.as_view(), name="api_unit_detail"),
    path("units/<int:pk>/children/", UnitChildren.as_view(), name="api_unit_children"),
]
