"""REST serializers of the organization. Related ids are accepted only inside the user's
area (ScopedModelSerializer); personal data (phones) is written in plain text but only ever
read back masked."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from gongzhi.core.api import ScopedModelSerializer
from gongzhi.core.masking import mask_phone
from gongzhi.org import services
from gongzhi.org.models import (
    CareCentre,
    CommitteeDuty,
    CommitteeMember,
    Community,
    Department,
    DispatchedCadre,
    Grid,
    PartyCommittee,
    Provider,
    ResidentsCommittee,
    ResidentsGroup,
    RoleAssignment,
    ServiceStation,
    Staff,
    Street,
    StreetUnit,
    WorkingCommittee,
    WorkingGroup,
)
from gongzhi.org.roles import Role


class WarningSerializer(serializers.Serializer):
    """A soft rule that is not met (e.g. Organic Law Art. 6 or 7), with the article."""

    code = serializers.CharField()
    message = serializers.CharField()
    article = serializers.CharField()


def _warnings(items) -> list[dict]:
    return [{"code": w.code, "message": str(w.message), "article": w.article} for w in items]


class StreetSerializer(ScopedModelSerializer):
    county_code = serializers.CharField(read_only=True)
    street_code = serializers.CharField(read_only=True)

    class Meta:
        model = Street
        fields = [
            "id",
            "name",
            "division_code",
            "county_code",
            "street_code",
            "address",
            "grid_household_norm",
            "has_street_work_station",
            "migrant_residence_months",
            "migrant_home_consent_required",
        ]


class StreetUnitSerializer(ScopedModelSerializer):
    class Meta:
        model = StreetUnit
        fields = ["id", "street", "name", "kind", "duties", "order"]


class DepartmentSerializer(ScopedModelSerializer):
    class Meta:
        model = Department
        fields = ["id", "name", "code", "level"]


class CommunitySerializer(ScopedModelSerializer):
    division_code = serializers.CharField(
        read_only=True, help_text=_("Statistical division code: street 9 digits + community 3.")
    )
    has_station = serializers.BooleanField(read_only=True)
    warnings = serializers.SerializerMethodField(
        help_text=_("Soft rules the community does not meet (Organic Law).")
    )

    class Meta:
        model = Community
        fields = [
            "id",
            "street",
            "name",
            "code",
            "division_code",
            "structure",
            "address",
            "household_count",
            "multi_ethnic",
            "center_lat",
            "center_lng",
            "has_station",
            "warnings",
        ]

    @extend_schema_field(WarningSerializer(many=True))
    def get_warnings(self, obj):
        return _warnings(services.community_warnings(obj))


class PartyCommitteeSerializer(ScopedModelSerializer):
    class Meta:
        model = PartyCommittee
        fields = ["id", "community", "name", "secretary_name"]


class CommitteeDutySerializer(ScopedModelSerializer):
    class Meta:
        model = CommitteeDuty
        fields = ["id", "street", "name", "order"]


class DutyNameSerializer(serializers.ModelSerializer):
    class Meta:
        model = CommitteeDuty
        fields = ["id", "name", "order"]


class ResidentsCommitteeSerializer(ScopedModelSerializer):
    duty_list = DutyNameSerializer(source="duties", many=True, read_only=True)
    warnings = serializers.SerializerMethodField()

    class Meta:
        model = ResidentsCommittee
        fields = ["id", "community", "name", "duties_limited", "duties", "duty_list", "warnings"]

    @extend_schema_field(WarningSerializer(many=True))
    def get_warnings(self, obj):
        return _warnings(services.committee_warnings(obj))


class CommitteeMemberSerializer(ScopedModelSerializer):
    is_minority = serializers.BooleanField(read_only=True)

    class Meta:
        model = CommitteeMember
        fields = [
            "id",
            "committee",
            "name",
            "post",
            "sex",
            "ethnicity",
            "on_duty",
            "paid",
            "monthly_allowance",
            "start_date",
            "end_date",
            "is_minority",
        ]

    def validate_committee(self, committee):
        if self.instance is not None and committee.pk != self.instance.committee_id:
            raise serializers.ValidationError(
                _("A member cannot move to another committee: end this membership and add one.")
            )
        return committee


class WorkingCommitteeSerializer(ScopedModelSerializer):
    class Meta:
        model = WorkingCommittee
        fields = ["id", "committee", "name", "members"]


class ServiceStationSerializer(ScopedModelSerializer):
    is_street_level = serializers.BooleanField(read_only=True)

    class Meta:
        model = ServiceStation
        fields = ["id", "street", "community", "name", "supervised_by_committee", "is_street_level"]


class WorkingGroupSerializer(ScopedModelSerializer):
    class Meta:
        model = WorkingGroup
        fields = ["id", "station", "name", "duties"]


class ResidentsGroupSerializer(ScopedModelSerializer):
    class Meta:
        model = ResidentsGroup
        fields = ["id", "community", "number", "name", "leader_name"]


class GridSerializer(ScopedModelSerializer):
    code = serializers.CharField(
        read_only=True,
        help_text=_("CJ/T 349 grid code: county 6 + street 3 + community 3 + grid 2 digits."),
    )

    class Meta:
        model = Grid
        fields = ["id", "community", "number", "code", "name", "boundary", "household_norm"]
        # The two digits of the grid code (the model's check constraint), in the schema.
        extra_kwargs = {"number": {"min_value": 1, "max_value": 99}}


class StaffSerializer(ScopedModelSerializer):
    phone = serializers.CharField(
        write_only=True,
        required=False,
        allow_blank=True,
        max_length=32,
        help_text=_("Written in full; only ever read back masked, as phone_masked."),
    )
    phone_masked = serializers.SerializerMethodField()

    class Meta:
        model = Staff
        fields = [
            "id",
            "street",
            "community",
            "unit",
            "station",
            "working_group",
            "user",
            "name",
            "sex",
            "position",
            "employment",
            "phone",
            "phone_masked",
            "active",
        ]

    def get_phone_masked(self, obj) -> str:
        return mask_phone(obj.phone)


class DispatchedCadreSerializer(ScopedModelSerializer):
    class Meta:
        model = DispatchedCadre
        fields = [
            "id",
            "department",
            "community",
            "name",
            "post",
            "duties",
            "office_hours",
            "start_date",
            "end_date",
        ]


class ProviderSerializer(ScopedModelSerializer):
    contact_phone = serializers.CharField(
        write_only=True,
        required=False,
        allow_blank=True,
        max_length=32,
        help_text=_("Written in full; only ever read back masked."),
    )
    contact_phone_masked = serializers.SerializerMethodField()

    class Meta:
        model = Provider
        fields = ["id", "name", "kind", "contact_name", "contact_phone", "contact_phone_masked"]

    def get_contact_phone_masked(self, obj) -> str:
        return mask_phone(obj.contact_phone)


class CareCentreSerializer(ScopedModelSerializer):
    class Meta:
        model = CareCentre
        fields = [
            "id",
            "community",
            "name",
            "operator",
            "partner_hospital",
            "contract_start",
            "contract_end",
        ]


class RoleAssignmentSerializer(ScopedModelSerializer):
    level = serializers.CharField(read_only=True)
    place_name = serializers.SerializerMethodField()

    class Meta:
        model = RoleAssignment
        fields = [
            "id",
            "user",
            "role",
            "street",
            "community",
            "grid",
            "department",
            "provider",
            "start_date",
            "end_date",
            "level",
            "place_name",
        ]

    def get_place_name(self, obj) -> str:
        return str(obj.place) if obj.place is not None else ""

    def validate(self, attrs):
        # The service rules first: their messages are clearer than the database constraint's.
        candidate = RoleAssignment()
        if self.instance is not None:
            for field in RoleAssignment._meta.concrete_fields:
                setattr(candidate, field.attname, getattr(self.instance, field.attname))
        for name, value in attrs.items():
            setattr(candidate, name, value)
        services.validate_assignment(candidate)
        return attrs


# --- the signed-in user -------------------------------------------------------------------


class PlaceSerializer(serializers.Serializer):
    level = serializers.CharField()
    id = serializers.IntegerField()
    name = serializers.CharField()


class MyRoleSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=Role.choices)
    role_label = serializers.CharField()
    place = PlaceSerializer()
    department = serializers.IntegerField(allow_null=True)
    provider = serializers.IntegerField(allow_null=True)
    start_date = serializers.DateField(allow_null=True)
    end_date = serializers.DateField(allow_null=True)


class MeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    display_name = serializers.CharField()
    language = serializers.CharField()
    roles = MyRoleSerializer(many=True)
    permissions = serializers.ListField(child=serializers.CharField())
