"""REST API of the access system under /api/access/…: applications (with submit, decide,
admit), the admitted-affairs list (revoke), community tasks (assign through the list,
record unadmitted, refuse, classify), funds (transfers, arrears), ledgers (decide, export),
plaques (violations), policies, review levels and the burden dashboard figures.

Rows come from `visible_to` (out of scope: 404); writes go through access.actions (400
with field errors when a rule is broken, nothing written)."""

from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from gongzhi.access import actions, exports, figures, queries
from gongzhi.access.actions import MACHINE
from gongzhi.access.api.serializers import (
    AccessPolicySerializer,
    AdmitSerializer,
    AdmittedAffairSerializer,
    ApplicationSerializer,
    ArrearsSerializer,
    AssignSerializer,
    ClassifySerializer,
    CommunityTaskSerializer,
    DecisionSerializer,
    FundAccountSerializer,
    FundTransferSerializer,
    LedgerDecisionSerializer,
    LedgerSerializer,
    PlaqueCheckSerializer,
    PlaqueSerializer,
    ReasonSerializer,
    ReviewLevelSerializer,
    TakeDownSerializer,
    TransferInputSerializer,
    TransitionSerializer,
    UnadmittedSerializer,
)
from gongzhi.access.models import (
    AccessPolicy,
    AdmittedAffair,
    Application,
    CommunityTask,
    FundAccount,
    FundTransfer,
    Ledger,
    Plaque,
    ReviewLevel,
)
from gongzhi.core import api_schema
from gongzhi.core.api import PLAIN_LIST
from gongzhi.core.viewsets import ScopedReadOnlyViewSet, ScopedViewSet
from gongzhi.org.models import Community, Street


class ActionPermissions:
    """Custom actions name their permission in `action_permissions`."""

    action_permissions: dict[str, str] = {}

    @property
    def required_permission(self):
        return self.action_permissions.get(getattr(self, "action", None))


def _visible(model, user, pk):
    try:
        return model.objects.visible_to(user).get(pk=pk)
    except (model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


class ApplicationViewSet(ActionPermissions, ScopedViewSet):
    """Access applications (准入申请). Create and edit drafts; `submit`, `decide`, `admit`
    move them through the state machine; `transitions` is the log."""

    queryset = Application.objects.all()
    serializer_class = ApplicationSerializer
    select_related = ("street", "department")
    prefetch_related = ("communities",)
    filterset_fields = ["street", "department", "status", "body", "meets_four_sync"]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    # Dates in order and a workload within a month's hours (the schema's `x-examples`).
    schema_examples = {
        name: [
            {
                "start_date": "2027-03-01",
                "end_date": "2027-12-31",
                "hours_per_month": "8.0",
                "funding_per_community": "5000.00",
                "communities": [1],
            }
        ]
        for name in ("create", "update", "partial_update")
    } | {
        # returning and rejecting state the reason; approving an application short of the
        # four synchronizations states the override's reason (ignored for one that meets them)
        "decide": [
            {"decision": "approve", "override_reason": "经核实，经费和人员已同步到位"},
            {"decision": "return", "reason": "请补充社区意见"},
            {"decision": "reject", "reason": "不符合准入条件"},
        ]
    }
    # The states each step starts from (the schema's `x-states`; docs/api.md).
    schema_states = {
        "update": [api_schema.state_rule(queries.EDITABLE)],
        "partial_update": [api_schema.state_rule(queries.EDITABLE)],
        "submit": [api_schema.states(MACHINE, "submit")],
        # at a level the user decides at (the level's deciding role, at the street)
        "decide": [
            *api_schema.states_by(
                MACHINE, "decision", {"approve": "approve", "return": "return", "reject": "reject"}
            ),
            api_schema.decider(),
        ],
        "admit": [api_schema.states(MACHINE, "admit")],
    }
    action_permissions = {
        "submit": "access.submit_application",
        "decide": "access.review_application",
        "admit": "access.admit_application",
        "transitions": "access.view_application",
        "overdue": "access.view_application",
    }

    def save_object(self, instance, related):
        return actions.save_application(self.request.user, instance, related.get("communities"))

    def _answer(self, app):
        app.refresh_from_db()
        return Response(ApplicationSerializer(app, context=self.get_serializer_context()).data)

    @extend_schema(request=None, responses=ApplicationSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        app = self.get_object()
        actions.do_submit(request.user, app)
        return self._answer(app)

    @extend_schema(request=DecisionSerializer, responses=ApplicationSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        app = self.get_object()
        data = DecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        actions.do_decide(
            request.user,
            app,
            data.validated_data["decision"],
            reason=data.validated_data["reason"],
            override_reason=data.validated_data["override_reason"],
        )
        return self._answer(app)

    @extend_schema(request=AdmitSerializer, responses={201: AdmittedAffairSerializer})
    @action(detail=True, methods=["post"])
    def admit(self, request, pk=None):
        app = self.get_object()
        data = AdmitSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        affair = actions.do_admit(request.user, app, **data.validated_data)
        return Response(
            AdmittedAffairSerializer(affair, context=self.get_serializer_context()).data, status=201
        )

    @extend_schema(responses=TransitionSerializer(many=True))
    @action(detail=True, methods=["get"], **PLAIN_LIST)
    def transitions(self, request, pk=None):
        app = self.get_object()
        return Response(
            TransitionSerializer(app.transitions.select_related("actor"), many=True).data
        )

    @extend_schema(responses=ApplicationSerializer(many=True))
    @action(detail=False, methods=["get"], **PLAIN_LIST)
    def overdue(self, request):
        qs = self.get_queryset().overdue()
        return Response(
            ApplicationSerializer(qs, many=True, context=self.get_serializer_context()).data
        )


class AdmittedAffairViewSet(ActionPermissions, ScopedReadOnlyViewSet):
    """The admitted-affairs list. `?active=true` for the items in force today."""

    queryset = AdmittedAffair.objects.all()
    serializer_class = AdmittedAffairSerializer
    select_related = ("street", "department")
    prefetch_related = ("communities",)
    filterset_fields = ["street", "department", "body", "status"]
    action_permissions = {"revoke": "access.admit_application"}
    schema_states = {"revoke": [api_schema.state_rule([AdmittedAffair.Status.ACTIVE])]}
    # A revocation states its reason (the machine's note).
    schema_examples = {"revoke": [{"reason": "职能部门已收回该事项"}]}

    def get_queryset(self):
        qs = super().get_queryset()
        if self.request.query_params.get("active") in ("true", "1"):
            qs = qs.active()
        return qs

    @extend_schema(request=ReasonSerializer, responses=AdmittedAffairSerializer)
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        affair = self.get_object()
        data = ReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        affair = actions.do_revoke_affair(
            request.user, affair, reason=data.validated_data["reason"]
        )
        return Response(
            AdmittedAffairSerializer(affair, context=self.get_serializer_context()).data
        )


class CommunityTaskViewSet(ActionPermissions, ScopedReadOnlyViewSet):
    """Tasks handed to communities. `assign` (through an admitted affair, required),
    `unadmitted` (record a request outside the list), `refuse` (one click), `classify`."""

    queryset = CommunityTask.objects.all()
    serializer_class = CommunityTaskSerializer
    select_related = ("community", "affair", "department")
    filterset_fields = ["community", "affair", "admitted", "status", "disposition"]
    # Through an admitted affair in force (the `affair` id is the client's pick).
    schema_examples = {"assign": [{"affair": 1, "due_date": None}]}
    schema_states = {
        "assign": [
            api_schema.state_rule([AdmittedAffair.Status.ACTIVE], of="affair"),
        ],
        "refuse": [api_schema.state_rule([CommunityTask.Status.OPEN])],
        "classify": [api_schema.state_rule([CommunityTask.Status.OPEN])],
    }
    action_permissions = {
        "assign": "access.assign_task",
        "unadmitted": "access.add_communitytask",
        "refuse": "access.refuse_task",
        "classify": "access.classify_task",
    }

    @extend_schema(request=AssignSerializer, responses={201: CommunityTaskSerializer(many=True)})
    @action(detail=False, methods=["post"], **PLAIN_LIST)  # answers the new tasks, unpaginated
    def assign(self, request):
        data = AssignSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        d = data.validated_data
        tasks = actions.do_assign_task(
            request.user,
            d.get("affair"),
            d["communities"],
            title=d["title"],
            description=d["description"],
            due_date=d["due_date"],
        )
        return Response(CommunityTaskSerializer(tasks, many=True).data, status=201)

    @extend_schema(request=UnadmittedSerializer, responses={201: CommunityTaskSerializer})
    @action(detail=False, methods=["post"])
    def unadmitted(self, request):
        data = UnadmittedSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        d = data.validated_data
        task = actions.do_record_unadmitted_task(
            request.user,
            d["community"],
            title=d["title"],
            description=d.get("description", ""),
            department=d.get("department"),
            due_date=d.get("due_date"),
        )
        return Response(CommunityTaskSerializer(task).data, status=201)

    @extend_schema(request=ReasonSerializer, responses=CommunityTaskSerializer)
    @action(detail=True, methods=["post"])
    def refuse(self, request, pk=None):
        task = self.get_object()  # out of scope: 404 before any input error
        data = ReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        task = actions.do_refuse_task(request.user, task, reason=data.validated_data["reason"])
        return Response(CommunityTaskSerializer(task).data)

    @extend_schema(request=ClassifySerializer, responses=CommunityTaskSerializer)
    @action(detail=True, methods=["post"])
    def classify(self, request, pk=None):
        task = self.get_object()  # out of scope: 404 before any input error
        data = ClassifySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        task = actions.do_classify_task(
            request.user,
            task,
            data.validated_data["disposition"],
            note=data.validated_data["note"],
        )
        return Response(CommunityTaskSerializer(task).data)


class FundAccountViewSet(ActionPermissions, ScopedReadOnlyViewSet):
    """Funds due per admitted affair and community, with transferred and outstanding."""

    queryset = FundAccount.objects.all()
    serializer_class = FundAccountSerializer
    select_related = ("affair", "community")
    filterset_fields = ["affair", "community"]
    # An amount in yuan (at most what is outstanding).
    schema_examples = {"transfer": [{"amount": "1.00", "date": "2026-12-01"}]}
    action_permissions = {
        "transfer": "access.add_fundtransfer",
        "arrears": "access.view_fundaccount",
    }

    def get_queryset(self):
        return queries.with_balances(super().get_queryset())

    @extend_schema(request=TransferInputSerializer, responses={201: FundTransferSerializer})
    @action(detail=True, methods=["post"])
    def transfer(self, request, pk=None):
        account = self.get_object()
        data = TransferInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        t = actions.do_record_transfer(request.user, account, **data.validated_data)
        return Response(FundTransferSerializer(t).data, status=201)

    @extend_schema(responses=ArrearsSerializer(many=True))
    @action(detail=False, methods=["get"], **PLAIN_LIST)
    def arrears(self, request):
        rows = queries.arrears_by_department(FundAccount.objects.visible_to(request.user))
        return Response(
            ArrearsSerializer(
                [
                    {**r, "department": str(r["department"]) if r["department"] else None}
                    for r in rows
                ],
                many=True,
            ).data
        )


class FundTransferViewSet(ScopedReadOnlyViewSet):
    queryset = FundTransfer.objects.all()
    serializer_class = FundTransferSerializer
    filterset_fields = ["account"]


class LedgerViewSet(ActionPermissions, ScopedViewSet):
    """Ledgers communities are asked to keep; `decide` cancels, merges or keeps one;
    `export?kind=dibao|elderly80|disability|veteran` generates the .xlsx from the registry
    (without `kind`: every generated ledger, one sheet each)."""

    queryset = Ledger.objects.all()
    serializer_class = LedgerSerializer
    select_related = ("department", "merged_into")
    filterset_fields = ["street", "department", "decision", "category", "generated"]
    action_permissions = {"decide": "access.change_ledger", "export": "access.export_ledger"}
    # A workload within a month's hours.
    schema_examples = {
        name: [{"hours_per_month": "4.0"}] for name in ("create", "update", "partial_update")
    }

    def save_object(self, instance, related):
        if instance.pk:
            return actions.do_save_ledger(self.request.user, instance)
        return actions.do_create_ledger(self.request.user, instance)

    def perform_destroy(self, instance):
        actions.do_delete_ledger(self.request.user, instance)

    @extend_schema(request=LedgerDecisionSerializer, responses=LedgerSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        ledger = self.get_object()  # out of scope: 404 before any input error
        data = LedgerDecisionSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        ledger = actions.do_decide_ledger(
            request.user,
            ledger,
            data.validated_data["decision"],
            merged_into=data.validated_data.get("merged_into"),
        )
        return Response(LedgerSerializer(ledger).data)

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "kind",
                str,
                enum=Ledger.Generated.values,
                description="One generated ledger; without it, every one (a sheet each).",
            )
        ],
        responses={
            (
                200,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ): OpenApiTypes.BINARY
        },
    )
    @action(detail=False, methods=["get"])
    def export(self, request):
        kind = request.query_params.get("kind") or None
        if kind is not None and kind not in Ledger.Generated.values:
            raise serializers.ValidationError({"kind": [_("Unknown generated ledger.")]})
        data = exports.export_ledger(kind, request.user)
        response = HttpResponse(
            data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response["Content-Disposition"] = (
            f'attachment; filename="ledger-{kind or "all"}-{timezone.localdate():%Y%m%d}.xlsx"'
        )
        return response


class PlaqueViewSet(ActionPermissions, ScopedViewSet):
    """Plaques hung at communities. `take_down` records the day one came down (摘牌; the
    record stays); DELETE is for a record entered by mistake; `violations` checks the rule."""

    queryset = Plaque.objects.all()
    serializer_class = PlaqueSerializer
    select_related = ("community",)
    filterset_fields = ["community", "kind"]
    action_permissions = {
        "violations": "access.view_plaque",
        "take_down": "access.change_plaque",
    }
    # Taken down after it was hung, by today; still hanging.
    schema_examples = {"take_down": [{"removed_on": "2026-12-01"}]}
    schema_states = {"take_down": [api_schema.state_rule([None], field="removed_on")]}

    def save_object(self, instance, related):
        instance = actions.save_plaque(self.request.user, instance)
        if (
            not self.get_queryset().filter(pk=instance.pk).exists()
        ):  # pragma: no cover - scoped field
            raise Http404
        return instance

    def perform_destroy(self, instance):
        actions.do_delete_plaque(self.request.user, instance)

    @extend_schema(request=TakeDownSerializer, responses=PlaqueSerializer)
    @action(detail=True, methods=["post"], url_path="take-down")
    def take_down(self, request, pk=None):
        plaque = self.get_object()  # out of scope: 404 before any input error
        data = TakeDownSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        plaque = actions.do_take_down_plaque(
            request.user, plaque, on=data.validated_data["removed_on"]
        )
        return Response(PlaqueSerializer(plaque, context=self.get_serializer_context()).data)

    @extend_schema(responses=PlaqueCheckSerializer(many=True))
    @action(detail=False, methods=["get"], **PLAIN_LIST)
    def violations(self, request):
        checks = figures.plaque_checks(Community.objects.visible_to(request.user))
        rows = [
            {
                "community": c.community,
                "count": c.count,
                "limit": c.limit,
                "over_limit": c.over_limit,
                "not_allowed": [p.name for p in c.not_allowed],
                "violation": c.violation,
            }
            for c in checks
        ]
        return Response(PlaqueCheckSerializer(rows, many=True).data)


class AccessPolicyViewSet(ScopedViewSet):
    queryset = AccessPolicy.objects.all()
    serializer_class = AccessPolicySerializer
    filterset_fields = ["street"]
    # One policy per street: a new one is for a street without one (`x-states`).
    schema_states = {"create": [api_schema.state_rule([None], of="street", field="access_policy")]}

    def save_object(self, instance, related):
        save = actions.do_update_policy if instance.pk else actions.do_create_policy
        return save(self.request.user, instance)

    def perform_destroy(self, instance):
        actions.do_delete_policy(self.request.user, instance)


class ReviewLevelViewSet(ScopedViewSet):
    queryset = ReviewLevel.objects.all()
    serializer_class = ReviewLevelSerializer
    filterset_fields = ["street"]
    # Only department staff name a department; a level keeps its number while applications
    # are under review at it.
    schema_examples = {
        key: [{"department": None}, {"role": "department_staff"}]
        for key in ("create", "update", "partial_update")
    }
    schema_unchanged = ("order",)

    def save_object(self, instance, related):
        save = actions.do_update_review_level if instance.pk else actions.do_create_review_level
        return save(self.request.user, instance)

    def perform_destroy(self, instance):
        actions.do_delete_review_level(self.request.user, instance)


class DashboardView(APIView):
    """Burden-dashboard figures in the user's scope; `?street=` or `?community=` narrows."""

    required_permission = "access.view_admittedaffair"

    @extend_schema(
        parameters=[OpenApiParameter("street", int), OpenApiParameter("community", int)],
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request):
        street = community = None
        if request.query_params.get("street"):
            street = _visible(Street, request.user, request.query_params["street"])
        if request.query_params.get("community"):
            community = _visible(Community, request.user, request.query_params["community"])
        return Response(figures.burden_stats(request.user, street=street, community=community))
