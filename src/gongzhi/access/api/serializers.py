"""The access API's serializers: what each endpoint reads and writes."""

from django.utils.translation import gettext_lazy
from rest_framework import serializers

from gongzhi.access.errors import Code
from gongzhi.access.models import (
    AccessPolicy,
    AdmittedAffair,
    Application,
    ApplicationTransition,
    CommunityTask,
    FundAccount,
    FundTransfer,
    Ledger,
    Plaque,
    ReviewLevel,
)
from gongzhi.core.api import RuleChoiceField, ScopedModelSerializer, ScopedPrimaryKeyRelatedField
from gongzhi.org.models import Community
from gongzhi.org.roles import STREET_ROLES


class TransitionSerializer(serializers.ModelSerializer):
    actor = serializers.StringRelatedField(allow_null=True)  # none for the system's own steps

    class Meta:
        model = ApplicationTransition
        fields = [
            "id",
            "decision",
            "from_status",
            "to_status",
            "level",
            "actor",
            "at",
            "reason",
            "override",
        ]


class ApplicationSerializer(ScopedModelSerializer):
    is_overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = Application
        fields = [
            "id",
            "street",
            "department",
            "title",
            "content",
            "legal_basis",
            "body",
            "communities",
            "start_date",
            "end_date",
            "hours_per_month",
            "funding",
            "funding_per_community",
            "funding_source",
            "personnel",
            "personnel_count",
            "personnel_note",
            "service_support",
            "task_definition",
            "attachment",
            "status",
            "level",
            "submitted_on",
            "decision_due",
            "is_overdue",
            "meets_four_sync",
            "override_reason",
        ]
        read_only_fields = [
            "status",
            "level",
            "submitted_on",
            "decision_due",
            "meets_four_sync",
            "override_reason",
        ]
        # Date order and amounts are checked by access.actions (one place, field errors).
        validators: list = []


class DecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=["approve", "return", "reject"])
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    override_reason = serializers.CharField(required=False, allow_blank=True, default="")


class AdmitSerializer(serializers.Serializer):
    valid_from = serializers.DateField(required=False, allow_null=True, default=None)
    valid_until = serializers.DateField(required=False, allow_null=True, default=None)


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class AdmittedAffairSerializer(ScopedModelSerializer):
    in_force = serializers.BooleanField(
        read_only=True, help_text="In force today, by status and validity dates."
    )

    class Meta:
        model = AdmittedAffair
        fields = [
            "id",
            "street",
            "application",
            "department",
            "number",
            "name",
            "body",
            "category",
            "description",
            "legal_basis",
            "communities",
            "valid_from",
            "valid_until",
            "status",
            "in_force",
            "ended_on",
            "end_reason",
        ]


class CommunityTaskSerializer(ScopedModelSerializer):
    class Meta:
        model = CommunityTask
        fields = [
            "id",
            "community",
            "affair",
            "department",
            "title",
            "description",
            "due_date",
            "admitted",
            "status",
            "refused_at",
            "refusal_reason",
            "disposition",
            "disposition_note",
            "created_at",
        ]


class AssignSerializer(serializers.Serializer):
    affair = ScopedPrimaryKeyRelatedField(
        queryset=AdmittedAffair.objects.all(), allow_null=True, required=False
    )
    communities = ScopedPrimaryKeyRelatedField(queryset=Community.objects.all(), many=True)
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    due_date = serializers.DateField(required=False, allow_null=True, default=None)


class UnadmittedSerializer(serializers.ModelSerializer):
    community = ScopedPrimaryKeyRelatedField(queryset=Community.objects.all())

    class Meta:
        model = CommunityTask
        fields = ["community", "department", "title", "description", "due_date"]


class ClassifySerializer(serializers.Serializer):
    disposition = serializers.ChoiceField(choices=CommunityTask.Disposition.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)


class FundAccountSerializer(ScopedModelSerializer):
    transferred = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)
    outstanding = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)

    class Meta:
        model = FundAccount
        fields = ["id", "affair", "community", "amount_due", "transferred", "outstanding"]


class FundTransferSerializer(ScopedModelSerializer):
    class Meta:
        model = FundTransfer
        fields = ["id", "account", "date", "amount", "voucher"]


class TransferInputSerializer(serializers.Serializer):
    date = serializers.DateField()
    amount = serializers.CharField(
        max_length=30, help_text="Yuan, e.g. 12000.00; positive, at most outstanding."
    )
    voucher = serializers.CharField(max_length=64)


class ArrearsSerializer(serializers.Serializer):
    department = serializers.CharField(allow_null=True)
    due = serializers.DecimalField(max_digits=14, decimal_places=2)
    transferred = serializers.DecimalField(max_digits=14, decimal_places=2)
    outstanding = serializers.DecimalField(max_digits=14, decimal_places=2)


class LedgerSerializer(ScopedModelSerializer):
    class Meta:
        model = Ledger
        fields = [
            "id",
            "street",
            "name",
            "category",
            "department",
            "decision",
            "merged_into",
            "generated",
            "hours_per_month",
            "decided_on",
            "note",
        ]
        read_only_fields = ["decision", "merged_into", "decided_on"]


class LedgerDecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=["cancelled", "merged", "kept"])
    merged_into = ScopedPrimaryKeyRelatedField(
        queryset=Ledger.objects.all(), allow_null=True, required=False
    )


class PlaqueSerializer(ScopedModelSerializer):
    class Meta:
        model = Plaque
        fields = ["id", "community", "name", "kind", "department", "hung_on", "removed_on"]
        validators: list = []


class TakeDownSerializer(serializers.Serializer):
    removed_on = serializers.DateField()


class PlaqueCheckSerializer(serializers.Serializer):
    community = serializers.IntegerField(source="community.pk")
    community_name = serializers.CharField(source="community.name")
    count = serializers.IntegerField()
    limit = serializers.IntegerField()
    over_limit = serializers.BooleanField()
    not_allowed = serializers.ListField(child=serializers.CharField())
    violation = serializers.BooleanField()


class AccessPolicySerializer(ScopedModelSerializer):
    class Meta:
        model = AccessPolicy
        fields = ["id", "street", "lead_days", "decision_days", "plaque_limit", "hours_per_task"]


class ReviewLevelSerializer(ScopedModelSerializer):
    # A level is decided by a role held at the street (the action's rule, as an enum).
    role = RuleChoiceField(
        STREET_ROLES,
        code=Code.LEVEL_ROLE,
        message=gettext_lazy("A review level is decided by a role held at the street."),
    )

    class Meta:
        model = ReviewLevel
        fields = ["id", "street", "order", "name", "role", "department"]
