"""REST endpoints of the hours ledger and certificates under /api/civil/…:

- `hours/`: entries in the user's area (scoped); POST records hours by hand (confirmed by the
  recorder); `hours/{id}/confirm/`; `hours/{id}/reverse/` (a correction: a new entry with the
  opposite hours, `reason` required); `hours/export/` the national-system spreadsheet (.xlsx,
  audited);
- `certificates/`: issued certificates; POST issues one; `certificates/{id}/pdf/`;
  `certificate-verification/?code=` is public and shows no personal data;
- `volunteers/{id}/standing/`: a volunteer's total hours and star level (one row read each).

Writes go through civil.actions; a broken rule is a 400 with its code, nothing written."""

import datetime

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from gongzhi.civil import certificates, exports
from gongzhi.civil.actions import ledger, recognition
from gongzhi.civil.models import Certificate, HoursEntry, Volunteer
from gongzhi.core import api_schema
from gongzhi.core.api import ScopedModelSerializer
from gongzhi.core.masking import mask_name
from gongzhi.core.viewsets import ScopedReadOnlyViewSet

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"


class HoursEntrySerializer(serializers.ModelSerializer):
    volunteer_name = serializers.CharField(source="volunteer.resident.name", read_only=True)

    class Meta:
        model = HoursEntry
        fields = [
            "id",
            "volunteer",
            "volunteer_name",
            "organization",
            "activity",
            "assignment",
            "content",
            "place",
            "started_at",
            "ended_at",
            "hours",
            "recorded_by",
            "confirmed_by",
            "confirmed_at",
            "reverses",
            "reason",
            "created_at",
        ]
        read_only_fields = fields


class HoursEntryInput(ScopedModelSerializer):
    """Hours recorded by hand: who, which organization or activity, what, where, when."""

    class Meta:
        model = HoursEntry
        fields = [
            "volunteer",
            "organization",
            "activity",
            "content",
            "place",
            "started_at",
            "ended_at",
        ]


class HoursReverseInput(serializers.Serializer):
    reason = serializers.CharField(min_length=1, max_length=200)


class HoursExportQuery(serializers.Serializer):
    period_from = serializers.DateField(required=False)
    period_to = serializers.DateField(required=False)
    reveal = serializers.BooleanField(required=False, default=False)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=500, default="")


def _recent_slot():
    """A past hour no demo activity uses (03:00–05:00, 400 days ago), fresh each day."""
    day = timezone.localdate() - datetime.timedelta(days=400)
    tz = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time(3)), tz)
    return start, start + datetime.timedelta(hours=2)


class HoursEntryViewSet(mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """Hours entries in the user's area; nothing is edited or deleted: a correction is a
    reversing entry."""

    queryset = HoursEntry.objects.all()
    serializer_class = HoursEntrySerializer
    select_related = ("volunteer__resident",)
    filterset_fields = ["volunteer", "organization", "activity", "reverses"]
    ordering_fields = ["started_at"]
    action_permissions = {
        "create": "civil.add_hoursentry",
        "confirm": "civil.confirm_hoursentry",
        "reverse": "civil.correct_hoursentry",
        "export": "civil.view_hoursentry",
    }
    schema_states = {
        "confirm": [api_schema.state_rule([None], field="confirmed_at")],
        "reverse": [
            api_schema.state_rule([None], field="reverses"),
            api_schema.state_rule([None], field="reversed_by"),
            # hours not in the time bank (a deposit is taken back only while its hours are
            # still in the account: civil_tb_reverse_spent otherwise)
            api_schema.state_rule([None], field="deposit"),
        ],
        "create": [api_schema.state_rule([True], of="volunteer", field="active")],
    }

    @property
    def required_permission(self):
        return self.action_permissions.get(getattr(self, "action", None))

    @property
    def schema_examples(self):
        start, end = _recent_slot()
        return {
            "create": [
                {
                    "started_at": start.isoformat(),
                    "ended_at": end.isoformat(),
                    "organization": None,
                    "activity": None,
                }
            ]
        }

    @extend_schema(request=HoursEntryInput, responses={201: HoursEntrySerializer})
    def create(self, request, *args, **kwargs):
        data = HoursEntryInput(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        v = data.validated_data
        entry = ledger.do_record_hours(
            request.user,
            v["volunteer"],
            started_at=v["started_at"],
            ended_at=v["ended_at"],
            content=v["content"],
            place=v["place"],
            organization=v.get("organization"),
            activity=v.get("activity"),
        )
        return Response(HoursEntrySerializer(entry).data, status=201)

    @extend_schema(request=None, responses=HoursEntrySerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        entry = ledger.do_confirm_hours(request.user, self.get_object())
        return Response(HoursEntrySerializer(entry).data)

    @extend_schema(request=HoursReverseInput, responses={201: HoursEntrySerializer})
    @action(detail=True, methods=["post"])
    def reverse(self, request, pk=None):
        entry = self.get_object()
        data = HoursReverseInput(data=request.data)
        data.is_valid(raise_exception=True)
        reversal = ledger.do_reverse_hours(request.user, entry, data.validated_data["reason"])
        return Response(HoursEntrySerializer(reversal).data, status=201)

    @extend_schema(parameters=[HoursExportQuery], responses={(200, XLSX): OpenApiTypes.BINARY})
    @action(detail=False, methods=["get"])
    def export(self, request):
        """The entries in the user's area in the national volunteer system's layout."""
        query = HoursExportQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = exports.export_hours(request.user, **query.validated_data)
        response = HttpResponse(data, content_type=XLSX)
        response["Content-Disposition"] = (
            f'attachment; filename="volunteer-hours-{timezone.localdate():%Y%m%d}.xlsx"'
        )
        return response


# --- certificates ----------------------------------------------------------------------


class VolunteerCertificateSerializer(serializers.ModelSerializer):
    verify_url = serializers.SerializerMethodField()

    class Meta:
        model = Certificate
        fields = [
            "id",
            "volunteer",
            "code",
            "period_from",
            "period_to",
            "hours",
            "entries",
            "issuer",
            "issued_by",
            "created_at",
            "verify_url",
        ]
        read_only_fields = fields

    def get_verify_url(self, obj) -> str:
        return reverse("civil_public:certificate", args=[obj.code])


class VolunteerCertificateInput(ScopedModelSerializer):
    class Meta:
        model = Certificate
        fields = ["volunteer", "period_from", "period_to", "issuer"]


class PublicVolunteerCertificateSerializer(serializers.Serializer):
    """What anyone may see of a certificate: no personal data beyond a masked name."""

    code = serializers.CharField()
    name = serializers.CharField()
    period_from = serializers.DateField()
    period_to = serializers.DateField()
    hours = serializers.DecimalField(max_digits=9, decimal_places=2)
    issuer = serializers.CharField()
    issued_on = serializers.DateField()


def public_certificate(certificate) -> dict:
    return {
        "code": certificate.code,
        "name": mask_name(certificate.volunteer.resident.name),
        "period_from": certificate.period_from,
        "period_to": certificate.period_to,
        "hours": certificate.hours,
        "issuer": certificate.issuer,
        "issued_on": timezone.localtime(certificate.created_at).date(),
    }


class CertificateViewSet(mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    queryset = Certificate.objects.all()
    serializer_class = VolunteerCertificateSerializer
    select_related = ("volunteer__resident",)
    filterset_fields = ["volunteer"]
    schema_states = {
        # a volunteer with confirmed hours (neither reversed nor a reversal)
        "create": [
            api_schema.min_count(
                "hours",
                1,
                where={"reverses": None, "reversed_by": None, "confirmed_at__isnull": False},
                of="volunteer",
            )
        ]
    }

    @property
    def schema_examples(self):
        return {
            "create": [
                {
                    "period_from": "2000-01-01",
                    "period_to": timezone.localdate().isoformat(),
                }
            ]
        }

    @extend_schema(
        request=VolunteerCertificateInput, responses={201: VolunteerCertificateSerializer}
    )
    def create(self, request, *args, **kwargs):
        data = VolunteerCertificateInput(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        v = data.validated_data
        certificate = recognition.do_issue_certificate(
            request.user,
            v["volunteer"],
            period_from=v["period_from"],
            period_to=v["period_to"],
            issuer=v["issuer"],
        )
        return Response(VolunteerCertificateSerializer(certificate).data, status=201)

    @extend_schema(responses={(200, PDF): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def pdf(self, request, pk=None):
        certificate = self.get_object()
        url = request.build_absolute_uri(
            reverse("civil_public:certificate", args=[certificate.code])
        )
        response = HttpResponse(certificates.certificate_pdf(certificate, url), content_type=PDF)
        response["Content-Disposition"] = (
            f'attachment; filename="certificate-{certificate.code}.pdf"'
        )
        return response


class VerifyQuery(serializers.Serializer):
    code = serializers.RegexField(r"^[0-9A-Fa-f]{12}$", max_length=12)


class CertificateVerifyView(APIView):
    """Anyone may check a certificate's code (`?code=`): masked name, hours, period, issuer;
    404 for a code no certificate has."""

    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(parameters=[VerifyQuery], responses=PublicVolunteerCertificateSerializer)
    def get(self, request):
        query = VerifyQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        certificate = get_object_or_404(
            Certificate.objects.select_related("volunteer__resident"),
            code=query.validated_data["code"].upper(),
        )
        return Response(PublicVolunteerCertificateSerializer(public_certificate(certificate)).data)


# --- a volunteer's standing ------------------------------------------------------------


class VolunteerStandingSerializer(serializers.Serializer):
    volunteer = serializers.IntegerField()
    total_hours = serializers.DecimalField(max_digits=9, decimal_places=2)
    stars = serializers.IntegerField(min_value=0)
    next_stars = serializers.IntegerField(allow_null=True)
    hours_to_next = serializers.DecimalField(max_digits=9, decimal_places=2)


class StandingViewSet(viewsets.GenericViewSet):  # /api/civil/volunteer-standing/{id}/
    """A volunteer's cumulative hours and star level."""

    queryset = Volunteer.objects.all()
    serializer_class = VolunteerStandingSerializer
    get_queryset = ScopedReadOnlyViewSet.get_queryset
    select_related: tuple = ()
    prefetch_related: tuple = ()

    @extend_schema(responses=VolunteerStandingSerializer)
    def retrieve(self, request, pk=None):
        volunteer = self.get_object()
        level, to_next = recognition.next_level(volunteer)
        return Response(
            VolunteerStandingSerializer(
                {
                    "volunteer": volunteer.pk,
                    "total_hours": volunteer.total_hours,
                    "stars": recognition.star_level(volunteer),
                    "next_stars": level.stars if level else None,
                    "hours_to_next": to_next,
                }
            ).data
        )
