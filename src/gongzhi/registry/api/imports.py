"""Bulk import and export through the API.

- `POST /api/imports/` (multipart: `kind`, `community`, `file`, optional `mapping` JSON;
  `?valid_only=1` to import the valid rows only; `?preview=1` to check without importing):
  answers the job (202); the import runs in the background.
- `GET /api/imports/{id}/`: status, progress, counts, the first errors by row and column,
  errors per column, links to the rejected rows and the report.
- `POST /api/imports/{id}/start/` imports a job that was only checked (`?valid_only=1`).
- `GET|POST /api/exports/residents/` (`community`, and to unmask: `reveal`, `reason`): .xlsx.
"""

import io
import json

from django.http import FileResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from gongzhi.core import api_schema
from gongzhi.org.models import Community
from gongzhi.registry import export as exporting
from gongzhi.registry.imports import jobs
from gongzhi.registry.imports.readers import max_bytes
from gongzhi.registry.models import ImportJob

IMPORT_PERMISSION = "registry.import_residents"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _flag(request, name) -> bool:
    value = request.query_params.get(
        name, request.data.get(name) if hasattr(request, "data") else None
    )
    return str(value).lower() in ("1", "true", "yes", "on")


class ImportJobSerializer(serializers.ModelSerializer):
    progress_percent = serializers.IntegerField(read_only=True)
    errors = serializers.SerializerMethodField()
    error_counts = serializers.SerializerMethodField()
    rejected_url = serializers.SerializerMethodField()
    report_url = serializers.SerializerMethodField()

    class Meta:
        model = ImportJob
        fields = [
            "id",
            "kind",
            "status",
            "community",
            "original_name",
            "valid_only",
            "column_mapping",
            "total_rows",
            "processed_rows",
            "progress_percent",
            "imported_rows",
            "rejected_rows",
            "errors",
            "error_counts",
            "message",
            "rejected_url",
            "report_url",
            "created_at",
            "finished_at",
        ]
        read_only_fields = fields

    def get_errors(self, job) -> list[dict]:
        return jobs.split_errors(job)[0]

    def get_error_counts(self, job) -> dict:
        return {e["column"]: e["count"] for e in jobs.split_errors(job)[1]}

    def get_rejected_url(self, job) -> str | None:
        return reverse("registry:import_rejected", args=[job.pk]) if job.rejected_file else None

    def get_report_url(self, job) -> str:
        return reverse("registry:import_report", args=[job.pk])


class ImportUploadSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ImportJob.Kind.choices)
    community = serializers.PrimaryKeyRelatedField(queryset=Community.objects.none())
    file = serializers.FileField()
    mapping = serializers.CharField(required=False, allow_blank=True)
    valid_only = serializers.BooleanField(required=False, default=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        self.fields["community"].queryset = Community.objects.visible_to(
            request.user if request else None
        )

    def validate_file(self, f):
        if f.size == 0:
            raise serializers.ValidationError(_("The file is empty."))
        if f.size > max_bytes():
            raise serializers.ValidationError(
                _("The file is larger than %(limit)s MB.") % {"limit": max_bytes() // (1024 * 1024)}
            )
        return f

    def validate_mapping(self, value):
        if not value:
            return {}
        try:
            mapping = json.loads(value)
        except ValueError:
            mapping = None
        if not isinstance(mapping, dict) or not all(isinstance(v, str) for v in mapping.values()):
            raise serializers.ValidationError(
                _("The mapping must be a JSON object of header → column key.")
            )
        return mapping


class ImportJobViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    queryset = ImportJob.objects.all()
    serializer_class = ImportJobSerializer
    required_permission = IMPORT_PERMISSION
    parser_classes = [MultiPartParser, FormParser, JSONParser]
    filterset_fields = ("kind", "status", "community")
    # An import starts from its checked preview (one with errors: `valid_only` rows only).
    schema_states = {"start": [api_schema.state_rule([ImportJob.Status.PREVIEW])]}

    def get_queryset(self):
        return ImportJob.objects.visible_to(self.request.user).select_related("community")

    @extend_schema(
        request={"multipart/form-data": ImportUploadSerializer},
        parameters=[
            OpenApiParameter("valid_only", OpenApiTypes.BOOL),
            OpenApiParameter("preview", OpenApiTypes.BOOL),
        ],
        responses={202: ImportJobSerializer},
    )
    def create(self, request, *args, **kwargs):
        upload = ImportUploadSerializer(data=request.data, context={"request": request})
        upload.is_valid(raise_exception=True)
        data = upload.validated_data
        job = jobs.create_job(
            kind=data["kind"],
            upload=data["file"],
            community=data["community"],
            user=request.user,
            valid_only=data.get("valid_only") or _flag(request, "valid_only"),
            mapping=data.get("mapping"),
            check_only=_flag(request, "preview"),
        )
        job.refresh_from_db()
        return Response(ImportJobSerializer(job).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        request=None,
        parameters=[OpenApiParameter("valid_only", OpenApiTypes.BOOL)],
        responses={202: ImportJobSerializer},
    )
    @action(detail=True, methods=["post"])
    def start(self, request, pk=None):
        job = self.get_object()
        valid_only = _flag(request, "valid_only")
        if job.status not in (ImportJob.Status.PREVIEW, ImportJob.Status.INVALID):
            raise serializers.ValidationError({"status": [_("This import cannot be started now.")]})
        if job.status == ImportJob.Status.INVALID and not valid_only:
            raise serializers.ValidationError(
                {
                    "valid_only": [
                        _(
                            "The file has errors: fix them and upload it again, or import the valid rows only."
                        )
                    ]
                }
            )
        jobs.start(job, valid_only=valid_only)
        job.refresh_from_db()
        return Response(ImportJobSerializer(job).data, status=status.HTTP_202_ACCEPTED)


class ExportRequestSerializer(serializers.Serializer):
    community = serializers.PrimaryKeyRelatedField(
        queryset=Community.objects.none(), required=False, allow_null=True
    )
    reveal = serializers.BooleanField(required=False, default=False)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=500, default="")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        self.fields["community"].queryset = Community.objects.visible_to(
            request.user if request else None
        )


class ResidentExportView(APIView):
    """Residents in the caller's scope as .xlsx; masked unless `reveal` with a `reason` by a
    user who may export and reveal personal data. Audited."""

    required_permission = exporting.EXPORT_PERMISSION

    def _export(self, request, data):
        s = ExportRequestSerializer(data=data, context={"request": request})
        s.is_valid(raise_exception=True)
        out = io.BytesIO()
        exporting.export_residents(
            out,
            user=request.user,
            community=s.validated_data.get("community"),
            reveal=s.validated_data.get("reveal", False),
            reason=s.validated_data.get("reason", ""),
        )
        out.seek(0)
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        return FileResponse(
            out, as_attachment=True, filename=f"residents-{stamp}.xlsx", content_type=XLSX
        )

    @extend_schema(
        parameters=[ExportRequestSerializer], responses={(200, XLSX): OpenApiTypes.BINARY}
    )
    def get(self, request):
        return self._export(request, request.query_params)

    @extend_schema(request=ExportRequestSerializer, responses={(200, XLSX): OpenApiTypes.BINARY})
    def post(self, request):
        return self._export(request, request.data)


_list = ImportJobViewSet.as_view({"get": "list", "post": "create"})
_detail = ImportJobViewSet.as_view({"get": "retrieve"})
_start = ImportJobViewSet.as_view({"post": "start"})

urlpatterns = [
    path("imports/", _list, name="registry-import-list"),
    path("imports/<int:pk>/", _detail, name="registry-import-detail"),
    path("imports/<int:pk>/start/", _start, name="registry-import-start"),
    path("exports/residents/", ResidentExportView.as_view(), name="registry-export-residents"),
]
