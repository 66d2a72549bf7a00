"""Serializers of workdays: shape and types only."""

from rest_framework import serializers

from gongzhi.workdays.choices import CalendarDayKind


class DaySerializer(serializers.Serializer):
    date = serializers.DateField()
    kind = serializers.ChoiceField(choices=CalendarDayKind.choices)
    name = serializers.CharField(max_length=50)
    source = serializers.ChoiceField(
        choices=[("official", "official"), ("street", "street")],
        help_text="official: the State Council's schedule (holidays package); street: "
        "entered or changed by the street, which wins",
    )


class YearSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=1900, max_value=2100)
    provisional = serializers.BooleanField(
        help_text="true while the State Council has not published the year's schedule: "
        "only the statutory holidays are known"
    )
    days = DaySerializer(many=True)
