"""Flexible dispatch (issue #14 §4): the volunteers proposed for an activity, ranked so a
coordinator can dispatch in one step, with the parts of each score shown.

`propose(activity)` runs one query (the activity's skills come with it when prefetched, else
one more): the street's active volunteers not yet on the activity, scored in SQL by skill
match, place (same grid, the grid among their areas, same community) and recent load (the
activities accepted in the last 30 days), the best `CANDIDATES` of them read as a narrow
`values()` list; availability (a week-day slot covering the activity's hours) is added in
Python over that list. A volunteer outside the SQL's best `CANDIDATES` could only pass one
inside if availability outweighed the gap: the list is long enough that it never does in
practice (AVAILABLE < the gap between the 20th and the 400th of a street's volunteers)."""

import datetime
from dataclasses import dataclass

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from gongzhi.civil.choices import AssignmentStatus
from gongzhi.civil.models import Assignment, Volunteer

SKILLS = 40  # all the skills asked for
AVAILABLE = 25  # a slot of the volunteer's availability covers the activity's hours
SAME_GRID, IN_AREAS, SAME_COMMUNITY = 20, 15, 10
LOAD = 3  # per activity accepted in the last LOAD_DAYS, up to LOAD_CAP
LOAD_CAP = 10
LOAD_DAYS = 30
CANDIDATES = 400


@dataclass(frozen=True)
class Proposal:
    volunteer_id: int
    name: str
    score: float
    skills_matched: int
    skills_asked: int
    available: bool
    place: str  # "grid", "area", "community" or "street"
    recent_load: int


def available(availability, starts_at, ends_at) -> bool:
    """Whether one of the week-day slots covers the activity's local hours."""
    start, end = timezone.localtime(starts_at), timezone.localtime(ends_at)
    if end.date() != start.date():
        return False
    begin, finish = start.strftime("%H:%M"), end.strftime("%H:%M")
    return any(
        isinstance(slot, dict)
        and slot.get("weekday") == start.weekday()
        and str(slot.get("start", "99")) <= begin
        and str(slot.get("end", "")) >= finish
        for slot in availability or []
    )


def candidates(activity, skill_ids: list[int], now=None):
    """The SQL part: the street's best CANDIDATES by skills, place and load (a values()
    queryset; one query)."""
    now = now or timezone.now()
    asked = len(skill_ids)
    taken = Assignment.objects.filter(activity_id=activity.pk, volunteer_id=OuterRef("pk"))
    load = (
        Assignment.objects.filter(
            volunteer_id=OuterRef("pk"),
            status=AssignmentStatus.ACCEPTED,
            activity__starts_at__gte=now - datetime.timedelta(days=LOAD_DAYS),
            activity__starts_at__lt=now,
        )
        .order_by()
        .values("volunteer_id")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    in_areas = Volunteer.areas.through.objects.filter(
        volunteer_id=OuterRef("pk"), grid_id=activity.grid_id
    )
    whens = []
    if activity.grid_id:
        whens += [
            When(grid_id=activity.grid_id, then=Value(SAME_GRID)),
            When(Exists(in_areas), then=Value(IN_AREAS)),
        ]
    if activity.community_id:
        whens.append(When(community_id=activity.community_id, then=Value(SAME_COMMUNITY)))
    place = Case(*whens, default=Value(0), output_field=IntegerField()) if whens else Value(0)
    matched = Count("skills", filter=Q(skills__in=skill_ids), distinct=True) if asked else Value(0)
    return (
        Volunteer.objects.filter(community__street_id=activity.street_id, active=True)
        .exclude(Exists(taken))
        .annotate(
            matched=matched,
            load=Coalesce(Subquery(load, output_field=IntegerField()), Value(0)),
            place_points=place,
        )
        .annotate(
            base=F("matched") * Value(SKILLS / max(asked, 1), output_field=FloatField())
            + F("place_points")
            - Case(
                When(load__gt=LOAD_CAP, then=Value(LOAD_CAP * LOAD)),
                default=F("load") * Value(LOAD),
                output_field=IntegerField(),
            )
        )
        .order_by("-base", "load", "pk")
        .values("pk", "resident__name", "availability", "matched", "load", "place_points", "base")[
            :CANDIDATES
        ]
    )


def propose(activity, limit: int = 20, now=None) -> list[Proposal]:
    skill_ids = [s.pk for s in activity.skills.all()]
    asked = len(skill_ids)
    rows = candidates(activity, skill_ids, now)
    names = {SAME_GRID: "grid", IN_AREAS: "area", SAME_COMMUNITY: "community"}
    out = []
    for row in rows:
        ok = available(row["availability"], activity.starts_at, activity.ends_at)
        out.append(
            Proposal(
                volunteer_id=row["pk"],
                name=row["resident__name"],
                score=round(float(row["base"]) + (AVAILABLE if ok else 0), 1),
                skills_matched=row["matched"],
                skills_asked=asked,
                available=ok,
                place=names.get(row["place_points"], "street"),
                recent_load=row["load"],
            )
        )
    out.sort(key=lambda p: (-p.score, p.recent_load, p.volunteer_id))
    return out[:limit]
