"""REST endpoints of civil's activities under /api/civil/…: activities (create, publish,
finish, cancel; `propose` ranks the volunteers to dispatch, `dispatch` invites them),
assignments for coordinators (check in, check out, take off) and the signed-in volunteer's
own (`my-assignments`: sign up, accept, decline, withdraw, check in and out with the
activity's code, rate). Writes go through civil.actions.activities; a broken rule is a 400
`{"field": [{"code", "message"}]}`, a record out of scope (or an id that is no number) a
404."""

import datetime

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from gongzhi.civil import dispatch
from gongzhi.civil.actions import activities as actions
from gongzhi.civil.api.volunteer_serializers import (
    ActivityCreateSerializer,
    ActivityDispatchInput,
    ActivityEmptyInput,
    ActivityNoteInput,
    ActivityRateInput,
    ActivityRatingSerializer,
    ActivitySerializer,
    ActivitySignUpInput,
    AssignmentSerializer,
    CheckInTokenInput,
    DispatchProposalSerializer,
)
from gongzhi.civil.choices import ActivityStatus, AssignmentStatus
from gongzhi.civil.models import Activity, Assignment
from gongzhi.core import api_schema
from gongzhi.core.api import PLAIN_LIST
from gongzhi.core.viewsets import ScopedReadOnlyViewSet

_STEPS = {"publish": actions.do_publish, "finish": actions.do_finish, "cancel": actions.do_cancel}


def _step_endpoint(step: str):
    def endpoint(self, request, pk=None):
        activity = self.get_object()
        data = ActivityNoteInput(data=request.data)
        data.is_valid(raise_exception=True)
        _STEPS[step](request.user, activity, data.validated_data.get("note", ""))
        return Response(ActivitySerializer(Activity.objects.get(pk=activity.pk)).data)

    endpoint.__name__ = f"step_{step}"
    endpoint = action(detail=True, methods=["post"], url_path=step)(endpoint)
    return extend_schema(
        request=ActivityNoteInput,
        responses=ActivitySerializer,
        summary=str(actions.ACTIVITY[step].label),
    )(endpoint)


class ActivityViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Activities and needs of the user's area. POST creates a draft in a community; its
    steps (publish, finish, cancel) are POSTs on it; `propose` ranks the street's volunteers
    for it (skills, availability, same grid first, recent load) and `dispatch` invites
    them."""

    queryset = Activity.objects.all()
    serializer_class = ActivitySerializer
    filterset_fields = ["status", "kind", "community", "grid", "organization", "team"]
    search_fields = ["title", "place", "reference"]
    ordering_fields = ["starts_at"]
    get_queryset = ScopedReadOnlyViewSet.get_queryset
    select_related = ()
    prefetch_related = ("skills",)
    schema_states = {
        **{f"step_{s}": [api_schema.states(actions.ACTIVITY, s)] for s in _STEPS},
        # invitations go out for a published activity not yet over (the demo's are upcoming)
        "dispatch_volunteers": [api_schema.state_rule([ActivityStatus.PUBLISHED])],
    }

    @property
    def schema_examples(self):
        # an activity ends after it starts; its grid, team and organization (left out) would
        # have to be of its community and street
        start = timezone.localtime() + datetime.timedelta(days=7)
        start = start.replace(hour=9, minute=0, second=0, microsecond=0)
        return {
            "create": [
                {
                    "community": 1,
                    "grid": None,
                    "team": None,
                    "organization": None,
                    "starts_at": start.isoformat(),
                    "ends_at": (start + datetime.timedelta(hours=2)).isoformat(),
                }
            ]
        }

    @property
    def required_permission(self):
        name = getattr(self, "action", None) or ""
        if name in ("propose", "dispatch_volunteers"):
            return "civil.dispatch_activity"
        if name.startswith("step_"):
            return "civil.change_activity"
        return None

    @extend_schema(request=ActivityCreateSerializer, responses={201: ActivitySerializer})
    def create(self, request, *args, **kwargs):
        data = ActivityCreateSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        v = dict(data.validated_data)
        skills = v.pop("skills", [])
        activity = actions.do_create_activity(
            request.user, Activity(street=v["community"].street, **v), skills=skills
        )
        return Response(ActivitySerializer(activity).data, status=201)

    @extend_schema(responses=DispatchProposalSerializer(many=True))
    @action(detail=True, methods=["get"], **PLAIN_LIST)
    def propose(self, request, pk=None):
        proposals = dispatch.propose(self.get_object())
        return Response(DispatchProposalSerializer(proposals, many=True).data)

    @extend_schema(request=ActivityDispatchInput, responses=ActivitySerializer)
    @action(detail=True, methods=["post"], url_path="dispatch")
    def dispatch_volunteers(self, request, pk=None):
        activity = self.get_object()
        data = ActivityDispatchInput(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        actions.do_dispatch(request.user, activity, data.validated_data["volunteers"])
        return Response(ActivitySerializer(Activity.objects.get(pk=activity.pk)).data)


for _step in _STEPS:
    setattr(ActivityViewSet, f"step_{_step}", _step_endpoint(_step))

# on a published activity: a volunteer taking part, not yet checked out
_TAKING_PART = [
    api_schema.state_rule([AssignmentStatus.ACCEPTED]),
    api_schema.state_rule([None], field="checked_out_at"),
    api_schema.state_rule([ActivityStatus.PUBLISHED], field="activity__status"),
]
# checked in (at a time up to now), not yet out
_CHECKED_IN = [*_TAKING_PART, api_schema.before_days("checked_in_at", 0)]


class AssignmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Volunteers on the activities of the user's area, for coordinators: check in, check out
    (which records the hours) and take a volunteer off (withdraw)."""

    queryset = Assignment.objects.all()
    serializer_class = AssignmentSerializer
    filterset_fields = ["activity", "volunteer", "status", "source"]
    get_queryset = ScopedReadOnlyViewSet.get_queryset
    select_related = ()
    prefetch_related = ()
    schema_states = {
        "check_in": _TAKING_PART,
        "check_out": _CHECKED_IN,
        "withdraw": [
            api_schema.states(actions.ASSIGNMENT, "withdraw"),
            api_schema.state_rule([None], field="checked_in_at"),
        ],
    }

    @property
    def required_permission(self):
        name = getattr(self, "action", None) or ""
        if name in ("check_in", "check_out", "withdraw"):
            return "civil.dispatch_activity"
        return None

    def _step(self, request, fn, serializer, **extra):
        assignment = self.get_object()
        data = serializer(data=request.data)
        data.is_valid(raise_exception=True)
        fn(request.user, assignment, **data.validated_data, **extra)
        return Response(AssignmentSerializer(Assignment.objects.get(pk=assignment.pk)).data)

    @extend_schema(request=ActivityEmptyInput, responses=AssignmentSerializer)
    @action(detail=True, methods=["post"], url_path="check-in")
    def check_in(self, request, pk=None):
        return self._step(request, actions.do_check_in, ActivityEmptyInput)

    @extend_schema(request=ActivityEmptyInput, responses=AssignmentSerializer)
    @action(detail=True, methods=["post"], url_path="check-out")
    def check_out(self, request, pk=None):
        return self._step(request, actions.do_check_out, ActivityEmptyInput)

    @extend_schema(request=ActivityNoteInput, responses=AssignmentSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        return self._step(request, actions.do_withdraw, ActivityNoteInput)


# the signed-in user's own place (their account is linked to the volunteer's record)
_OWN = api_schema.state_rule([api_schema.SIGNED_IN_USER], field="volunteer__resident__account")


class MyAssignmentViewSet(AssignmentViewSet, mixins.CreateModelMixin):
    """The signed-in volunteer's own places on activities, as on the phone: POST signs up for
    a published activity; answer an invitation (accept, decline), withdraw, check in and out
    with the code scanned at the place (`token`), rate a finished activity."""

    required_permission = "civil.add_assignment"
    filterset_fields = ["status"]
    schema_states = {
        name: [_OWN, *rules]
        for name, rules in {
            "create": [api_schema.state_rule([ActivityStatus.PUBLISHED], of="activity")],
            "accept": [
                api_schema.states(actions.ASSIGNMENT, "accept"),
                api_schema.state_rule([ActivityStatus.PUBLISHED], field="activity__status"),
            ],
            "decline": [api_schema.states(actions.ASSIGNMENT, "decline")],
            "withdraw": AssignmentViewSet.schema_states["withdraw"],
            # the code of the assignment's own activity
            "check_in": [
                *_TAKING_PART,
                api_schema.state_rule([api_schema.PATH_RECORD], of="token", field="assignments"),
            ],
            "check_out": [
                *_CHECKED_IN,
                api_schema.state_rule([api_schema.PATH_RECORD], of="token", field="assignments"),
            ],
            "rate": [
                api_schema.state_rule([AssignmentStatus.ACCEPTED]),
                api_schema.state_rule([ActivityStatus.FINISHED], field="activity__status"),
            ],
        }.items()
    }
    # sign-up names an activity, not one of the user's places
    schema_states["create"] = schema_states["create"][1:]

    def get_queryset(self):
        return super().get_queryset().filter(volunteer__resident__account=self.request.user)

    @extend_schema(request=ActivitySignUpInput, responses={201: AssignmentSerializer})
    def create(self, request, *args, **kwargs):
        data = ActivitySignUpInput(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        assignment = actions.do_sign_up(request.user, data.validated_data["activity"])
        return Response(AssignmentSerializer(assignment).data, status=201)

    @extend_schema(request=ActivityEmptyInput, responses=AssignmentSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        return self._step(request, actions.do_accept, ActivityEmptyInput)

    @extend_schema(request=ActivityNoteInput, responses=AssignmentSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        return self._step(request, actions.do_decline, ActivityNoteInput)

    @extend_schema(request=CheckInTokenInput, responses=AssignmentSerializer)
    @action(detail=True, methods=["post"], url_path="check-in")
    def check_in(self, request, pk=None):
        return self._step(request, actions.do_check_in, CheckInTokenInput)

    @extend_schema(request=CheckInTokenInput, responses=AssignmentSerializer)
    @action(detail=True, methods=["post"], url_path="check-out")
    def check_out(self, request, pk=None):
        return self._step(request, actions.do_check_out, CheckInTokenInput)

    @extend_schema(request=ActivityRateInput, responses={201: ActivityRatingSerializer})
    @action(detail=True, methods=["post"])
    def rate(self, request, pk=None):
        assignment = self.get_object()
        data = ActivityRateInput(data=request.data)
        data.is_valid(raise_exception=True)
        rating = actions.do_rate(request.user, assignment.activity, **data.validated_data)
        return Response(ActivityRatingSerializer(rating).data, status=201)
