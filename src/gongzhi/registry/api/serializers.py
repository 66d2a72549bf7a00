"""REST serializers of the registry. ID numbers and phones are written in plain text and only
ever read back masked; related ids are accepted only inside the user's area."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from gongzhi.core.api import RecordIdField, ScopedModelSerializer
from gongzhi.core.masking import birth_year
from gongzhi.registry import choices
from gongzhi.registry.models import (
    Building,
    Dwelling,
    Household,
    Resident,
    ResidentEvent,
    ResidentTag,
    Tag,
    Visit,
)


class BuildingSerializer(ScopedModelSerializer):
    class Meta:
        model = Building
        fields = [
            "id",
            "community",
            "grid",
            "estate",
            "name",
            "address",
            "kind",
            "floors",
            "units",
            "lat",
            "lng",
            "household_count",
        ]
        read_only_fields = ["household_count"]
        validators = []  # the unique address is checked by registry.actions


class DwellingSerializer(ScopedModelSerializer):
    class Meta:
        model = Dwelling
        fields = ["id", "building", "unit", "floor", "number", "area"]


class HouseholdSerializer(ScopedModelSerializer):
    member_count = serializers.SerializerMethodField()

    class Meta:
        model = Household
        fields = [
            "id",
            "community",
            "grid",
            "building",
            "dwelling",
            "number",
            "kind",
            "address",
            "head",
            "active",
            "member_count",
        ]
        read_only_fields = ["community", "grid", "head", "active"]
        validators = []
        extra_kwargs = {
            "address": {"required": False, "allow_blank": True},
            "building": {"required": True, "allow_null": False},
        }

    def get_member_count(self, obj) -> int:
        return obj.members.filter(status=choices.ResidentStatus.ACTIVE).count()


class ResidentTagSerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="tag.code", read_only=True)
    name = serializers.CharField(source="tag.name", read_only=True)

    class Meta:
        model = ResidentTag
        fields = ["code", "name", "grade", "since", "note"]


class ResidentSerializer(ScopedModelSerializer):
    id_number = serializers.CharField(
        write_only=True,
        required=True,
        max_length=30,
        help_text=_("Written only; read back masked."),
    )
    phone = serializers.CharField(write_only=True, required=False, allow_blank=True, max_length=30)
    id_number_masked = serializers.CharField(read_only=True)
    phone_masked = serializers.CharField(read_only=True)
    # The birth year only, never the date (nor the last four of the ID number): with the
    # masked number they would rebuild it (core.masking). The full number, and with it the
    # date, is shown only by the audited reveal.
    birth_year = serializers.SerializerMethodField()
    tags = ResidentTagSerializer(source="tag_links", many=True, read_only=True)

    class Meta:
        model = Resident
        fields = [
            "id",
            "community",
            "grid",
            "household",
            "relation",
            "name",
            "name_pinyin",
            "id_number",
            "id_number_masked",
            "birth_year",
            "sex",
            "phone",
            "phone_masked",
            "ethnicity",
            "residence_type",
            "living_here_since",
            "political_status",
            "education",
            "employment",
            "deprived_of_political_rights",
            "status",
            "died_on",
            "tags",
        ]
        read_only_fields = [
            "grid",
            "name_pinyin",
            "sex",
            "status",
            "died_on",
        ]
        validators = []
        extra_kwargs = {"community": {"required": False}, "household": {"required": False}}

    def get_birth_year(self, obj) -> int | None:
        return birth_year(obj.birth_date)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance is not None and not isinstance(self.instance, list | tuple):
            # Updating: moves go through the actions; the ID number may stay as it is.
            for name in ("community", "household"):
                self.fields[name].read_only = True
            self.fields["id_number"].required = False


class TagSerializer(serializers.ModelSerializer):
    class Meta:
        model = Tag
        fields = ["id", "code", "name", "has_grade", "sensitive", "order"]


class ResidentEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = ResidentEvent
        fields = [
            "id",
            "resident",
            "kind",
            "date",
            "from_household",
            "to_household",
            "note",
            "recorded_by",
            "recorded_at",
        ]
        read_only_fields = fields


class VisitSerializer(ScopedModelSerializer):
    class Meta:
        model = Visit
        fields = [
            "id",
            "household",
            "visitor",
            "date",
            "purpose",
            "notes",
            "follow_up_needed",
            "followed_up_at",
        ]
        read_only_fields = ["visitor", "followed_up_at"]


# --- actions ------------------------------------------------------------------------------


class DateNoteSerializer(serializers.Serializer):
    date = serializers.DateField(required=False)
    note = serializers.CharField(required=False, allow_blank=True, max_length=200)


class DeathSerializer(serializers.Serializer):
    died_on = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, max_length=200)


class PhoneSerializer(serializers.Serializer):
    phone = serializers.CharField(allow_blank=True, max_length=30)


class MoveSerializer(DateNoteSerializer):
    household = RecordIdField("registry.household")
    relation = serializers.ChoiceField(
        choices=choices.Relation.choices, required=False, allow_blank=True
    )


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": 4, "nullable": True})
class GradeField(serializers.IntegerField):
    """A special group's grade (a disability's 1–4): the range is the action's rule
    (registry.actions.tags: grade_range), which the schema says."""


class TagSetSerializer(serializers.Serializer):
    tag = serializers.SlugRelatedField(slug_field="code", queryset=Tag.objects.all())
    grade = GradeField(required=False, allow_null=True)
    since = serializers.DateField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, max_length=200)
    remove = serializers.BooleanField(required=False, default=False)


class SplitSerializer(DateNoteSerializer):
    members = serializers.ListField(child=RecordIdField("registry.resident"), allow_empty=False)
    number = serializers.CharField(max_length=32)
    head = RecordIdField("registry.resident", required=False, allow_null=True)
    address = serializers.CharField(required=False, allow_blank=True, max_length=200)


class MergeSerializer(DateNoteSerializer):
    source = RecordIdField("registry.household")


class HeadSerializer(serializers.Serializer):
    head = RecordIdField("registry.resident", allow_null=True)
