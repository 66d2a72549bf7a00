"""The grid worker's patrol (巡查) from the phone: start it in one's grid, send the route's
points in batches as the phone moves (cases/static/cases/patrol.js), end it. One open patrol
per grid worker (starting again in its grid resumes it); only the grid worker on the patrol records its points and ends it. A case
reported while a patrol is open is linked to it (cases.actions.intake.do_report)."""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from gongzhi.cases.errors import Code
from gongzhi.cases.models import Patrol, PatrolPoint
from gongzhi.core import text
from gongzhi.core.actions import action
from gongzhi.core.errors import refuse

START = "cases.add_patrol"
RECORD = "cases.change_patrol"
MAX_POINTS = 500  # in one batch (a phone offline for hours sends its backlog in parts)
MAX_NOTES = 2000
SIX_PLACES = Decimal("0.000001")
CLOCK_SKEW = datetime.timedelta(minutes=10)  # a phone's clock a little ahead of the server's


def open_patrol_of(user) -> Patrol | None:
    if user is None or not user.is_authenticated:
        return None
    return Patrol.objects.filter(grid_worker=user, ended_at__isnull=True).first()


def _notes(notes: str) -> str:
    try:
        notes = text.clean(notes or "", multiline=True, max_length=MAX_NOTES)
        text.refuse_html(notes)
    except ValidationError as exc:
        raise ValidationError({"notes": exc}) from exc
    return notes


def _require_own_open(actor, patrol: Patrol) -> None:
    if patrol.grid_worker_id != getattr(actor, "pk", None):
        refuse(Code.NOT_YOUR_PATROL, _("Only the grid worker on this patrol records it."))
    if patrol.ended_at is not None:
        refuse(Code.PATROL_ENDED, _("This patrol has ended."))


@action(START)
def do_start_patrol(actor, grid, *, notes: str = "") -> Patrol:
    """Start a patrol in `grid` (the actor's own: the permission is checked there). With the
    actor's patrol in that grid already open (the phone pressed start again: its answer was
    lost, or the page was closed) the open patrol resumes, with the notes added: answered
    with `resumed` set, no second patrol. An open patrol in another grid is ended first."""
    notes = _notes(notes)
    for _attempt in range(2):
        current = open_patrol_of(actor)
        if current is not None:
            if current.grid_id != grid.pk:
                break
            current = Patrol.objects.select_for_update().get(pk=current.pk)
            if notes:
                current.notes = f"{current.notes}\n{notes}".strip()[:MAX_NOTES]
            current.save()  # the action's record: the patrol was resumed
            current.resumed = True
            return current
        try:
            with transaction.atomic():  # the constraint decides between two starts at once
                patrol = Patrol.objects.create(grid_worker=actor, grid=grid, notes=notes)
            patrol.resumed = False
            return patrol
        except IntegrityError:
            continue  # started at the same moment by another request: resume that one
    refuse(Code.PATROL_OPEN, _("You already have an open patrol in another grid: end it first."))


def _point(raw, patrol: Patrol, now) -> PatrolPoint:
    def bad():
        refuse(
            Code.PATROL_POINT,
            _("Each point needs a latitude, a longitude and a time during the patrol."),
            field="points",
        )

    if not isinstance(raw, dict):
        bad()
    try:
        lat = Decimal(str(raw.get("lat"))).quantize(SIX_PLACES, ROUND_HALF_UP)
        lng = Decimal(str(raw.get("lng"))).quantize(SIX_PLACES, ROUND_HALF_UP)
    except (InvalidOperation, ValueError, TypeError):
        bad()
    if not (lat.is_finite() and lng.is_finite() and -90 <= lat <= 90 and -180 <= lng <= 180):
        bad()
    at = raw.get("at")
    if isinstance(at, str):
        at = parse_datetime(at)
    if not isinstance(at, datetime.datetime):
        bad()
    if timezone.is_naive(at):
        at = timezone.make_aware(at)
    if at < patrol.started_at - CLOCK_SKEW or at > now + CLOCK_SKEW:
        bad()
    return PatrolPoint(patrol=patrol, lat=lat, lng=lng, at=at)


@action(RECORD)
def do_add_patrol_points(actor, patrol: Patrol, points) -> Patrol:
    """Add a batch of route points [{lat, lng, at}] to the actor's open patrol. All or none:
    one bad point refuses the batch. A point already stored (the phone sent the batch again
    after a lost answer) is not stored twice."""
    patrol = Patrol.objects.select_for_update().get(pk=patrol.pk)
    _require_own_open(actor, patrol)
    points = list(points or [])
    if len(points) > MAX_POINTS:
        refuse(
            Code.PATROL_POINT,
            _("At most %(n)d points at a time.") % {"n": MAX_POINTS},
            field="points",
        )
    now = timezone.now()
    new = [_point(raw, patrol, now) for raw in points]
    if new:
        seen = set(
            patrol.points.filter(
                at__range=(min(p.at for p in new), max(p.at for p in new))
            ).values_list("at", "lat", "lng")
        )
        fresh = []
        for point in new:
            key = (point.at, point.lat, point.lng)
            if key not in seen:
                seen.add(key)
                fresh.append(point)
        PatrolPoint.objects.bulk_create(fresh)
    patrol.save(update_fields=["updated_at"])  # the action's record: the patrol was added to
    return patrol


@action(RECORD)
def do_end_patrol(actor, patrol: Patrol, *, notes: str = "") -> Patrol:
    """End the actor's open patrol, with what was seen (optional)."""
    patrol = Patrol.objects.select_for_update().get(pk=patrol.pk)
    _require_own_open(actor, patrol)
    notes = _notes(notes)
    patrol.ended_at = timezone.now()
    if notes:
        patrol.notes = f"{patrol.notes}\n{notes}".strip()[:MAX_NOTES]
    patrol.save()
    return patrol
