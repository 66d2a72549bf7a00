"""The services API's serializers: what each endpoint reads and writes."""

from rest_framework import serializers

from gongzhi.core.api import ScopedModelSerializer, ScopedPrimaryKeyRelatedField
from gongzhi.org.models import Community, Department
from gongzhi.registry.models import Resident
from gongzhi.services import actions, catalog
from gongzhi.services.models import (
    Category,
    ItemField,
    Opinion,
    Rating,
    RequestTransition,
    ServiceItem,
    ServiceRequest,
    Supervision,
)


class CategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = Category
        fields = ["id", "name", "order"]


class ItemFieldSerializer(serializers.ModelSerializer):
    class Meta:
        model = ItemField
        fields = ["id", "code", "label", "kind", "required", "choices", "help_text", "order"]


class ServiceItemSerializer(ScopedModelSerializer):
    fields = ItemFieldSerializer(many=True, read_only=True)

    class Meta:
        model = ServiceItem
        fields = [
            "id",
            "code",
            "name",
            "category",
            "department",
            "handled_at",
            "delegated_approval",
            "description",
            "keywords",
            "materials",
            "time_limit_days",
            "fee",
            "online",
            "active_from",
            "active_until",
            "fields",
        ]

    def validate(self, attrs):
        # The same rules as the catalog screens (services.catalog).
        probe = catalog.item_as_saved(
            attrs, self.instance, attrs.get("materials", getattr(self.instance, "materials", None))
        )
        catalog.validate_item(probe)
        if "materials" in attrs:
            attrs["materials"] = probe.materials
        return attrs


class ItemFieldWriteSerializer(ScopedModelSerializer):
    class Meta:
        model = ItemField
        fields = [
            "id",
            "item",
            "code",
            "label",
            "kind",
            "required",
            "choices",
            "help_text",
            "order",
        ]

    def validate(self, attrs):
        # The same rules as the catalog screens (services.catalog).
        probe = ItemField(
            **{
                name: attrs.get(name, getattr(self.instance, name, None))
                for name in ("kind", "label", "help_text", "choices")
            }
        )
        probe.kind = probe.kind or ItemField.Kind.TEXT
        catalog.validate_field(probe)
        attrs["choices"] = probe.choices
        return attrs


class StepSerializer(serializers.ModelSerializer):
    class Meta:
        model = RequestTransition
        fields = ["id", "action", "from_status", "to_status", "actor_name", "at", "note"]


class ServiceRequestSerializer(serializers.ModelSerializer):
    applicant_phone = serializers.CharField(source="applicant_phone_masked", read_only=True)
    deadline = serializers.CharField(source="deadline_state", read_only=True)

    class Meta:
        model = ServiceRequest
        fields = [
            "id",
            "tracking_code",
            "item",
            "street",
            "community",
            "resident",
            "applicant_name",
            "applicant_phone",
            "channel",
            "status",
            "status_note",
            "description",
            "values",
            "materials_received",
            "address",
            "submitted_at",
            "due_date",
            "paused_days",
            "deadline",
            "handled_by",
            "transferred_to",
            "transferred_to_department",
            "result",
            "completed_at",
            "on_time",
            "supervised",
            "decision",
            "decision_text",
            "decided_by",
            "decided_at",
        ]
        read_only_fields = fields


class ServiceRequestCreateSerializer(serializers.Serializer):
    item = serializers.PrimaryKeyRelatedField(queryset=ServiceItem.objects.all())
    community = ScopedPrimaryKeyRelatedField(queryset=Community.objects.all())
    resident = ScopedPrimaryKeyRelatedField(
        queryset=Resident.objects.all(), required=False, allow_null=True
    )
    applicant_name = serializers.CharField(max_length=50, required=False, allow_blank=True)
    applicant_phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    values = serializers.DictField(required=False)
    materials = serializers.ListField(child=serializers.CharField(), required=False)
    description = serializers.CharField(required=False, allow_blank=True, max_length=4000)


class TransitionInputSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=list(actions.STAFF_ACTIONS) + ["withdraw"])
    note = serializers.CharField(required=False, allow_blank=True)
    department = serializers.PrimaryKeyRelatedField(
        queryset=Department.objects.all(), required=False, allow_null=True
    )
    transferred_to = serializers.CharField(required=False, allow_blank=True, max_length=100)


class RatingSerializer(ScopedModelSerializer):
    class Meta:
        model = Rating
        fields = ["id", "request", "stars", "comment", "channel", "recorded_by", "at"]
        read_only_fields = ["channel", "recorded_by", "at"]


class SupervisionSerializer(ScopedModelSerializer):
    class Meta:
        model = Supervision
        fields = ["id", "request", "by", "note", "at"]
        read_only_fields = ["by", "at"]


class OpinionSerializer(ScopedModelSerializer):
    class Meta:
        model = Opinion
        fields = [
            "id",
            "community",
            "topic",
            "content",
            "raised_by",
            "status",
            "answer",
            "request",
            "created_at",
        ]
        read_only_fields = ["status", "answer", "request", "created_at"]


class MyRequestCreateSerializer(serializers.Serializer):
    item = serializers.PrimaryKeyRelatedField(queryset=ServiceItem.objects.all())
    applicant_name = serializers.CharField(max_length=50, required=False, allow_blank=True)
    applicant_phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    values = serializers.DictField(required=False)
    description = serializers.CharField(required=False, allow_blank=True, max_length=4000)


class MyRequestSerializer(serializers.ModelSerializer):
    """A resident's own request: what the phone page shows."""

    item_name = serializers.CharField(source="item.name", read_only=True)
    deadline = serializers.CharField(source="deadline_state", read_only=True)

    class Meta:
        model = ServiceRequest
        fields = [
            "id",
            "tracking_code",
            "item",
            "item_name",
            "channel",
            "status",
            "status_note",
            "description",
            "values",
            "submitted_at",
            "due_date",
            "deadline",
            "result",
            "completed_at",
        ]
        read_only_fields = fields


class WithdrawInputSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, max_length=4000)


class RateInputSerializer(serializers.Serializer):
    stars = serializers.IntegerField(min_value=1, max_value=5)
    comment = serializers.CharField(required=False, allow_blank=True, max_length=1000)
