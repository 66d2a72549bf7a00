"""REST endpoints of social organizations and residents' leaders under /api/civil/…:
organizations (create, edit, one POST per incubation step, contact accounts), their members,
the support given, annual assessments, and leaders (recognize, end). Rows come from
`visible_to` (an organization's contact sees their own organizations only: civil.scoping);
writes go through civil.actions (400 `{"field": [{"code", "message"}]}`, nothing written)."""

from decimal import Decimal

from django.core.validators import RegexValidator
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from gongzhi.civil.actions import leaders as leader_actions
from gongzhi.civil.actions import orgs as actions
from gongzhi.civil.choices import LeaderKind, LegalStatus, SupportKind
from gongzhi.civil.models import Assessment, Leader, Membership, Organization, Support
from gongzhi.core import api_schema
from gongzhi.core.api import ScopedModelSerializer
from gongzhi.core.viewsets import ScopedViewSet

# The unified social credit code (GB 32100-2015): 8 digits, then 10 characters of the code's
# alphabet (no I, O, S, V, Z), the last a check digit; "" for an organization filed at the
# street. The check digit is the action's rule (civil_credit_code).
CREDIT_CODE_PATTERN = r"^(?:[0-9]{8}[0-9A-HJ-NP-RTUWXY]{10})?$"
# A code with a correct check digit that the demo does not use (the examples' registered body).
EXAMPLE_CREDIT_CODE = "91110108MA01Y8QX3E"


@extend_schema_field(
    {"type": "string", "pattern": CREDIT_CODE_PATTERN, "maxLength": 18}
)  # "" is in the pattern: one schema, not a oneOf with the blank string
class CreditCodeField(serializers.CharField):
    """The code, or null for a filed organization (stored as "")."""


class OrganizationSerializer(ScopedModelSerializer):
    credit_code = CreditCodeField(
        max_length=18,
        required=False,
        allow_null=True,
        validators=[RegexValidator(CREDIT_CODE_PATTERN)],
        help_text="统一社会信用代码: required (with a valid check digit) when registered.",
    )
    contact_phone = serializers.CharField(
        max_length=20, required=False, allow_blank=True, write_only=True
    )
    contact_phone_masked = serializers.CharField(read_only=True)
    member_count = serializers.SerializerMethodField()

    class Meta:
        model = Organization
        fields = [
            "id",
            "street",
            "community",
            "name",
            "kind",
            "legal_status",
            "credit_code",
            "filing_number",
            "founded_on",
            "description",
            "leader",
            "leader_name",
            "contact_name",
            "contact_phone",
            "contact_phone_masked",
            "places",
            "stage",
            "active",
            "accounts",
            "member_count",
        ]
        read_only_fields = ["stage", "accounts"]
        validators: list = []  # uniqueness is the action's coded refusal

    def validate(self, attrs):
        if "credit_code" in attrs and attrs["credit_code"] is None:
            attrs["credit_code"] = ""  # none: a filed organization
        return attrs

    def get_member_count(self, org) -> int:
        return org.members.filter(active=True).count()


class StepInput(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, max_length=4000)


class ReasonInput(serializers.Serializer):
    note = serializers.CharField(min_length=1, max_length=4000)


class AccountsInput(serializers.Serializer):
    accounts = serializers.ListField(
        child=serializers.IntegerField(min_value=1), max_length=20, help_text="User ids."
    )


class MembershipSerializer(ScopedModelSerializer):
    name = serializers.CharField(max_length=50, required=False, allow_blank=True)

    class Meta:
        model = Membership
        fields = ["id", "organization", "resident", "name", "joined_on", "active"]
        validators: list = []  # uniqueness is the action's coded refusal


class SupportSerializer(ScopedModelSerializer):
    amount = serializers.DecimalField(
        max_digits=12, decimal_places=2, min_value=Decimal("0.01"), required=False, allow_null=True
    )

    class Meta:
        model = Support
        fields = ["id", "organization", "kind", "given_on", "description", "amount"]


class AssessmentSerializer(ScopedModelSerializer):
    year = serializers.IntegerField(min_value=actions.FIRST_YEAR)
    score = serializers.DecimalField(
        max_digits=4,
        decimal_places=1,
        min_value=Decimal(0),
        max_value=Decimal(100),
        required=False,
        allow_null=True,
    )

    class Meta:
        model = Assessment
        fields = ["id", "organization", "year", "score", "grade", "note", "assessed_by"]
        read_only_fields = ["assessed_by"]
        validators: list = []  # one a year: the action's coded refusal

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].max_value = timezone.localdate().year


class LeaderSerializer(ScopedModelSerializer):
    class Meta:
        model = Leader
        fields = [
            "id",
            "resident",
            "community",
            "kind",
            "building",
            "organization",
            "group_name",
            "since",
            "active",
        ]
        read_only_fields = ["community", "active"]


def _step_endpoint(step: str):
    spec = actions.TRANSITIONS[step]
    body = ReasonInput if spec.note_required else StepInput

    def endpoint(self, request, pk=None):
        org = self.get_object()
        data = body(data=request.data)
        data.is_valid(raise_exception=True)
        actions.STEP_ACTIONS[step](request.user, org, data.validated_data.get("note", ""))
        return Response(self._answer(org))

    endpoint.__name__ = f"step_{step}"
    endpoint = action(detail=True, methods=["post"], url_path=step)(endpoint)
    return extend_schema(request=body, responses=OrganizationSerializer, summary=str(spec.label))(
        endpoint
    )


_FILED = {
    "legal_status": LegalStatus.FILED,
    "credit_code": None,
    "filing_number": "街道备案2026-01",
}
_ORG_EXAMPLES = [
    {**_FILED, "founded_on": "2020-05-01", "leader": None, "contact_phone": "13912345678"},
    {
        "legal_status": LegalStatus.REGISTERED,
        "credit_code": EXAMPLE_CREDIT_CODE,
        "filing_number": "",
        "founded_on": None,
        "leader": None,
    },
]


class OrganizationViewSet(ScopedViewSet):
    """Social organizations in the user's area (a contact: their own). POST creates one;
    each incubation step is a POST on the organization."""

    queryset = Organization.objects.all()
    serializer_class = OrganizationSerializer
    filterset_fields = ["street", "community", "kind", "legal_status", "stage", "active"]
    search_fields = ["name"]
    select_related = ("street", "community")
    prefetch_related = ("accounts",)
    http_method_names = ["get", "post", "patch", "head", "options"]
    # Contact accounts are users holding the role social_org_contact (no list of them in
    # the API to pick from): the example clears them.
    schema_examples = {
        "create": _ORG_EXAMPLES,
        "partial_update": _ORG_EXAMPLES,
        "set_accounts": [{"accounts": []}],
    }
    schema_states = {
        f"step_{step}": [api_schema.states(actions.MACHINE, step)] for step in actions.TRANSITIONS
    }

    step_apply = _step_endpoint("apply")
    step_admit = _step_endpoint("admit")
    step_graduate = _step_endpoint("graduate")
    step_withdraw = _step_endpoint("withdraw")

    @property
    def required_permission(self):
        name = getattr(self, "action", None) or ""
        step = name.removeprefix("step_")
        if step in actions.STEP_PERMISSION:
            return actions.STEP_PERMISSION[step]
        if name == "set_accounts":
            return "civil.add_organization"
        return None

    def _answer(self, org):
        fresh = self.get_queryset().filter(pk=org.pk).first()
        return OrganizationSerializer(fresh or Organization.objects.get(pk=org.pk)).data

    def save_object(self, instance, related):
        save = actions.do_update_organization if instance.pk else actions.do_create_organization
        return save(self.request.user, instance)

    @extend_schema(request=AccountsInput, responses=OrganizationSerializer)
    @action(detail=True, methods=["post"], url_path="accounts")
    def set_accounts(self, request, pk=None):
        """The log-ins (role social_org_contact) that manage the organization."""
        org = self.get_object()
        data = AccountsInput(data=request.data)
        data.is_valid(raise_exception=True)
        users = list(org.accounts.model.objects.filter(pk__in=data.validated_data["accounts"]))
        if len(users) != len(set(data.validated_data["accounts"])):
            raise serializers.ValidationError(
                {"accounts": [serializers.ErrorDetail("Unknown user.", code="does_not_exist")]}
            )
        actions.do_set_accounts(request.user, org, users)
        return Response(self._answer(org))


class MembershipViewSet(ScopedViewSet):
    """Members of the organizations the user sees: a registry resident or a name."""

    queryset = Membership.objects.all()
    serializer_class = MembershipSerializer
    filterset_fields = ["organization", "resident", "active"]
    search_fields = ["name"]
    http_method_names = ["get", "post", "patch", "head", "options"]
    schema_examples = {
        "create": [{"resident": None, "name": "王秀英", "joined_on": None}],
        "partial_update": [{"resident": None, "name": "王秀英", "joined_on": None}],
    }

    def save_object(self, instance, related):
        save = actions.do_update_member if instance.pk else actions.do_add_member
        return save(self.request.user, instance)


class _AddOnly(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    get_queryset = ScopedViewSet.get_queryset

    def perform_create(self, serializer):
        """The new record through the view's `save_object` (an action)."""
        instance = self.queryset.model(**serializer.validated_data)
        serializer.instance = self.save_object(instance, {})

    def save_object(self, instance, related):  # pragma: no cover - every subclass has one
        raise NotImplementedError

    select_related: tuple[str, ...] = ()
    prefetch_related: tuple[str, ...] = ()


class SupportViewSet(_AddOnly):
    """Support the incubator gave (space, money, training): added, never edited."""

    queryset = Support.objects.all()
    serializer_class = SupportSerializer
    filterset_fields = ["organization", "kind"]
    schema_examples = {
        "create": [
            {"kind": SupportKind.MONEY, "amount": "5000.00"},
            {"kind": SupportKind.SPACE, "amount": None},
            {"kind": SupportKind.TRAINING, "amount": None},
        ]
    }

    def save_object(self, instance, related):
        return actions.do_add_support(self.request.user, instance)


class AssessmentViewSet(_AddOnly):
    """Annual assessments (年度评估): one per organization and year."""

    queryset = Assessment.objects.all()
    serializer_class = AssessmentSerializer
    filterset_fields = ["organization", "year", "grade"]
    # A year the demo assessed no organization in.
    schema_examples = {"create": [{"year": 2003}, {"year": 2004}]}

    def save_object(self, instance, related):
        return actions.do_assess(self.request.user, instance)


class LeaderViewSet(_AddOnly):
    """Residents' leaders and what they lead; `end` closes a leadership."""

    queryset = Leader.objects.all()
    serializer_class = LeaderSerializer
    filterset_fields = ["community", "kind", "building", "organization", "resident", "active"]
    select_related = ("resident", "building", "organization")
    schema_states = {
        "create": [api_schema.state_rule(["active"], of="resident")],
        "end": [api_schema.state_rule([True], field="active")],
    }
    schema_examples = {
        "create": [
            {
                "kind": LeaderKind.RESIDENT_LEADER,
                "building": None,
                "organization": None,
                "group_name": "太极拳队",
                "since": None,
            },
            {
                "kind": LeaderKind.VOLUNTEER_CORE,
                "building": None,
                "organization": None,
                "group_name": "邻里互助队",
                "since": "2024-03-01",
            },
        ]
    }

    @property
    def required_permission(self):
        return "civil.change_leader" if getattr(self, "action", None) == "end" else None

    def save_object(self, instance, related):
        return leader_actions.do_recognize_leader(self.request.user, instance)

    @extend_schema(request=StepInput, responses=LeaderSerializer)
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        """The leadership ends (kept for the record)."""
        leader = self.get_object()
        data = StepInput(data=request.data)
        data.is_valid(raise_exception=True)
        leader_actions.do_end_leadership(request.user, leader, data.validated_data.get("note", ""))
        leader.refresh_from_db()
        return Response(LeaderSerializer(leader).data)
