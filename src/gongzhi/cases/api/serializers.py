"""Serializers of cases: shape and types only (the schema shows every limit); writes go
through actions from the views."""

from django.utils.translation import gettext as _
from rest_framework import serializers

from gongzhi.cases.actions.flow import MAX_EXTENSION, TRANSITIONS
from gongzhi.cases.choices import REPORT_CHANNELS, Urgency
from gongzhi.cases.models import Case, CasePhoto, CaseStep, Category, HandlingUnit
from gongzhi.core.api import ScopedPrimaryKeyRelatedField
from gongzhi.core.errors import Common
from gongzhi.core.photos import MAX_PHOTOS
from gongzhi.org.models import Community, Grid
from gongzhi.registry.models import Building, Household


class CaseCategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = Category
        fields = [
            "id",
            "parent",
            "kind",
            "code",
            "name",
            "name_en",
            "default_unit_kind",
            "default_unit",
            "urgent",
            "accept_limit",
            "accept_unit",
            "dispatch_limit",
            "dispatch_unit",
            "handle_limit",
            "handle_unit",
            "verify_limit",
            "verify_unit",
            "verify_on_site",
            "active",
        ]
        read_only_fields = fields


class CaseUnitSerializer(serializers.ModelSerializer):
    class Meta:
        model = HandlingUnit
        fields = [
            "id",
            "street",
            "kind",
            "name",
            "community",
            "street_unit",
            "department",
            "active",
        ]
        read_only_fields = fields


class CaseStepSerializer(serializers.ModelSerializer):
    class Meta:
        model = CaseStep
        fields = ["id", "step", "from_status", "to_status", "actor_name", "at", "note"]
        read_only_fields = fields


class CasePhotoSerializer(serializers.ModelSerializer):
    class Meta:
        model = CasePhoto
        fields = ["id", "stage", "created_at"]
        read_only_fields = fields


class CaseSerializer(serializers.ModelSerializer):
    reporter_phone = serializers.CharField(source="reporter_phone_masked", read_only=True)
    deadline = serializers.CharField(source="deadline_state", read_only=True)

    class Meta:
        model = Case
        fields = [
            "id",
            "number",
            "channel",
            "hotline_ticket",
            "category",
            "description",
            "urgency",
            "lat",
            "lng",
            "address",
            "street",
            "community",
            "grid",
            "building",
            "household",
            "reporter_name",
            "reporter_phone",
            "status",
            "status_note",
            "unit",
            "duplicate_of",
            "reported_at",
            "accepted_at",
            "dispatched_at",
            "handled_at",
            "closed_at",
            "due_accept",
            "due_dispatch",
            "due_handle",
            "due_verify",
            "deadline",
            "rework_count",
            "reopened",
            "extension_requested",
            "hold_review_date",
            "stars",
            "remind_count",
            "reminded_at",
            "supervise_count",
            "supervised_at",
            "overdue_since",
            "hotline_received_at",
        ]
        read_only_fields = fields


class CaseCreateSerializer(serializers.Serializer):
    """A new case from any channel but Open311 (its adapter has its own door)."""

    channel = serializers.ChoiceField(choices=REPORT_CHANNELS)
    hotline_ticket = serializers.CharField(required=False, allow_blank=True, max_length=40)
    category = serializers.PrimaryKeyRelatedField(queryset=Category.objects.all())
    description = serializers.CharField(max_length=2000)
    urgency = serializers.ChoiceField(choices=Urgency.choices, required=False)
    # null or left out: not given (where the case is: a location, a grid or a community)
    lat = serializers.DecimalField(
        max_digits=9,
        decimal_places=6,
        min_value=-90,
        max_value=90,
        required=False,
        allow_null=True,
    )
    lng = serializers.DecimalField(
        max_digits=9,
        decimal_places=6,
        min_value=-180,
        max_value=180,
        required=False,
        allow_null=True,
    )
    address = serializers.CharField(required=False, allow_blank=True, max_length=200)
    grid = ScopedPrimaryKeyRelatedField(
        queryset=Grid.objects.all(), required=False, allow_null=True
    )
    community = ScopedPrimaryKeyRelatedField(
        queryset=Community.objects.all(), required=False, allow_null=True
    )
    building = ScopedPrimaryKeyRelatedField(
        queryset=Building.objects.all(), required=False, allow_null=True
    )
    household = ScopedPrimaryKeyRelatedField(
        queryset=Household.objects.all(), required=False, allow_null=True
    )
    reporter_name = serializers.CharField(required=False, allow_blank=True, max_length=50)
    reporter_phone = serializers.CharField(required=False, allow_blank=True, max_length=30)
    photos = serializers.ListField(
        child=serializers.FileField(), required=False, max_length=MAX_PHOTOS
    )
    accept_outside = serializers.BooleanField(
        required=False,
        default=False,
        help_text="a dispatcher accepts a location outside the street's grids "
        "(anyone else is refused with case_outside_grids)",
    )


# --- the input of each step (field names are the actions' keyword arguments) ----------------


class NoteInput(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, max_length=4000)


class RequiredNote(serializers.CharField):
    """The note of a step that needs one (a reason, a result): left out or blank, it is
    refused with the state machine's own code and wording, as the screens refuse it."""

    error_code_map = {"required": Common.NOTE_REQUIRED, "blank": Common.NOTE_REQUIRED}

    def __init__(self, what, **kwargs):
        self.what = what
        super().__init__(max_length=4000, **kwargs)

    def fail(self, key, **kwargs):
        if key in self.error_code_map:
            message = _("Please give the %(what)s.") % {"what": self.what}
            raise serializers.ValidationError(message, code=self.error_code_map[key])
        super().fail(key, **kwargs)


class UnitInput(NoteInput):
    unit = serializers.PrimaryKeyRelatedField(
        queryset=HandlingUnit.objects.all(), required=False, allow_null=True
    )


class MergeInput(NoteInput):
    main = ScopedPrimaryKeyRelatedField(queryset=Case.objects.all())


class HoldInput(NoteInput):
    review_date = serializers.DateField()


class ExtensionInput(NoteInput):
    amount = serializers.IntegerField(min_value=1, max_value=MAX_EXTENSION)


class PhotoInput(NoteInput):
    photos = serializers.ListField(
        child=serializers.FileField(), required=False, max_length=MAX_PHOTOS
    )


class CaseRateInput(NoteInput):
    stars = serializers.IntegerField(min_value=1, max_value=5)


STEP_INPUTS = {
    "dispatch": UnitInput,
    "decide_dispute": UnitInput,
    "merge": MergeInput,
    "hold": HoldInput,
    "request_extension": ExtensionInput,
    "report_done": PhotoInput,
    "pass_verification": PhotoInput,
    "fail_verification": PhotoInput,
    "rate": CaseRateInput,
}


def step_input(step: str) -> type[serializers.Serializer]:
    """The input of a step: its own fields, and a required note where the step needs one
    (the schema then says so: `required`, `minLength`)."""
    base = STEP_INPUTS.get(step, NoteInput)
    spec = TRANSITIONS[step]
    if not spec.note_required:
        return base
    name = "Case" + "".join(part.capitalize() for part in step.split("_")) + "Input"
    return type(name, (base,), {"note": RequiredNote(spec.note_label), "__module__": __name__})
