"""/api/v1/: form-template imports: upload a filled workbook, follow its status, read the
preview (counts and rejections), commit or cancel. The same form, services and tasks as the
web; the rows a committed workbook writes carry audit channel "import" whichever way the
commit was asked (as on the web), the cancel carries "api"."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from frontnet.api.base import Action, FormWrite, Scoped, form_data, uploaded_files, valid
from frontnet.api.serializers import ReadOnlyModelSerializer
from frontnet.audit.models import Channel
from frontnet.units.access import unit_get_editable, unit_get_for_user, user_can_edit_unit

from . import selectors, services, tasks
from .forms import MappingForm, UploadForm
from .models import ImportBatch
from .plan import rejection_reason

# The preview lists at most this many rejected rows; the web's rejected.xlsx has them all.
REJECTIONS_SHOWN = 500


class BatchSerializer(ReadOnlyModelSerializer):
    class Meta:
        model = ImportBatch
        fields = [
            "id",
            "unit",
            "filename",
            "uploaded_at",
            "status",
            "total_rows",
            "processed_rows",
            "created",
            "updated",
            "unchanged",
            "rejected",
            "error",
            "committed_at",
        ]


class RejectionSerializer(serializers.Serializer):
    sheet = serializers.CharField(help_text=_("Trang tính"))
    row = serializers.IntegerField(help_text=_("Dòng, như bảng tính đánh số"))
    column = serializers.CharField(help_text=_("Cột"))
    reason = serializers.CharField(help_text=_("Lý do từ chối"))
    values = serializers.ListField(
        child=serializers.CharField(),
        help_text=_("Các ô của dòng (trống với người không được xem dữ liệu cá nhân của đơn vị)"),
    )


class PreviewSerializer(BatchSerializer):
    rejections = serializers.SerializerMethodField(help_text=_("Các dòng bị từ chối và lý do"))
    needs_mapping = serializers.SerializerMethodField(help_text=_("Các bảng cần ghép cột"))

    class Meta(BatchSerializer.Meta):
        fields = BatchSerializer.Meta.fields + ["rejections", "needs_mapping"]

    @extend_schema_field(RejectionSerializer(many=True))
    def get_rejections(self, batch):
        # The reason in the caller's language, as the batch page reads it; the cells as
        # written only for who may take the files (see BatchDetail), else none.
        shown = getattr(self.context.get("view"), "values_shown", False)
        return [
            {
                **{k: r.get(k) for k in ("sheet", "row", "column")},
                "values": r.get("values") if shown else [],
                "reason": rejection_reason(r),
            }
            for r in (batch.report or {}).get("rejections", [])[:REJECTIONS_SHOWN]
        ]

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_needs_mapping(self, batch):
        return (batch.report or {}).get("mapping", [])


class UploadInput(serializers.Serializer):
    file = serializers.FileField(help_text=_("Tệp biểu mẫu đã điền (xlsx, xls, ods)"))


class _BatchWrite(FormWrite):
    # A change to a batch is for who may edit its unit.
    lookup = selectors.batch_get_for_user

    def allowed(self, batch):
        return user_can_edit_unit(user=self.request.user, unit=batch.unit)


class BatchList(Scoped, generics.ListCreateAPIView):
    serializer_class = BatchSerializer
    parser_classes = [MultiPartParser, FormParser]

    def get_queryset(self):
        unit = unit_get_for_user(user=self.request.user, pk=self.kwargs["pk"])
        return selectors.batches_for_unit(self.request.user, unit, 200)

    def list(self, request, *args, **kwargs):
        # batches_for_unit is already cut to the newest 200: paginate the list it gives.
        page = self.paginate_queryset(list(self.get_queryset()))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(summary=_("Các lần nhập biểu mẫu của đơn vị (mới nhất trước)"))
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        summary=_("Tải lên một biểu mẫu đã điền: được kiểm tra, chưa ghi gì"),
        request={"multipart/form-data": UploadInput},
        responses={201: BatchSerializer},
    )
    def post(self, request, pk):
        unit = unit_get_editable(user=request.user, pk=pk)
        form = valid(UploadForm(request.data, uploaded_files(request)))
        upload = form.cleaned_data["file"]
        batch = services.import_batch_create(
            unit=unit, by=request.user, data=upload.read(), filename=upload.name
        )
        tasks.validate_batch.enqueue(batch.pk)
        batch.refresh_from_db()
        return Response(BatchSerializer(batch).data, status=status.HTTP_201_CREATED)


class BatchDetail(Scoped, generics.RetrieveAPIView):
    serializer_class = PreviewSerializer
    lookup = selectors.batch_get_for_user

    def retrieve(self, request, *args, **kwargs):
        # The rejected rows' cells are the people's data as written, unmasked: for the
        # uploader, or a reader of the unit's personal data (logged), as the web's download.
        batch = self.get_object()
        self.values_shown = selectors.batch_files_allowed(request.user, batch)
        listed = (batch.report or {}).get("rejections", [])[:REJECTIONS_SHOWN]
        if self.values_shown and listed:
            services.batch_files_taken(
                user=request.user, batch=batch, part="rejected", rejections=listed
            )
        return Response(self.get_serializer(batch).data)

    @extend_schema(summary=_("Trạng thái và bản xem trước của một lần nhập"))
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class BatchCommit(_BatchWrite, Action):
    serializer_class = BatchSerializer
    success = 202
    summary = _("Ghi các dòng hợp lệ của lần nhập vào hệ thống")

    def perform(self, batch):
        try:
            # Exactly once, as on the web: of two calls only one moves it to COMMITTING.
            services.import_batch_claim(batch=batch)
        except DjangoValidationError as exc:
            raise ValidationError({"status": exc.messages}) from None
        tasks.commit_batch.enqueue(batch.pk, self.request.user.pk)
        batch.refresh_from_db()
        return batch


class BatchCancel(_BatchWrite, Action):
    serializer_class = BatchSerializer
    on = "batch"
    service = services.import_batch_cancel
    summary = _("Huỷ một lần nhập chưa ghi")


class MappingSerializer(serializers.Serializer):
    kind = serializers.CharField()
    sheet = serializers.CharField(help_text=_("Trang tính"))
    headers = serializers.ListField(
        child=serializers.CharField(allow_blank=True), help_text=_("Tiêu đề các cột, từ cột 0")
    )
    fields = serializers.ListField(
        child=serializers.CharField(), help_text=_("Các trường ghép được")
    )
    mapping = serializers.DictField(
        child=serializers.IntegerField(), help_text=_("Trường → số cột đang ghép")
    )


class MappingInput(serializers.Serializer):
    mapping = serializers.DictField(
        child=serializers.IntegerField(min_value=0), help_text=_("Trường → số cột (từ 0)")
    )


class BatchMapping(_BatchWrite, Scoped, generics.GenericAPIView):
    serializer_class = MappingSerializer
    http_method_names = ["get", "put", "options"]
    method = "put"
    success = 202
    output = BatchSerializer
    summary = _("Ghép cột rồi kiểm tra lại lần nhập")
    body = MappingInput

    def _need(self, batch):
        found = selectors.mapping_need(batch)
        if found is None:
            raise ValidationError({"status": [_("Lần nhập này không chờ ghép cột.")]})
        return found

    @extend_schema(summary=_("Cách ghép cột của một tệp không theo mẫu"))
    def get(self, request, pk):
        need, initial = self._need(self.get_object())
        return Response(
            {
                "kind": need.get("kind", ""),
                "sheet": need.get("sheet", ""),
                "headers": [str(h or "") for h in need.get("headers", [])],
                "fields": [name for name, _h, _r in selectors.mapping_fields()],
                "mapping": {k: int(v) for k, v in initial.items()},
            }
        )

    def perform(self, batch):
        request = self.request
        need, _initial = self._need(batch)
        given = request.data.get("mapping") if hasattr(request.data, "get") else None
        data = (
            {k: str(v) for k, v in given.items()} if isinstance(given, dict) else form_data(request)
        )
        form = valid(MappingForm(data, headers=need["headers"], fields=selectors.mapping_fields()))
        services.import_batch_map_columns(
            batch=batch, mapping=form.mapping(), by=request.user, channel=Channel.API
        )
        tasks.validate_batch.enqueue(batch.pk)
        batch.refresh_from_db()
        return batch


urlpatterns = [
    path("units/<int:pk>/imports/", BatchList.as_view(), name="api_batch_list"),
    path("imports/<int:pk>/", BatchDetail.as_view(), name="api_batch_detail"),
    path("imports/<int:pk>/commit/", BatchCommit.as_view(), name="api_batch_commit"),
    path("imports/<int:pk>/cancel/", BatchCancel.as_view(), name="api_batch_cancel"),
    path("imports/<int:pk>/mapping/", BatchMapping.as_view(), name="api_batch_mapping"),
]
