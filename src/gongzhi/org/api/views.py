"""REST endpoints of the organization. Thin: rows come from `visible_to`, writes are the
actions of `gongzhi.org.actions` (the same as the screens'), permissions are the
model permissions the user's roles give (core.api_permissions.RolePermission)."""

from drf_spectacular.utils import extend_schema
from rest_framework import permissions
from rest_framework.response import Response
from rest_framework.views import APIView

from gongzhi.core import api_schema
from gongzhi.core.viewsets import ScopedViewSet
from gongzhi.org import actions, services
from gongzhi.org.api import serializers as s
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


class OrgViewSet(ScopedViewSet):
    """Writes through the model's action (org.actions): permission by role AND place, model
    validation, the org rules, a refusal of anything that would end outside the user's area,
    one transaction and one audit event."""

    def save_object(self, instance, related):
        # The service rules first: their messages name the field (a database constraint
        # checked by full_clean would only say "constraint violated").
        services.validate(instance, **related)
        return actions.save(self.request.user, instance, **related)

    def perform_destroy(self, instance):
        actions.DELETE[type(instance)](self.request.user, instance)


class StreetViewSet(OrgViewSet):
    queryset = Street.objects.all()
    serializer_class = s.StreetSerializer
    filterset_fields = ["division_code", "has_street_work_station"]
    search_fields = ["name", "division_code", "address"]
    ordering_fields = ["name", "division_code"]


class StreetUnitViewSet(OrgViewSet):
    queryset = StreetUnit.objects.all()
    serializer_class = s.StreetUnitSerializer
    filterset_fields = ["street", "kind"]
    search_fields = ["name", "duties"]
    ordering_fields = ["name", "order", "kind"]


class DepartmentViewSet(OrgViewSet):
    queryset = Department.objects.all()
    serializer_class = s.DepartmentSerializer
    filterset_fields = ["code", "level"]
    search_fields = ["name", "code"]
    ordering_fields = ["name", "code"]


class CommunityViewSet(OrgViewSet):
    queryset = Community.objects.all()
    serializer_class = s.CommunitySerializer
    select_related = ("street",)
    filterset_fields = ["street", "structure", "code", "multi_ethnic"]
    search_fields = ["name", "code", "address"]
    ordering_fields = ["name", "code", "household_count"]


class PartyCommitteeViewSet(OrgViewSet):
    queryset = PartyCommittee.objects.all()
    serializer_class = s.PartyCommitteeSerializer
    # One per community: for a community that has none yet (the schema's `x-states`).
    schema_states = {
        name: [api_schema.state_rule([None], of="community", field="party_committee")]
        for name in ("create", "update")
    }
    select_related = ("community",)
    filterset_fields = ["community"]
    search_fields = ["name", "secretary_name"]
    ordering_fields = ["name"]


class CommitteeDutyViewSet(OrgViewSet):
    queryset = CommitteeDuty.objects.all()
    serializer_class = s.CommitteeDutySerializer
    filterset_fields = ["street"]
    search_fields = ["name"]
    ordering_fields = ["order", "name"]


class ResidentsCommitteeViewSet(OrgViewSet):
    queryset = ResidentsCommittee.objects.all()
    serializer_class = s.ResidentsCommitteeSerializer
    # One per community: for a community that has none yet (the schema's `x-states`).
    schema_states = {
        name: [api_schema.state_rule([None], of="community", field="residents_committee")]
        for name in ("create", "update")
    }
    select_related = ("community",)
    prefetch_related = ("duties",)
    filterset_fields = ["community", "duties_limited"]
    search_fields = ["name"]
    ordering_fields = ["name"]


class CommitteeMemberViewSet(OrgViewSet):
    """Members join and change only through the Organic Law rules (Art. 7: at most 9 members,
    one chair): `actions.do_add_committee_member` / `actions.do_change_committee_member`."""

    queryset = CommitteeMember.objects.all()
    # A member moves to another committee only by ending this post and being added there.
    schema_unchanged = ("committee",)
    serializer_class = s.CommitteeMemberSerializer
    select_related = ("committee",)
    filterset_fields = ["committee", "post", "sex", "ethnicity", "on_duty", "paid"]
    search_fields = ["name"]
    ordering_fields = ["name", "post", "start_date", "end_date"]

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        committee = data.pop("committee")
        serializer.instance = actions.do_add_committee_member(self.request.user, committee, **data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("committee", None)
        serializer.instance = actions.do_change_committee_member(
            self.request.user, serializer.instance, **data
        )


class WorkingCommitteeViewSet(OrgViewSet):
    queryset = WorkingCommittee.objects.all()
    serializer_class = s.WorkingCommitteeSerializer
    select_related = ("committee",)
    prefetch_related = ("members",)
    filterset_fields = ["committee"]
    search_fields = ["name"]
    ordering_fields = ["name"]


class ServiceStationViewSet(OrgViewSet):
    queryset = ServiceStation.objects.all()
    serializer_class = s.ServiceStationSerializer
    # One per community whose structure has its own station (the street has its street-level
    # one): a community that has none yet.
    schema_examples = {"create": [{"community": 1}]}
    schema_states = {
        "create": [
            api_schema.state_rule([None], of="community", field="station"),
            api_schema.state_rule(
                [
                    Community.Structure.PARTY_STATION_COMMITTEE,
                    Community.Structure.PARTY_COMMITTEE_STATION,
                ],
                of="community",
                field="structure",
            ),
        ]
    }
    filterset_fields = ["street", "community", "supervised_by_committee"]
    search_fields = ["name"]
    ordering_fields = ["name"]


class WorkingGroupViewSet(OrgViewSet):
    queryset = WorkingGroup.objects.all()
    serializer_class = s.WorkingGroupSerializer
    filterset_fields = ["station"]
    search_fields = ["name", "duties"]
    ordering_fields = ["name"]


class ResidentsGroupViewSet(OrgViewSet):
    queryset = ResidentsGroup.objects.all()
    serializer_class = s.ResidentsGroupSerializer
    filterset_fields = ["community", "number"]
    search_fields = ["name", "leader_name"]
    ordering_fields = ["number", "name"]


class GridViewSet(OrgViewSet):
    queryset = Grid.objects.all()
    serializer_class = s.GridSerializer
    select_related = ("community__street",)
    # A number not yet taken in the community (unique; a schema cannot say which are free).
    schema_examples = {"create": [{"number": 98}]}
    filterset_fields = ["community", "number"]
    search_fields = ["name"]
    ordering_fields = ["number", "name"]


class StaffViewSet(OrgViewSet):
    """Phones are encrypted at rest and only read back masked (`phone_masked`)."""

    queryset = Staff.objects.all()
    serializer_class = s.StaffSerializer
    filterset_fields = [
        "street",
        "community",
        "unit",
        "station",
        "working_group",
        "employment",
        "active",
    ]
    # Never the phone: it is encrypted, and searching it would leak it.
    search_fields = ["name", "position"]
    ordering_fields = ["name", "position", "employment"]


class DispatchedCadreViewSet(OrgViewSet):
    queryset = DispatchedCadre.objects.all()
    serializer_class = s.DispatchedCadreSerializer
    select_related = ("department",)
    # A term ends after it starts: an edit of the start leaves the end open (or sets it anew).
    schema_examples = {"partial_update": [{"end_date": None}]}
    filterset_fields = ["department", "community"]
    search_fields = ["name", "post", "duties"]
    ordering_fields = ["name", "start_date", "end_date"]


class ProviderViewSet(OrgViewSet):
    queryset = Provider.objects.all()
    serializer_class = s.ProviderSerializer
    filterset_fields = ["kind"]
    search_fields = ["name", "contact_name"]
    ordering_fields = ["name", "kind"]


class CareCentreViewSet(OrgViewSet):
    queryset = CareCentre.objects.all()
    serializer_class = s.CareCentreSerializer
    filterset_fields = ["community", "operator", "partner_hospital"]
    # The partner is a hospital (the schema's `x-states`, on a body field).
    schema_states = {
        name: [api_schema.state_rule([Provider.Kind.HOSPITAL], of="partner_hospital", field="kind")]
        for name in ("create", "update", "partial_update")
    }
    search_fields = ["name"]
    ordering_fields = ["name", "contract_start", "contract_end"]


class RoleAssignmentViewSet(OrgViewSet):
    """Who holds which role where; checked by `services.validate_assignment`."""

    queryset = RoleAssignment.objects.all()
    serializer_class = s.RoleAssignmentSerializer
    # A role held at one place of its level, here a street role (the `street` id is the
    # client's pick): the schema's `x-examples`.
    schema_examples = {
        name: [
            {
                "role": Role.STREET_STAFF,
                "street": 1,
                "community": None,
                "grid": None,
                "department": None,
                "provider": None,
            }
        ]
        for name in ("create", "update")
    }
    select_related = ("user", "street", "community", "grid")
    filterset_fields = ["user", "role", "street", "community", "grid", "department", "provider"]
    search_fields = ["user__username", "user__display_name"]
    ordering_fields = ["role", "start_date", "end_date"]


class MeView(APIView):
    """The signed-in user: roles with their places, and the permissions they give."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses=s.MeSerializer)
    def get(self, request):
        user = request.user
        roles = []
        for a in (
            RoleAssignment.objects.active()
            .filter(user=user)
            .select_related("street", "community", "grid__community")
            .order_by("role", "pk")
        ):
            place = a.place
            roles.append(
                {
                    "role": a.role,
                    "role_label": str(Role(a.role).label),
                    "place": {"level": a.level, "id": place.pk, "name": str(place)},
                    "department": a.department_id,
                    "provider": a.provider_id,
                    "start_date": a.start_date,
                    "end_date": a.end_date,
                }
            )
        data = {
            "id": user.pk,
            "username": user.get_username(),
            "display_name": user.display_name,
            "language": user.language,
            "roles": roles,
            "permissions": sorted(user.get_all_permissions()),
        }
        return Response(s.MeSerializer(data).data)
