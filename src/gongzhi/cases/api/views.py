"""REST endpoints of cases under /api/cases/…: the category tree and the handling units,
cases (list and detail scoped by `visible_to`, filters, create from every channel incl.
hotline tickets, `steps`, `photos`) and one POST endpoint per step of the state machine
(`/api/cases/cases/{id}/accept/`, `…/dispatch/`, …). Writes go through cases.actions: a
broken rule is a 400 `{"field": [{"code", "message"}]}`, a step that is another role's a
403, a case out of scope a 404; nothing is written in any of them."""

import datetime

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from gongzhi.cases import actions
from gongzhi.cases.actions import escalation
from gongzhi.cases.actions.flow import (
    MACHINE,
    MAX_EXTENSION,
    REOPEN_DAYS,
    STEP_PERMISSION,
    TRANSITIONS,
)
from gongzhi.cases.api.serializers import (
    CaseCategorySerializer,
    CaseCreateSerializer,
    CasePhotoSerializer,
    CaseSerializer,
    CaseStepSerializer,
    CaseUnitSerializer,
    NoteInput,
    step_input,
)
from gongzhi.cases.choices import OPEN_STATUSES, Channel, Status
from gongzhi.cases.models import Case, Category, HandlingUnit
from gongzhi.core import api_schema
from gongzhi.core.api import PLAIN_LIST
from gongzhi.core.viewsets import ScopedReadOnlyViewSet
from gongzhi.org.models import Community, Grid


class CategoryViewSet(ScopedReadOnlyViewSet):
    """The category tree (district-wide): large classes have no parent."""

    queryset = Category.objects.all()
    serializer_class = CaseCategorySerializer
    filterset_fields = ["parent", "kind", "active", "urgent"]
    search_fields = ["code", "name", "name_en"]


class HandlingUnitViewSet(ScopedReadOnlyViewSet):
    queryset = HandlingUnit.objects.all()
    serializer_class = CaseUnitSerializer
    filterset_fields = ["street", "kind", "community", "department", "active"]


def _step_endpoint(step: str):
    serializer = step_input(step)

    def endpoint(self, request, pk=None):
        case = self.get_object()
        data = serializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        actions.STEP_ACTIONS[step](request.user, case, **data.validated_data)
        still = self.get_queryset().filter(pk=case.pk).first()
        return Response(CaseSerializer(still or Case.objects.get(pk=case.pk)).data)

    endpoint.__name__ = f"step_{step}"  # "dispatch" would shadow APIView.dispatch
    endpoint = action(detail=True, methods=["post"], url_path=step.replace("_", "-"))(endpoint)
    # After @action, which replaces the function's `kwargs` (where the annotation lives).
    return extend_schema(
        request={"application/json": serializer, "multipart/form-data": serializer},
        responses=CaseSerializer,
        summary=str(TRANSITIONS[step].label),
    )(endpoint)


# What the schema tells a client about the records a write names (docs/api.md, x-states):
# each step's case is in a state the step starts from; and the rules a case's own fields show.
_ACTIVE = api_schema.state_rule([True], field="active")
_STEP_RULES = {
    "merge": [
        # into a live case that is not itself a duplicate
        api_schema.state_rule(
            [s for s in Status.values if s not in (Status.MERGED, Status.NOT_ACCEPTED)], of="main"
        ),
        api_schema.state_rule([None], of="main", field="duplicate_of"),
    ],
    "dispatch": [{**_ACTIVE, "of": "unit"}],
    "decide_dispute": [{**_ACTIVE, "of": "unit"}],
    # one extension request at a time; the dispatcher decides a waiting one
    "request_extension": [api_schema.state_rule([0], field="extension_requested")],
    "approve_extension": [
        api_schema.state_rule(range(1, MAX_EXTENSION + 1), field="extension_requested")
    ],
    "refuse_extension": [
        api_schema.state_rule(range(1, MAX_EXTENSION + 1), field="extension_requested")
    ],
    # the reporter's own steps: a case the signed-in user reported
    "rate": [api_schema.state_rule([api_schema.SIGNED_IN_USER], field="reporter")],
    "reopen": [
        api_schema.state_rule([api_schema.SIGNED_IN_USER], field="reporter"),
        api_schema.within_days("closed_at", REOPEN_DAYS),
    ],
}
_CREATE_RULES = [
    # an active small class (one with a parent) of the tree
    api_schema.state_rule([True], of="category", field="active"),
    api_schema.state_rule([True], of="category", field="parent__active"),
]
# Where a new case is: a grid (a grid worker's channel), or a community with no building or
# household of another one; a hotline case needs a ticket number no other case has. Photos
# are images (JPEG, PNG): the examples have none.
_CREATE_EXAMPLES = [
    {
        "channel": Channel.GRID_WORKER,
        "grid": 1,  # a placeholder: a grid the user picks (x-model)
        "lat": None,
        "lng": None,
        "building": None,
        "household": None,
        "photos": [],
    },
    {
        "channel": Channel.DESK,
        "community": 1,  # a placeholder: a community the user picks (x-model)
        "lat": None,
        "lng": None,
        "grid": None,
        "building": None,
        "household": None,
        "photos": [],
    },
]


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter(
                "deadline",
                OpenApiTypes.STR,
                enum=["overdue", "due_soon"],
                description="Only cases whose current step is overdue, or due within 24 h.",
            ),
            OpenApiParameter(
                "open", OpenApiTypes.BOOL, description="Only cases still being worked on."
            ),
        ]
    )
)
class CaseViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Cases in the user's area. POST creates one (any channel but Open311; a hotline case
    needs its unique ticket number); each step of the flow is a POST on the case."""

    queryset = Case.objects.all()
    serializer_class = CaseSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    filterset_fields = [
        "status",
        "category",
        "community",
        "grid",
        "street",
        "channel",
        "unit",
        "urgency",
        "hotline_ticket",
    ]
    search_fields = ["number", "hotline_ticket"]
    ordering_fields = ["reported_at"]
    get_queryset = ScopedReadOnlyViewSet.get_queryset
    select_related = ("category",)
    prefetch_related = ()
    schema_states = {
        "create": _CREATE_RULES,
        **{
            f"step_{step}": [api_schema.states(MACHINE, step), *_STEP_RULES.get(step, [])]
            for step in TRANSITIONS
        },
        # 催办: a case a unit holds; 督办: an open case
        "remind": [api_schema.state_rule(escalation.REMINDABLE)],
        "supervise": [api_schema.state_rule(OPEN_STATUSES)],
    }

    @property
    def schema_examples(self):
        # A hold is looked at again on a day after today.
        review = timezone.localdate() + datetime.timedelta(days=30)
        return {"create": _CREATE_EXAMPLES, "step_hold": [{"review_date": review.isoformat()}]}

    @property
    def required_permission(self):
        name = getattr(self, "action", None) or ""
        if name in ("steps", "photos"):
            return "cases.view_case"
        if name in ESCALATIONS:
            return ESCALATIONS[name].permission
        step = name.removeprefix("step_")
        if step in actions.STEP_ACTIONS:
            # The step's own permission; the reporter's steps (rate, reopen) check the
            # reporter in the action.
            return STEP_PERMISSION[step] or "cases.view_case"
        return None

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        params = self.request.query_params
        if params.get("open") in ("true", "1"):
            queryset = queryset.filter(status__in=OPEN_STATUSES)
        deadline = params.get("deadline", "")
        if deadline in ("overdue", "due_soon"):
            queryset = queryset.deadline(deadline, timezone.now())
        elif deadline:
            raise DRFValidationError({"deadline": [_("Use overdue or due_soon.")]})
        category = params.get("large_class", "")
        if category.isdigit():
            queryset = queryset.filter(Q(category_id=category) | Q(category__parent_id=category))
        return queryset

    @extend_schema(
        request={
            "application/json": CaseCreateSerializer,
            "multipart/form-data": CaseCreateSerializer,
        },
        responses={201: CaseSerializer},
    )
    def create(self, request, *args, **kwargs):
        data = CaseCreateSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        v = dict(data.validated_data)
        place = v.get("grid") or v.get("community")
        if place is None:
            place = (
                Grid.objects.visible_to(request.user, "cases.add_case").first()
                or Community.objects.visible_to(request.user, "cases.add_case").first()
            )
        if place is None:
            raise DRFValidationError({"community": [_("Say where it is.")]})
        street = place.community.street if isinstance(place, Grid) else place.street
        case = actions.do_report(request.user, street, **v)
        # The new case as the list shows it; a reporter may not see every case they report
        # (a desk case outside the rows they are scoped to): then the case as saved.
        still = self.get_queryset().filter(pk=case.pk).first()
        return Response(CaseSerializer(still or case).data, status=201)

    @extend_schema(responses=CaseStepSerializer(many=True))
    @action(detail=True, methods=["get"], **PLAIN_LIST)
    def steps(self, request, pk=None):
        return Response(CaseStepSerializer(self.get_object().steps.all(), many=True).data)

    @extend_schema(responses=CasePhotoSerializer(many=True))
    @action(detail=True, methods=["get"], **PLAIN_LIST)
    def photos(self, request, pk=None):
        return Response(CasePhotoSerializer(self.get_object().photos.all(), many=True).data)


# One POST endpoint per step of the state machine, each with its own input in the schema.
for _step in TRANSITIONS:
    setattr(CaseViewSet, f"step_{_step}", _step_endpoint(_step))


# The escalation ladder: 催办 (the dispatcher) and 督办 (the street), a POST each; the case
# keeps its status.
ESCALATIONS = {"remind": escalation.do_remind, "supervise": escalation.do_supervise}


def _escalation_endpoint(name: str):
    def endpoint(self, request, pk=None):
        case = self.get_object()
        data = NoteInput(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        ESCALATIONS[name](request.user, case, **data.validated_data)
        return Response(CaseSerializer(self.get_queryset().get(pk=case.pk)).data)

    endpoint.__name__ = name
    endpoint = action(detail=True, methods=["post"], url_path=name)(endpoint)
    # After @action, as for the steps (it replaces the function's schema annotation).
    return extend_schema(
        request={"application/json": NoteInput, "multipart/form-data": NoteInput},
        responses=CaseSerializer,
        summary={"remind": "催办 (remind the unit)", "supervise": "督办 (supervise)"}[name],
    )(endpoint)


for _name in ESCALATIONS:
    setattr(CaseViewSet, _name, _escalation_endpoint(_name))
