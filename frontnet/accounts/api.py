"""/api/v1/: user accounts within the caller's scope: list, create (only the roles they may
grant, `access.roles_grantable_by`), deactivate and reactivate. The web's form and services,
with channel "api"; one's own account changes through the profile page only."""

from django.conf import settings
from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics, serializers

from frontnet.api.base import Action, FormWrite, Scoped
from frontnet.api.serializers import ReadOnlyModelSerializer

from . import selectors, services
from .forms import AccountForm
from .models import Role, User
from .tokens import link_path


class UserSerializer(ReadOnlyModelSerializer):
    role = serializers.ChoiceField(choices=Role.choices, read_only=True)
    # May be blank: not an e-mail format in the schema (a read-only model field loses that).
    email = serializers.CharField(read_only=True, help_text=_("Thư điện tử, có thể để trống"))

    class Meta:
        model = User
        fields = ["id", "username", "full_name", "unit", "role", "phone", "email", "is_active"]


class CreatedSerializer(UserSerializer):
    activation_link = serializers.CharField(
        read_only=True, help_text=_("Đường dẫn kích hoạt dùng một lần; chỉ hiện lần này")
    )

    class Meta(UserSerializer.Meta):
        fields = [*UserSerializer.Meta.fields, "activation_link"]


class UserInput(serializers.Serializer):
    full_name = serializers.CharField(help_text=_("Họ và tên"))
    username = serializers.CharField(
        required=False, allow_blank=True, help_text=_("Để trống để tạo từ họ tên và đơn vị")
    )
    unit = serializers.IntegerField(help_text=_("Đơn vị (mã số)"))
    role = serializers.ChoiceField(choices=Role.choices, help_text=_("Vai trò"))
    phone = serializers.CharField(required=False, allow_blank=True)
    email = serializers.CharField(required=False, allow_blank=True)


@extend_schema(
    parameters=[OpenApiParameter("own", bool, description=_("Chỉ tài khoản của chính đơn vị"))]
)
@extend_schema_view(get=extend_schema(summary=_("Các tài khoản của đơn vị và cấp dưới")))
class UserList(FormWrite, Scoped, generics.ListCreateAPIView):
    serializer_class = UserSerializer
    editable = selectors.unit_get_for_accounts
    form = AccountForm
    service = services.account_create
    success = 201
    output = CreatedSerializer
    summary = _("Tạo tài khoản (kích hoạt bằng đường dẫn dùng một lần)")
    body = UserInput

    def get_queryset(self):
        unit = selectors.unit_get_for_accounts(user=self.request.user, pk=self.kwargs["pk"])
        own = self.request.query_params.get("own", "") in ("1", "true")
        return selectors.accounts_of_subtree(unit=unit, own_only=own)

    def form_kwargs(self, unit):
        user = self.request.user
        return {"actor": user, "units": selectors.account_unit_choices(user=user, within=unit)}

    def values(self, form):
        return form.cleaned_data

    def perform(self, unit):
        account = super().perform(unit)
        account.activation_link = settings.FRONTNET_BASE_URL.rstrip("/") + link_path(account)
        return account


@extend_schema_view(get=extend_schema(summary=_("Một tài khoản")))
class UserDetail(Scoped, generics.RetrieveAPIView):
    serializer_class = UserSerializer
    lookup = selectors.account_get_managed


class _SetActive(Action):
    serializer_class = UserSerializer
    lookup = selectors.account_get_managed
    on = "account"


class UserDeactivate(_SetActive):
    service = services.account_deactivate
    summary = _("Khoá tài khoản")


class UserReactivate(_SetActive):
    service = services.account_reactivate
    summary = _("Mở lại tài khoản")


urlpatterns = [
    path("units/<int:pk>/users/", UserList.as_view(), name="api_user_list"),
    path("users/<int:pk>/", UserDetail.as_view(), name="api_user_detail"),
    path("users/<int:pk>/deactivate/", UserDeactivate.as_view(), name="api_user_deactivate"),
    path("users/<int:pk>/reactivate/", UserReactivate.as_view(), name="api_user_reactivate"),
]
