"""Registry endpoints under /api/: buildings, dwellings, households, residents, tags,
resident events (read-only) and visits. Rows come from `visible_to` (out of scope: 404);
every write is a registry action (400 with coded field errors when a rule is broken,
403 outside the places where the actor's role grants the verb).

Actions (POST): residents/{id}/move-out, /transfer (or move in), /death, /phone, /tags;
households/{id}/split, /merge, /head; visits/{id}/followed-up; search/?q=.
"""

from django.core.exceptions import ValidationError
from django.db.models.functions import ExtractYear
from django.http import Http404
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers as drf_serializers
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.views import APIView

from gongzhi.core import api_schema
from gongzhi.core.viewsets import ScopedReadOnlyViewSet, ScopedViewSet
from gongzhi.registry import actions, queries
from gongzhi.registry import search as registry_search
from gongzhi.registry.api import serializers as s
from gongzhi.registry.choices import ResidentStatus
from gongzhi.registry.models import (
    Building,
    Dwelling,
    Household,
    Resident,
    ResidentEvent,
    Tag,
    Visit,
)


def _visible(model, user, pk):
    try:
        return model.objects.visible_to(user).get(pk=pk)
    except (model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


class ActionPermissionMixin:
    """Custom actions need the model's change permission (not add, as POST would)."""

    change_actions: tuple[str, ...] = ()

    @property
    def required_permission(self):
        if getattr(self, "action", None) in self.change_actions:
            model = self.queryset.model._meta
            return f"{model.app_label}.change_{model.model_name}"
        return None


# No registry action deletes a building, a flat or a visit (the admin refuses it too):
# without DELETE the API cannot remove one around the rules.
NO_DELETE = ["get", "post", "put", "patch", "head", "options"]


class BuildingViewSet(ScopedViewSet):
    queryset = Building.objects.all()
    serializer_class = s.BuildingSerializer
    http_method_names = NO_DELETE
    select_related = ("community", "grid")
    filterset_fields = ["community", "grid", "estate", "kind"]
    search_fields = ["=address", "^address", "name"]
    ordering_fields = ["address", "name", "household_count"]
    # A building with households keeps its community (an edit sends the stored one); its
    # grid and estate are of its community (left open here, the client picks them).
    schema_unchanged = ("community",)
    schema_examples = {
        name: [{"grid": None, "estate": None}] for name in ("create", "update", "partial_update")
    }

    def save_object(self, instance, related):
        if instance.pk:
            return actions.do_update_building(self.request.user, instance)
        return actions.do_create_building(self.request.user, instance)


class DwellingViewSet(ScopedViewSet):
    queryset = Dwelling.objects.all()
    serializer_class = s.DwellingSerializer
    http_method_names = NO_DELETE
    select_related = ("building",)
    # A flat stays in its building (an edit sends the stored one: the schema's `x-unchanged`).
    schema_unchanged = ("building",)
    # Unit and floor within the building's (every building has a first unit and floor).
    schema_examples = {
        name: [{"unit": 1, "floor": 1, "area": "80.00"}]
        for name in ("create", "update", "partial_update")
    }
    filterset_fields = ["building", "unit", "floor"]
    search_fields = ["number"]
    ordering_fields = ["unit", "floor", "number"]

    def save_object(self, instance, related):
        if instance.pk:
            return actions.do_update_dwelling(self.request.user, instance)
        return actions.do_create_dwelling(self.request.user, instance.building, instance)


def _living_in_path_household(field: str) -> list[dict]:
    return [
        api_schema.state_rule([api_schema.PATH_RECORD], of=field, field="household"),
        api_schema.state_rule([ResidentStatus.ACTIVE], of=field),
    ]


class HouseholdViewSet(ActionPermissionMixin, ScopedViewSet):
    queryset = Household.objects.all()
    serializer_class = s.HouseholdSerializer
    select_related = ("community", "grid")
    filterset_fields = ["community", "grid", "building", "kind", "active", "number"]
    search_fields = ["^address", "^number"]
    ordering_fields = ["address", "number"]
    change_actions = ("split", "merge", "head")
    # A household moves to another community only by moving its members (an edit keeps its
    # building); its flat is one of its building's (left open here, the client picks it).
    schema_unchanged = ("building",)
    schema_examples = {
        **{name: [{"dwelling": None}] for name in ("create", "update", "partial_update")},
        # one member (the client's pick) leaves; the others stay, with the head
        "split": [{"members": [1], "head": None}],
    }
    # The residents a step names live in the path's household; a household merges with an
    # open one of its community (`x-states`, "$id": the household in the path).
    schema_states = {
        "split": [
            # one member at least stays: a household of two living in it or more
            api_schema.min_count("members", 2, where={"status": ResidentStatus.ACTIVE}),
            *_living_in_path_household("members"),
            *_living_in_path_household("head"),
        ],
        "head": _living_in_path_household("head"),
        "merge": [
            api_schema.state_rule([True], of="source", field="active"),
            api_schema.state_rule(
                [api_schema.PATH_RECORD], of="source", field="community__households"
            ),
        ],
    }

    def save_object(self, instance, related):
        if instance.pk:
            return actions.do_update_household(self.request.user, instance)
        return actions.do_create_household(self.request.user, instance)

    def perform_destroy(self, instance):
        actions.do_delete_household(self.request.user, instance)

    def _done(self, household, code=status.HTTP_200_OK):
        return Response(
            s.HouseholdSerializer(household, context=self.get_serializer_context()).data,
            status=code,
        )

    @extend_schema(request=s.SplitSerializer, responses={201: s.HouseholdSerializer})
    @action(detail=True, methods=["post"])
    def split(self, request, pk=None):
        household = self.get_object()
        data = _validated(s.SplitSerializer, request)
        members = [_visible(Resident, request.user, m) for m in data["members"]]
        head = _visible(Resident, request.user, data["head"]) if data.get("head") else None
        new = actions.do_split_household(
            request.user,
            household,
            members,
            number=data["number"],
            head=head,
            address=data.get("address", ""),
            date=data.get("date"),
            note=data.get("note", ""),
        )
        return self._done(new, status.HTTP_201_CREATED)

    @extend_schema(request=s.MergeSerializer, responses=s.HouseholdSerializer)
    @action(detail=True, methods=["post"])
    def merge(self, request, pk=None):
        household = self.get_object()
        data = _validated(s.MergeSerializer, request)
        source = _visible(Household, request.user, data["source"])
        return self._done(
            actions.do_merge_households(
                request.user, household, source, date=data.get("date"), note=data.get("note", "")
            )
        )

    @extend_schema(request=s.HeadSerializer, responses=s.HouseholdSerializer)
    @action(detail=True, methods=["post"])
    def head(self, request, pk=None):
        household = self.get_object()
        data = _validated(s.HeadSerializer, request)
        head = _visible(Resident, request.user, data["head"]) if data.get("head") else None
        return self._done(actions.do_set_head(request.user, household, head))


def _validated(serializer_class, request) -> dict:
    ser = serializer_class(data=request.data)
    ser.is_valid(raise_exception=True)
    return ser.validated_data


class ResidentViewSet(ActionPermissionMixin, ScopedViewSet):
    queryset = Resident.objects.all()
    serializer_class = s.ResidentSerializer
    select_related = ("community", "grid", "household")
    prefetch_related = ("tag_links__tag",)
    filterset_fields = [
        "community",
        "grid",
        "household",
        "status",
        "residence_type",
        "sex",
        "ethnicity",
        "political_status",
        "id_last4",
    ]
    search_fields = ["^name", "^name_pinyin", "^name_initials"]
    # By birth year, not by the day (core.masking).
    ordering_fields = ["name", "birth_year"]
    change_actions = ("move_out", "transfer", "death", "phone", "tags")
    # Events already happened: dates no later than today, a death after the birth (the
    # schema's `x-examples`, docs/api.md).
    schema_examples = {
        # registered into a household (its id is the client's pick): a grid worker's way, and
        # the office's too (which may also register someone in a community alone)
        "create": [{"household": 1}],
        "move_out": [{"date": "2026-11-30"}],
        "death": [{"died_on": "2026-11-30"}],
        "transfer": [{"date": "2026-11-30"}],
        "tags": [{"since": "2026-11-30"}],
    }
    # A resident moves into an open household; a graded special group (disability) is given
    # with its grade (1–4), any other without one.
    schema_states = {
        "transfer": [api_schema.state_rule([True], of="household", field="active")],
        "tags": [
            api_schema.state_rule([False], of="tag", field="has_grade", when={"grade": None}),
            *(
                api_schema.state_rule([True], of="tag", field="has_grade", when={"grade": g})
                for g in range(1, 5)
            ),
        ],
    }

    def get_queryset(self):
        qs = super().get_queryset().annotate(birth_year=ExtractYear("birth_date"))
        age = self.request.query_params.get("min_age")
        if age and age.isdigit():
            qs = qs.filter(queries.age_filter(int(age)))
        tag = self.request.query_params.get("tag")
        if tag:
            qs = qs.filter(tag_links__tag__code=tag)
        return qs

    def perform_destroy(self, instance):
        raise ValidationError(
            _("A resident is never deleted: record the move-out or the death (history).")
        )

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        household = data.pop("household", None)
        resident = Resident(**data)
        serializer.instance = actions.do_register_resident(
            self.request.user,
            household or (resident.community if resident.community_id else None),
            resident,
            relation=data.get("relation", ""),
        )

    def perform_update(self, serializer):
        instance = serializer.instance
        for name, value in serializer.validated_data.items():
            setattr(instance, name, value)
        serializer.instance = actions.do_update_resident(self.request.user, instance)

    def _done(self, resident):
        resident = self.get_queryset().get(pk=resident.pk)
        return Response(s.ResidentSerializer(resident, context=self.get_serializer_context()).data)

    @extend_schema(request=s.DateNoteSerializer, responses=s.ResidentSerializer)
    @action(detail=True, methods=["post"], url_path="move-out")
    def move_out(self, request, pk=None):
        resident = self.get_object()
        data = _validated(s.DateNoteSerializer, request)
        actions.do_move_out(
            request.user, resident, date=data.get("date"), note=data.get("note", "")
        )
        return self._done(resident)

    @extend_schema(request=s.MoveSerializer, responses=s.ResidentSerializer)
    @action(detail=True, methods=["post"])
    def transfer(self, request, pk=None):
        """Change household (or move in, for someone who does not live in one)."""
        resident = self.get_object()
        data = _validated(s.MoveSerializer, request)
        household = _visible(Household, request.user, data["household"])
        fn = actions.do_transfer if resident.household_id else actions.do_move_in
        fn(
            request.user,
            resident,
            household,
            relation=data.get("relation", ""),
            date=data.get("date"),
            note=data.get("note", ""),
        )
        return self._done(resident)

    @extend_schema(request=s.DeathSerializer, responses=s.ResidentSerializer)
    @action(detail=True, methods=["post"])
    def death(self, request, pk=None):
        resident = self.get_object()
        data = _validated(s.DeathSerializer, request)
        actions.do_record_death(
            request.user, resident, died_on=data["died_on"], note=data.get("note", "")
        )
        return self._done(resident)

    @extend_schema(request=s.PhoneSerializer, responses=s.ResidentSerializer)
    @action(detail=True, methods=["post"])
    def phone(self, request, pk=None):
        resident = self.get_object()
        data = _validated(s.PhoneSerializer, request)
        actions.do_update_phone(request.user, resident, data["phone"])
        return self._done(resident)

    @extend_schema(request=s.TagSetSerializer, responses=s.ResidentSerializer)
    @action(detail=True, methods=["post"])
    def tags(self, request, pk=None):
        resident = self.get_object()
        data = _validated(s.TagSetSerializer, request)
        if data.get("remove"):
            actions.do_remove_tag(request.user, resident, data["tag"])
        else:
            actions.do_set_tag(
                request.user,
                resident,
                data["tag"],
                grade=data.get("grade"),
                since=data.get("since"),
                note=data.get("note", ""),
            )
        return self._done(resident)


class TagViewSet(ScopedViewSet):
    queryset = Tag.objects.all()
    serializer_class = s.TagSerializer
    filterset_fields = ["code", "has_grade", "sensitive"]
    search_fields = ["code", "name"]
    ordering_fields = ["order", "code"]

    def get_queryset(self):
        return Tag.objects.order_by("order", "code")

    def save_object(self, instance, related):
        if instance.pk:
            return actions.do_update_tag(self.request.user, instance)
        return actions.do_create_tag(self.request.user, instance)

    def perform_destroy(self, instance):
        actions.do_delete_tag(self.request.user, instance)


class ResidentEventViewSet(ScopedReadOnlyViewSet):
    queryset = ResidentEvent.objects.all()
    serializer_class = s.ResidentEventSerializer
    select_related = ("resident",)
    filterset_fields = ["resident", "kind", "from_household", "to_household"]
    ordering_fields = ["date", "recorded_at"]


class VisitViewSet(ActionPermissionMixin, ScopedViewSet):
    queryset = Visit.objects.all()
    serializer_class = s.VisitSerializer
    http_method_names = NO_DELETE
    select_related = ("household", "visitor")
    filterset_fields = ["household", "visitor", "follow_up_needed", "date"]
    search_fields = ["purpose", "notes"]
    ordering_fields = ["date"]
    change_actions = ("followed_up",)
    # Only a visit that needs a follow-up and has none yet is followed up (`x-states`).
    schema_states = {
        "followed_up": [
            api_schema.state_rule([True], field="follow_up_needed"),
            api_schema.state_rule([None], field="followed_up_at"),
        ]
    }
    # A visit is recorded once made: a date no later than today (the schema's `x-examples`).
    schema_examples = {
        name: [{"date": "2026-11-02"}] for name in ("create", "update", "partial_update")
    }

    def save_object(self, instance, related):
        if instance.pk:  # an edit of a recorded visit: the same rules, under change_visit
            return actions.do_update_visit(self.request.user, instance)
        return actions.do_record_visit(self.request.user, instance.household, instance)

    @extend_schema(request=None, responses=s.VisitSerializer)
    @action(detail=True, methods=["post"], url_path="followed-up")
    def followed_up(self, request, pk=None):
        visit = actions.do_mark_followed_up(request.user, self.get_object())
        return Response(s.VisitSerializer(visit, context=self.get_serializer_context()).data)


class SearchResultSerializer(drf_serializers.Serializer):
    kind = drf_serializers.CharField()
    id = drf_serializers.IntegerField(source="object.pk")
    label = drf_serializers.CharField()
    detail = drf_serializers.CharField()
    match = drf_serializers.CharField()
    url = drf_serializers.CharField()


class SearchView(APIView):
    """The registry's one search box: `?q=` name, pinyin, initials, ID number (or its last
    4), phone or address; `limit` up to 50."""

    required_permission = "registry.view_resident"

    @extend_schema(responses=SearchResultSerializer(many=True))
    def get(self, request):
        try:
            limit = max(1, min(50, int(request.query_params.get("limit", 20))))
        except ValueError:
            limit = 20
        results = registry_search.search(request.user, request.query_params.get("q", ""), limit)
        return Response(SearchResultSerializer(results, many=True).data)


router = SimpleRouter()
router.register("registry/buildings", BuildingViewSet, basename="registry-building")
router.register("registry/dwellings", DwellingViewSet, basename="registry-dwelling")
router.register("registry/households", HouseholdViewSet, basename="registry-household")
router.register("registry/residents", ResidentViewSet, basename="registry-resident")
router.register("registry/tags", TagViewSet, basename="registry-tag")
router.register("registry/resident-events", ResidentEventViewSet, basename="registry-residentevent")
router.register("registry/visits", VisitViewSet, basename="registry-visit")

urlpatterns = [
    path("registry/search/", SearchView.as_view(), name="registry-search"),
    *router.urls,
]
