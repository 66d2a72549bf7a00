"""The signed-in residents' leader's own activities under /api/civil/my-activities/ (issue #14
§2), as on the phone page civil:lead: GET lists the activities they coordinate, POST posts
one for their group (`do_post_as_leader`: published at once, refused with
`civil_activity_not_leader` where they lead nothing), `attendance` registers who came
(`do_register_attendance`: all or nothing, the hours ledger's rules). Another user's
activity is a 404."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from gongzhi.civil.actions import activities as actions
from gongzhi.civil.api.volunteer_serializers import ActivitySerializer
from gongzhi.civil.choices import ActivityStatus
from gongzhi.civil.models import Activity, Volunteer
from gongzhi.core import api_schema
from gongzhi.core.api import ScopedModelSerializer
from gongzhi.core.api import ScopedPrimaryKeyRelatedField as Scoped

MAX_ROWS = 200


class LeaderActivityInput(ScopedModelSerializer):
    class Meta:
        model = Activity
        fields = ["community", "title", "content", "place", "starts_at", "ends_at", "people_needed"]
        extra_kwargs = {"community": {"required": True, "allow_null": False}}


class AttendanceRowInput(serializers.Serializer):
    volunteer = Scoped(queryset=Volunteer.objects.all())
    started_at = serializers.DateTimeField()
    ended_at = serializers.DateTimeField()


class AttendanceInput(serializers.Serializer):
    """Who came: `volunteers` at the activity's own times (or `started_at`/`ended_at` given
    for all of them), and/or `rows` each with their own times; each person once."""

    volunteers = serializers.ListField(
        child=Scoped(queryset=Volunteer.objects.all()),
        required=False,
        max_length=MAX_ROWS,
    )
    started_at = serializers.DateTimeField(required=False, allow_null=True)
    ended_at = serializers.DateTimeField(required=False, allow_null=True)
    rows = AttendanceRowInput(many=True, required=False, max_length=MAX_ROWS)

    def rows_for(self, activity) -> list[tuple]:
        v = self.validated_data
        start = v.get("started_at") or activity.starts_at
        end = v.get("ended_at") or activity.ends_at
        out = [(vol, start, end) for vol in v.get("volunteers") or []]
        out += [(r["volunteer"], r["started_at"], r["ended_at"]) for r in v.get("rows") or []]
        return out

    def validate(self, attrs):
        people = [
            *(attrs.get("volunteers") or []),
            *(r["volunteer"] for r in attrs.get("rows") or []),
        ]
        if not people:
            raise serializers.ValidationError(
                {"volunteers": [_("Name at least one person who came.")]}, code="required"
            )
        if len({p.pk for p in people}) != len(people):
            raise serializers.ValidationError(
                {"volunteers": [_("Name each person once.")]}, code="unique"
            )
        return attrs


# the user's own activity, open, over (attendance is registered afterwards)
_OWN_PAST = [
    api_schema.state_rule([api_schema.SIGNED_IN_USER], field="coordinator"),
    api_schema.state_rule([ActivityStatus.PUBLISHED, ActivityStatus.FINISHED]),
    api_schema.before_days("ends_at", 0),
]


class MyActivityViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """The activities the signed-in user coordinates (posted as a residents' leader): POST
    posts one for their group in a community they lead in; `attendance` registers who
    came."""

    queryset = Activity.objects.all()
    serializer_class = ActivitySerializer
    required_permission = "civil.add_assignment"  # a resident's own (civil.permissions)
    filterset_fields = ["status", "community"]
    ordering_fields = ["starts_at"]
    schema_states = {"attendance": _OWN_PAST}

    @property
    def schema_examples(self):
        # an activity ends after it starts (a week ahead); attendance at the activity's times
        start = timezone.localtime() + datetime.timedelta(days=7)
        start = start.replace(hour=9, minute=0, second=0, microsecond=0)
        return {
            "create": [
                {
                    "community": 1,
                    "starts_at": start.isoformat(),
                    "ends_at": (start + datetime.timedelta(hours=2)).isoformat(),
                }
            ],
            "attendance": [{"volunteers": [1], "started_at": None, "ended_at": None, "rows": []}],
        }

    def get_queryset(self):
        user = self.request.user
        return (
            Activity.objects.filter(coordinator=user)
            .prefetch_related("skills")
            .order_by("-starts_at", "-pk")
        )

    @extend_schema(request=LeaderActivityInput, responses={201: ActivitySerializer})
    def create(self, request, *args, **kwargs):
        data = LeaderActivityInput(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        v = dict(data.validated_data)
        activity = actions.do_post_as_leader(
            request.user, Activity(street=v["community"].street, **v)
        )
        return Response(ActivitySerializer(activity).data, status=201)

    @extend_schema(request=AttendanceInput, responses=ActivitySerializer)
    @action(detail=True, methods=["post"])
    def attendance(self, request, pk=None):
        activity = self.get_object()
        data = AttendanceInput(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        actions.do_register_attendance(request.user, activity, data.rows_for(activity))
        return Response(ActivitySerializer(Activity.objects.get(pk=activity.pk)).data)
