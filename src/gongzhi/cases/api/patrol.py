"""REST endpoints of patrols under /api/cases/patrols/…: list and detail scoped by
`visible_to` (the grid worker's own grid, the dispatcher's street), POST starts a patrol in
one of the grid worker's grids (or resumes the open one there: 200), `{id}/points/` adds a batch of route points, `{id}/end/`
ends it. Writes go through cases.actions.patrol (400 with the field's code on a broken rule;
another grid worker's patrol is refused)."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from gongzhi.cases import actions
from gongzhi.cases.actions.patrol import MAX_POINTS
from gongzhi.cases.models import Patrol, PatrolPoint
from gongzhi.core import api_schema
from gongzhi.core.api import PLAIN_LIST, ScopedPrimaryKeyRelatedField
from gongzhi.core.viewsets import ScopedReadOnlyViewSet
from gongzhi.org.models import Grid


class PatrolPointSerializer(serializers.ModelSerializer):
    class Meta:
        model = PatrolPoint
        fields = ["lat", "lng", "at"]
        read_only_fields = fields


class PatrolSerializer(serializers.ModelSerializer):
    point_count = serializers.IntegerField(source="points.count", read_only=True)
    cases = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Patrol
        fields = [
            "id",
            "grid",
            "grid_worker",
            "started_at",
            "ended_at",
            "notes",
            "point_count",
            "cases",
        ]
        read_only_fields = fields


class PatrolStartInput(serializers.Serializer):
    grid = ScopedPrimaryKeyRelatedField(queryset=Grid.objects.all())
    notes = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class PointInput(serializers.Serializer):
    lat = serializers.DecimalField(max_digits=9, decimal_places=6, min_value=-90, max_value=90)
    lng = serializers.DecimalField(max_digits=9, decimal_places=6, min_value=-180, max_value=180)
    at = serializers.DateTimeField(help_text="When the phone was there (during the patrol).")


class PointsInput(serializers.Serializer):
    points = PointInput(many=True, max_length=MAX_POINTS)


class EndInput(serializers.Serializer):
    notes = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class PatrolViewSet(mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """Patrols (巡查) of the grid workers in the user's area."""

    queryset = Patrol.objects.all()
    serializer_class = PatrolSerializer
    filterset_fields = ["grid", "grid_worker"]
    ordering_fields = ["started_at"]
    prefetch_related = ("cases",)
    # A route point lies during the patrol: from its start to the phone's now (api_schema.NOW,
    # the time of the call), anywhere on the globe's valid coordinates.
    schema_examples = {
        "points": [{"points": [{"lat": "32.041500", "lng": "118.784200", "at": api_schema.NOW}]}]
    }

    @property
    def required_permission(self):
        name = getattr(self, "action", None) or ""
        if name == "create":
            return "cases.add_patrol"
        if name in ("points", "end"):
            return "cases.change_patrol"
        if name == "route":
            return "cases.view_patrol"
        return None

    @extend_schema(
        request=PatrolStartInput, responses={201: PatrolSerializer, 200: PatrolSerializer}
    )
    def create(self, request, *args, **kwargs):
        """Start a patrol (201); with the user's patrol in that grid already open, resume it
        (200: the same patrol, no second one)."""
        data = PatrolStartInput(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        v = data.validated_data
        patrol = actions.do_start_patrol(request.user, v["grid"], notes=v.get("notes", ""))
        status = 200 if patrol.resumed else 201
        return Response(PatrolSerializer(self.get_queryset().get(pk=patrol.pk)).data, status=status)

    @extend_schema(request=PointsInput, responses=PatrolSerializer)
    @action(detail=True, methods=["post"])
    def points(self, request, pk=None):
        patrol = self.get_object()
        data = PointsInput(data=request.data)
        data.is_valid(raise_exception=True)
        actions.do_add_patrol_points(request.user, patrol, data.validated_data["points"])
        return Response(PatrolSerializer(self.get_queryset().get(pk=patrol.pk)).data)

    @extend_schema(request=EndInput, responses=PatrolSerializer)
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        patrol = self.get_object()
        data = EndInput(data=request.data)
        data.is_valid(raise_exception=True)
        actions.do_end_patrol(request.user, patrol, **data.validated_data)
        return Response(PatrolSerializer(self.get_queryset().get(pk=patrol.pk)).data)

    @extend_schema(responses=PatrolPointSerializer(many=True))
    @action(detail=True, methods=["get"], **PLAIN_LIST)
    def route(self, request, pk=None):
        """The patrol's route points in order."""
        return Response(PatrolPointSerializer(self.get_object().points.all(), many=True).data)
