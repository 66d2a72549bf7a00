"""REST endpoints of civil's volunteers and teams under /api/civil/…: lists scoped by
`visible_to`; registering a volunteer (staff, for a resident who agreed to the consent text)
and creating a team go through civil.actions.volunteers."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.response import Response

from gongzhi.civil.actions import volunteers as actions
from gongzhi.civil.api.volunteer_serializers import (
    VolunteerCreateSerializer,
    VolunteerSerializer,
    VolunteerSkillSerializer,
    VolunteerTeamCreateSerializer,
    VolunteerTeamSerializer,
)
from gongzhi.civil.models import Skill, Team, Volunteer
from gongzhi.core import api_schema
from gongzhi.core.viewsets import ScopedReadOnlyViewSet


class SkillViewSet(ScopedReadOnlyViewSet):
    """The list of skills volunteers offer and activities ask for."""

    queryset = Skill.objects.all()
    serializer_class = VolunteerSkillSerializer


class VolunteerViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Volunteers of the user's area; POST registers a resident (who agreed to the consent
    text of `consent_version`) with skills, areas (grids of the street) and availability."""

    queryset = Volunteer.objects.all()
    serializer_class = VolunteerSerializer
    filterset_fields = ["community", "grid", "active", "skills"]
    get_queryset = ScopedReadOnlyViewSet.get_queryset
    select_related = ("resident",)
    prefetch_related = ("skills", "areas")
    # a resident not yet a volunteer
    schema_states = {"create": [api_schema.state_rule([None], of="resident", field="volunteer")]}
    # each time slot ends after it starts
    schema_examples = {
        "create": [{"availability": [{"weekday": 1, "start": "09:00", "end": "11:30"}]}]
    }

    @extend_schema(request=VolunteerCreateSerializer, responses={201: VolunteerSerializer})
    def create(self, request, *args, **kwargs):
        data = VolunteerCreateSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        v = data.validated_data
        volunteer = actions.do_register_volunteer(
            request.user,
            v["resident"],
            skills=v.get("skills", []),
            areas=v.get("areas", []),
            availability=[dict(s) for s in v.get("availability", [])],
            consent_version=v["consent_version"],
        )
        return Response(VolunteerSerializer(volunteer).data, status=201)


class TeamViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Volunteer teams; POST creates one for a community or an organization."""

    queryset = Team.objects.all()
    serializer_class = VolunteerTeamSerializer
    filterset_fields = ["community", "organization"]
    get_queryset = ScopedReadOnlyViewSet.get_queryset
    select_related = ()
    prefetch_related = ("members",)
    # a team of a community (an organization's team names its organization instead)
    schema_examples = {"create": [{"community": 1, "organization": None}]}

    @extend_schema(request=VolunteerTeamCreateSerializer, responses={201: VolunteerTeamSerializer})
    def create(self, request, *args, **kwargs):
        data = VolunteerTeamCreateSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        v = data.validated_data
        community, organization = v.get("community"), v.get("organization")
        place = community or (
            organization.community or organization.street if organization else None
        )
        team = actions.do_create_team(
            request.user,
            place or request.user,
            name=v["name"],
            community=community,
            organization=organization,
            members=v.get("members", []),
        )
        return Response(VolunteerTeamSerializer(team).data, status=201)
