"""Flexible dispatch (issue #14 §4): the volunteers proposed for an activity, ranked so a
coordinator can dispatch in one step, with the parts of each score shown.

`propose(activity)` runs one SQL statement (`candidates`; one more for the activity's skills
unless prefetched): the street's active volunteers not yet on the activity, scored by skill
match, place (same grid, the grid among their areas, same community) and recent load (the
activities accepted in the last 30 days), the counts from derived tables joined once; the
best `CANDIDATES` come back as a narrow list, and availability (a week-day slot covering the
activity's hours, JSON that SQLite cannot match) is added in Python over it. So a volunteer
ranked below the 400th by SQL is never proposed, even if available: with 25 points for
availability that needs 400 others within 25 points above them — a documented approximation."""

import datetime
import json
from dataclasses import dataclass

from django.db import connection
from django.utils import timezone

from gongzhi.civil.choices import AssignmentStatus
from gongzhi.civil.models import Activity, Assignment, Volunteer
from gongzhi.org.models import Community
from gongzhi.registry.models import Resident

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


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def candidates(activity, skill_ids: list[int], now=None) -> list[dict]:
    """The SQL part, one statement: the street's best CANDIDATES by skills, place and load,
    each a dict (pk, name, availability, matched, load, place_points, base). The counts come
    from derived tables joined once (not per-row subqueries), so the cost is one pass over
    the street's volunteers whatever their number."""
    now = now or timezone.now()
    asked = len(skill_ids)
    volunteer, skills, areas = (
        _table(Volunteer),
        _table(Volunteer.skills.through),
        _table(Volunteer.areas.through),
    )
    assignment, activity_t = _table(Assignment), _table(Activity)
    resident, community = _table(Resident), _table(Community)
    in_skills = ", ".join(["%s"] * asked) or "NULL"
    load = f"(CASE WHEN COALESCE(ld.n, 0) > {LOAD_CAP} THEN {LOAD_CAP} ELSE COALESCE(ld.n, 0) END)"
    place = (
        f"(CASE WHEN v.grid_id = %s THEN {SAME_GRID} WHEN ar.volunteer_id IS NOT NULL THEN {IN_AREAS} "
        f"WHEN v.community_id = %s THEN {SAME_COMMUNITY} ELSE 0 END)"
    )
    # The ranking over narrow rows (ids and counts); names and availability are read for
    # the best CANDIDATES only.
    sql = f"""
        SELECT top.id, r.name, w.availability, top.matched, top.load, top.place, top.base
        FROM (
            SELECT v.id, v.resident_id, COALESCE(sk.n, 0) AS matched, COALESCE(ld.n, 0) AS load,
                   {place} AS place, COALESCE(sk.n, 0) * %s + {place} - {load} * {LOAD} AS base
            FROM {volunteer} v
            LEFT JOIN (SELECT volunteer_id, COUNT(*) AS n FROM {skills}
                       WHERE skill_id IN ({in_skills}) GROUP BY volunteer_id) sk
                   ON sk.volunteer_id = v.id
            LEFT JOIN (SELECT a.volunteer_id, COUNT(*) AS n FROM {assignment} a
                       JOIN {activity_t} t ON t.id = a.activity_id
                       WHERE a.status = %s AND t.starts_at >= %s AND t.starts_at < %s
                       GROUP BY a.volunteer_id) ld
                   ON ld.volunteer_id = v.id
            LEFT JOIN (SELECT DISTINCT volunteer_id FROM {areas} WHERE grid_id = %s) ar
                   ON ar.volunteer_id = v.id
            WHERE v.community_id IN (SELECT id FROM {community} WHERE street_id = %s)
              AND v.active
              AND NOT EXISTS (SELECT 1 FROM {assignment} x
                              WHERE x.activity_id = %s AND x.volunteer_id = v.id)
            ORDER BY base DESC, load, v.id
            LIMIT {CANDIDATES}
        ) top
        JOIN {volunteer} w ON w.id = top.id
        JOIN {resident} r ON r.id = top.resident_id
        ORDER BY top.base DESC, top.load, top.id
    """
    grid, home = activity.grid_id or 0, activity.community_id or 0
    params = [
        grid,
        home,
        SKILLS / max(asked, 1),
        grid,
        home,
        *skill_ids,
        AssignmentStatus.ACCEPTED,
        now - datetime.timedelta(days=LOAD_DAYS),
        now,
        grid,
        activity.street_id,
        activity.pk,
    ]
    names = ("pk", "name", "availability", "matched", "load", "place_points", "base")
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    for row in rows:
        if isinstance(row["availability"], str):  # SQLite hands JSON back as text
            row["availability"] = json.loads(row["availability"] or "[]")
    return rows


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
                name=row["name"],
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
