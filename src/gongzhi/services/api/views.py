"""REST API of one-window services under /api/services/…: the menu (categories, items with
their form fields), requests (create, list with filters, `transition`, `steps`), ratings,
supervisions (督办) and opinions.

Rows come from `visible_to` (out of scope: 404); writes go through services.actions (400
with field errors when a rule is broken, nothing written)."""

from django.db import transaction
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.response import Response

from gongzhi.core import api_schema
from gongzhi.core.api import PLAIN_LIST
from gongzhi.core.viewsets import ScopedReadOnlyViewSet, ScopedViewSet
from gongzhi.services import actions, actions_catalog, online, receipts
from gongzhi.services.api.serializers import (
    CategorySerializer,
    ItemFieldWriteSerializer,
    MyRequestCreateSerializer,
    MyRequestSerializer,
    OpinionSerializer,
    RateInputSerializer,
    RatingSerializer,
    ServiceItemSerializer,
    ServiceRequestCreateSerializer,
    ServiceRequestSerializer,
    StepSerializer,
    SupervisionSerializer,
    TransitionInputSerializer,
    WithdrawInputSerializer,
)
from gongzhi.services.models import (
    OPEN_STATUSES,
    Category,
    ItemField,
    Opinion,
    Rating,
    ServiceItem,
    ServiceRequest,
    Status,
    Supervision,
)


class CategoryViewSet(ScopedViewSet):
    """Categories of the menu."""

    queryset = Category.objects.all()
    serializer_class = CategorySerializer
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def save_object(self, instance, related):
        save = (
            actions_catalog.do_update_category
            if instance.pk
            else actions_catalog.do_create_category
        )
        return save(self.request.user, instance)

    def perform_destroy(self, instance):
        actions_catalog.do_delete_category(self.request.user, instance)


class ServiceItemViewSet(ScopedViewSet):
    """The service menu. Form fields are edited through `/api/services/item-fields/`."""

    queryset = ServiceItem.objects.all()
    serializer_class = ServiceItemSerializer
    select_related = ("category", "department")
    prefetch_related = ("fields",)
    filterset_fields = ["category", "department", "handled_at", "delegated_approval", "online"]
    search_fields = ["name", "code", "keywords"]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def save_object(self, instance, related):
        save = actions_catalog.do_update_item if instance.pk else actions_catalog.do_create_item
        return save(self.request.user, instance)

    def perform_destroy(self, instance):
        actions_catalog.do_delete_item(self.request.user, instance)


class ItemFieldViewSet(ScopedViewSet):
    queryset = ItemField.objects.all()
    serializer_class = ItemFieldWriteSerializer
    filterset_fields = ["item", "kind"]
    # A choice field lists its options, other kinds none (the schema's `x-examples`).
    schema_examples = {
        "create": [
            {"kind": ItemField.Kind.TEXT, "choices": []},
            {
                "kind": ItemField.Kind.CHOICE,
                "choices": [{"key": "yes", "name": "是"}, {"key": "no", "name": "否"}],
            },
        ]
    }
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def save_object(self, instance, related):
        save = (
            actions_catalog.do_update_item_field
            if instance.pk
            else actions_catalog.do_create_item_field
        )
        return save(self.request.user, instance)

    def perform_destroy(self, instance):
        actions_catalog.do_delete_item_field(self.request.user, instance)


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter(
                "deadline",
                OpenApiTypes.STR,
                enum=["overdue", "due_soon"],
                description="Only overdue requests, or those due within 2 days.",
            )
        ]
    )
)
class ServiceRequestViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Service requests in the user's area. POST creates one at the window (channel `api`);
    `transition` moves it along the state machine; `steps` is its history."""

    queryset = ServiceRequest.objects.all()
    serializer_class = ServiceRequestSerializer
    filterset_fields = [
        "status",
        "item",
        "community",
        "street",
        "channel",
        "supervised",
        "resident",
    ]
    search_fields = ["tracking_code", "applicant_name"]
    ordering_fields = ["submitted_at", "due_date"]
    get_queryset = ScopedReadOnlyViewSet.get_queryset
    # Materials from the item's own list (none here), an applicant of the community.
    # A transition's note (a reason, a result), which most steps need (the schema's
    # `x-examples`).
    schema_examples = {
        "create": [{"materials": [], "resident": None}],
        "transition": [{"note": "已按规定办理"}],
    }
    # The states each `action` of a transition starts from, and the step's guard (the
    # schema's `x-states`): an item with delegated approval is decided in the community and
    # never transferred or completed by the street; only a request transferred to a
    # department is returned.
    schema_states = {
        # an item whose own form asks nothing required: the values of an item's fields are
        # the item's (its `fields`), which no schema of this operation can list
        "create": [api_schema.not_in([True], of="item", field="fields__required")],
        "transition": [
            *api_schema.states_by(
                actions.MACHINE,
                "action",
                {step: step for step in (*actions.STAFF_ACTIONS, "withdraw")},
            ),
            *(
                api_schema.state_rule(
                    [step in actions.DECISION_ACTIONS],
                    field="item__delegated_approval",
                    when={"action": step},
                )
                for step in (*actions.NOT_FOR_DELEGATED, *actions.DECISION_ACTIONS)
            ),
            {
                **api_schema.min_count("transferred_to_department", 1),
                "when": {"action": "return"},
            },
        ],
    }
    select_related = ("item",)
    prefetch_related = ()

    @property
    def required_permission(self):
        return {
            "transition": "services.handle_servicerequest",
            "steps": "services.view_servicerequest",
            "decision_pdf": "services.view_servicerequest",
        }.get(getattr(self, "action", None))

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        deadline = self.request.query_params.get("deadline", "")
        today = timezone.localdate()
        if deadline == "overdue":
            queryset = queryset.overdue(today)
        elif deadline == "due_soon":
            queryset = (
                queryset.open()
                .exclude(status=Status.MATERIALS_REQUESTED)
                .filter(due_date__gte=today, due_date__lte=today + timezone.timedelta(days=2))
            )
        elif deadline:
            raise DRFValidationError({"deadline": [_("Use overdue or due_soon.")]})
        return queryset

    def _answer(self, req, status=200):
        req = self.get_queryset().get(pk=req.pk)
        return Response(ServiceRequestSerializer(req).data, status=status)

    @extend_schema(
        request=ServiceRequestCreateSerializer, responses={201: ServiceRequestSerializer}
    )
    def create(self, request, *args, **kwargs):
        data = ServiceRequestCreateSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        v = data.validated_data
        community = v["community"]
        resident = v.get("resident")
        with transaction.atomic():
            req = actions.submit_request(
                v["item"],
                street=community.street,
                community=community,
                channel=ServiceRequest.Channel.API,
                user=request.user,
                resident=resident,
                applicant_name=v.get("applicant_name", ""),
                applicant_phone=v.get("applicant_phone", "")
                or (resident.phone if resident else ""),
                values=v.get("values") or {},
                materials=v.get("materials") or [],
                description=v.get("description", ""),
                fast=True,  # the machine clients' hot path (services.fastpath)
            )
        return self._answer(req, 201)

    @extend_schema(request=TransitionInputSerializer, responses=ServiceRequestSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        req = self.get_object()
        data = TransitionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        done = actions.do_transition(
            request.user,
            req,
            v["action"],
            v.get("note", ""),
            department=v.get("department"),
            transferred_to=v.get("transferred_to", ""),
        )
        if not self.get_queryset().filter(pk=req.pk).exists():
            # Returned by a department: no longer theirs to see; answer with what they did.
            return Response(ServiceRequestSerializer(done).data)
        return self._answer(req)

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"], url_path="decision-pdf")
    def decision_pdf(self, request, pk=None):
        """The decision document of a delegated approval (下沉审批); 404 until decided."""
        req = self.get_object()
        if not req.decision:
            raise Http404
        response = HttpResponse(receipts.decision_pdf(req), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="decision-{req.tracking_code}.pdf"'
        return response

    @extend_schema(responses=StepSerializer(many=True))
    @action(detail=True, methods=["get"], **PLAIN_LIST)
    def steps(self, request, pk=None):
        req = self.get_object()
        return Response(StepSerializer(req.transitions.all(), many=True).data)


class ScopedCreateListViewSet(
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Read and create only: these records are changed through their own rules, never edited."""

    select_related: tuple[str, ...] = ()
    prefetch_related: tuple[str, ...] = ()
    get_queryset = ScopedReadOnlyViewSet.get_queryset


class RatingViewSet(ScopedCreateListViewSet):
    """Satisfaction (1–5) of completed requests; POST records one given at the window."""

    queryset = Rating.objects.all()
    serializer_class = RatingSerializer
    schema_states = {"create": [api_schema.states(actions.MACHINE, "rate", of="request")]}
    select_related = ("request",)
    filterset_fields = ["request", "stars", "channel"]

    def perform_create(self, serializer):
        v = serializer.validated_data
        serializer.instance = actions.do_rate(
            self.request.user,
            v["request"],
            v["stars"],
            v.get("comment", ""),
            channel=Rating.Channel.API,
        )


class SupervisionViewSet(ScopedCreateListViewSet):
    """督办: residents'-committee members flag a request with a note."""

    queryset = Supervision.objects.all()
    serializer_class = SupervisionSerializer
    filterset_fields = ["request"]
    # Only an open request is put under supervision.
    schema_states = {"create": [api_schema.state_rule(OPEN_STATUSES, of="request")]}

    def perform_create(self, serializer):
        v = serializer.validated_data
        serializer.instance = actions.do_supervise(self.request.user, v["request"], v["note"])


class OpinionViewSet(ScopedCreateListViewSet):
    """民意诉求 recorded by the residents' committee."""

    queryset = Opinion.objects.all()
    serializer_class = OpinionSerializer
    filterset_fields = ["community", "topic", "status"]

    def perform_create(self, serializer):
        v = serializer.validated_data
        serializer.instance = actions.do_record_opinion(
            self.request.user,
            v["community"],
            topic=v["topic"],
            content=v["content"],
            raised_by=v.get("raised_by", ""),
        )


class MyRequestViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """The signed-in resident's own requests, as on the phone page: list, request an item
    online (in the community of the resident's role), `withdraw` before completion, `rate`
    after it. Nobody else's requests are reachable here (404)."""

    queryset = ServiceRequest.objects.all()
    serializer_class = MyRequestSerializer
    required_permission = "services.request_online"
    filterset_fields = ["status", "item"]
    schema_states = {
        # an item requested online, not only at the window
        "create": [api_schema.state_rule([True], of="item", field="online")],
        "withdraw": [api_schema.states(actions.MACHINE, "withdraw")],
        "rate": [api_schema.states(actions.MACHINE, "rate")],
    }
    ordering_fields = ["submitted_at", "due_date"]

    def get_queryset(self):
        user = self.request.user
        return ServiceRequest.objects.visible_to(user).filter(account=user).select_related("item")

    @extend_schema(request=MyRequestCreateSerializer, responses={201: MyRequestSerializer})
    def create(self, request, *args, **kwargs):
        data = MyRequestCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        # Like the phone page; "not linked to a community" becomes a 400 (non_field_errors).
        req = online.submit_online(
            v["item"],
            request.user,
            applicant_name=v.get("applicant_name", ""),
            applicant_phone=v.get("applicant_phone", ""),
            values=v.get("values") or {},
            description=v.get("description", ""),
        )
        return Response(MyRequestSerializer(self.get_queryset().get(pk=req.pk)).data, status=201)

    @extend_schema(request=WithdrawInputSerializer, responses=MyRequestSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        req = self.get_object()
        data = WithdrawInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        actions.do_withdraw(request.user, req, data.validated_data.get("note", ""))
        return Response(MyRequestSerializer(self.get_queryset().get(pk=req.pk)).data)

    @extend_schema(request=RateInputSerializer, responses={201: RatingSerializer})
    @action(detail=True, methods=["post"])
    def rate(self, request, pk=None):
        req = self.get_object()
        data = RateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        rating = actions.do_rate(
            request.user,
            req,
            data.validated_data["stars"],
            data.validated_data.get("comment", ""),
            channel=Rating.Channel.ONLINE,
        )
        return Response(RatingSerializer(rating).data, status=201)
