"""Serializers of civil's volunteers, teams, activities, assignments and ratings: shape and
types only (the schema shows every limit); the rules are the actions'."""

from rest_framework import serializers

from gongzhi.civil.actions.volunteers import CONSENT_VERSIONS, MAX_SLOTS
from gongzhi.civil.models import Activity, Assignment, Rating, Skill, Team, Volunteer
from gongzhi.core.api import RecordValueField, ScopedModelSerializer
from gongzhi.core.api import ScopedPrimaryKeyRelatedField as Scoped
from gongzhi.org.models import Grid

HHMM = r"^([01]\d|2[0-3]):[0-5]\d$"


class VolunteerSkillSerializer(serializers.ModelSerializer):
    class Meta:
        model = Skill
        fields = ["id", "code", "name"]
        read_only_fields = fields


class AvailabilitySlotSerializer(serializers.Serializer):
    weekday = serializers.IntegerField(min_value=0, max_value=6)
    start = serializers.RegexField(HHMM, max_length=5, min_length=5)
    end = serializers.RegexField(HHMM, max_length=5, min_length=5)


class VolunteerSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="resident.name", read_only=True)
    availability = AvailabilitySlotSerializer(many=True, read_only=True)

    class Meta:
        model = Volunteer
        fields = [
            "id",
            "resident",
            "name",
            "community",
            "grid",
            "skills",
            "areas",
            "availability",
            "consent_at",
            "consent_version",
            "active",
            "total_hours",
        ]
        read_only_fields = fields


class VolunteerCreateSerializer(ScopedModelSerializer):
    availability = AvailabilitySlotSerializer(many=True, required=False, max_length=MAX_SLOTS)
    consent_version = serializers.ChoiceField(choices=list(CONSENT_VERSIONS))
    areas = Scoped(queryset=Grid.objects.all(), many=True, required=False)

    class Meta:
        model = Volunteer
        fields = ["resident", "skills", "areas", "availability", "consent_version"]
        # one volunteer per resident: the action refuses it with its own code
        extra_kwargs = {"skills": {"required": False}, "resident": {"validators": []}}


class VolunteerTeamSerializer(serializers.ModelSerializer):
    class Meta:
        model = Team
        fields = ["id", "street", "community", "organization", "name", "members"]
        read_only_fields = fields


class VolunteerTeamCreateSerializer(ScopedModelSerializer):
    class Meta:
        model = Team
        fields = ["name", "community", "organization", "members"]
        extra_kwargs = {"members": {"required": False}}


ACTIVITY_FIELDS = [
    "community",
    "grid",
    "organization",
    "team",
    "kind",
    "title",
    "content",
    "reference",
    "place",
    "lat",
    "lng",
    "starts_at",
    "ends_at",
    "people_needed",
    "skills",
    "for_people_in_need",
]


class ActivitySerializer(serializers.ModelSerializer):
    class Meta:
        model = Activity
        fields = ["id", "street", *ACTIVITY_FIELDS, "status", "coordinator"]
        read_only_fields = fields


class ActivityCreateSerializer(ScopedModelSerializer):
    class Meta:
        model = Activity
        fields = ACTIVITY_FIELDS
        extra_kwargs = {
            "community": {"required": True, "allow_null": False},
            "skills": {"required": False},
        }


class ActivityNoteInput(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, max_length=200)


class ActivityEmptyInput(serializers.Serializer):
    pass


class ActivityDispatchInput(serializers.Serializer):
    volunteers = serializers.ListField(
        child=Scoped(queryset=Volunteer.objects.all()), min_length=1, max_length=100
    )


class DispatchProposalSerializer(serializers.Serializer):
    volunteer_id = serializers.IntegerField()
    name = serializers.CharField()
    score = serializers.FloatField()
    skills_matched = serializers.IntegerField()
    skills_asked = serializers.IntegerField()
    available = serializers.BooleanField()
    place = serializers.ChoiceField(choices=["grid", "area", "community", "street"])
    recent_load = serializers.IntegerField()


class AssignmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Assignment
        fields = [
            "id",
            "activity",
            "volunteer",
            "source",
            "status",
            "answered_at",
            "checked_in_at",
            "checked_out_at",
        ]
        read_only_fields = fields


class ActivitySignUpInput(serializers.Serializer):
    activity = Scoped(queryset=Activity.objects.all())


class CheckInTokenInput(serializers.Serializer):
    # The activity's code at the place, as its QR code carries it.
    token = RecordValueField("civil.activity", "qr_token", max_length=32, min_length=1)


class ActivityRateInput(serializers.Serializer):
    stars = serializers.IntegerField(min_value=1, max_value=5)
    comment = serializers.CharField(required=False, allow_blank=True, max_length=500)


class ActivityRatingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Rating
        fields = ["id", "activity", "stars", "comment", "created_at"]
        read_only_fields = fields
