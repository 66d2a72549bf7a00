"""The volunteer-hours ledger: recording, confirming and correcting hours.

Entries are never edited or deleted (《志愿服务记录与证明出具办法》): a correction is a new
entry reversing the wrong one. `record_entry` is the one place that checks an entry's rules
(end after start, no overlap with the volunteer's other hours, at most 24 hours in a day) and
keeps `Volunteer.total_hours`; the check-out action (volunteers) and `do_record_hours` (by
hand) both call it. Each new entry is announced with `signals.hours_recorded`, inside the
action's transaction, so the time bank can deposit without the ledger knowing it."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import F, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from gongzhi.civil.errors import Code
from gongzhi.civil.models import HoursEntry, Volunteer
from gongzhi.civil.signals import hours_recorded
from gongzhi.core.actions import action
from gongzhi.core.errors import refuse

DAY_LIMIT = Decimal(24)
CENT = Decimal("0.01")


def hours_between(start: datetime.datetime, end: datetime.datetime) -> Decimal:
    seconds = Decimal((end - start).total_seconds())
    return (seconds / 3600).quantize(CENT, rounding=ROUND_HALF_UP)


def _live(volunteer):
    """The volunteer's entries that count: neither reversed nor a reversal."""
    return HoursEntry.objects.filter(
        volunteer=volunteer, reverses__isnull=True, reversed_by__isnull=True
    )


def _check(volunteer, started_at, ended_at) -> Decimal:
    if ended_at <= started_at:
        refuse(Code.HOURS_END_BEFORE_START, _("The end must be after the start."), field="ended_at")
    if ended_at > timezone.now() + datetime.timedelta(minutes=5):
        refuse(Code.HOURS_IN_FUTURE, _("Hours can only be recorded once served."), field="ended_at")
    hours = hours_between(started_at, ended_at)
    if hours > DAY_LIMIT:
        refuse(Code.HOURS_OVER_DAY, _("No more than 24 hours in a day."), field="ended_at")
    overlap = _live(volunteer).filter(started_at__lt=ended_at, ended_at__gt=started_at)
    if overlap.exists():
        refuse(
            Code.HOURS_OVERLAP,
            _("These hours overlap hours already recorded for this volunteer."),
            field="started_at",
        )
    # The calendar days the entry touches, each holding at most 24 hours in all.
    tz = timezone.get_current_timezone()
    day = timezone.localtime(started_at, tz).date()
    while day <= timezone.localtime(ended_at, tz).date():
        start = timezone.make_aware(datetime.datetime.combine(day, datetime.time()), tz)
        end = start + datetime.timedelta(days=1)
        served = _within(_live(volunteer), start, end) + _span(started_at, ended_at, start, end)
        if served > DAY_LIMIT:
            refuse(Code.HOURS_OVER_DAY, _("No more than 24 hours in a day."), field="ended_at")
        day += datetime.timedelta(days=1)
    return hours


def _span(a, b, start, end) -> Decimal:
    lo, hi = max(a, start), min(b, end)
    return hours_between(lo, hi) if hi > lo else Decimal(0)


def _within(entries, start, end) -> Decimal:
    return sum(
        (
            _span(a, b, start, end)
            for a, b in entries.filter(started_at__lt=end, ended_at__gt=start).values_list(
                "started_at", "ended_at"
            )
        ),
        Decimal(0),
    )


def record_entry(actor, volunteer, *, started_at, ended_at, content, place, **links) -> HoursEntry:
    """Record served hours (inside an action). `links`: organization, activity, assignment,
    confirmed (bool). A retried check-out finds its assignment's entry and records nothing."""
    assignment = links.get("assignment")
    if assignment is not None:
        done = HoursEntry.objects.filter(assignment=assignment).first()
        if done is not None:
            return done
    volunteer = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
    hours = _check(volunteer, started_at, ended_at)
    confirmed = links.pop("confirmed", False)
    entry = HoursEntry.objects.create(
        volunteer=volunteer,
        started_at=started_at,
        ended_at=ended_at,
        hours=hours,
        content=content,
        place=place,
        recorded_by=actor,
        confirmed_by=actor if confirmed else None,
        confirmed_at=timezone.now() if confirmed else None,
        **links,
    )
    _add_total(volunteer, hours)
    hours_recorded.send(sender=HoursEntry, entry=entry, actor=actor)
    return entry


def _add_total(volunteer, hours: Decimal) -> None:
    Volunteer.objects.filter(pk=volunteer.pk).update(total_hours=F("total_hours") + hours)


@action("civil.add_hoursentry", place=lambda volunteer: volunteer)
def do_record_hours(
    actor,
    volunteer,
    *,
    started_at,
    ended_at,
    content,
    place,
    organization=None,
    activity=None,
    confirmed: bool = True,
) -> HoursEntry:
    """Hours recorded by hand: by a coordinator who saw the service, confirmed by them; or
    (`confirmed=False`) copied from a sign-in sheet, to be confirmed by the organizer."""
    return record_entry(
        actor,
        volunteer,
        started_at=started_at,
        ended_at=ended_at,
        content=content,
        place=place,
        organization=organization,
        activity=activity,
        confirmed=confirmed,
    )


@action("civil.confirm_hoursentry")
def do_confirm_hours(actor, entry) -> HoursEntry:
    """The organization or coordinator confirms hours recorded by a check-out."""
    if entry.confirmed_at is not None:
        refuse(Code.HOURS_CONFIRMED, _("These hours are already confirmed."))
    entry.confirmed_by, entry.confirmed_at = actor, timezone.now()
    entry.save(update_fields=["confirmed_by", "confirmed_at"])
    return entry


@action("civil.confirm_hoursentry")
def do_confirm_activity_hours(actor, activity):
    """The organizer confirms the hours of an activity's attendance list at once (those not
    yet confirmed)."""
    waiting = HoursEntry.objects.filter(activity=activity, confirmed_at__isnull=True)
    now = timezone.now()
    for entry in waiting.select_for_update():
        entry.confirmed_by, entry.confirmed_at = actor, now
        entry.save(update_fields=["confirmed_by", "confirmed_at"])
    return activity


@action("civil.correct_hoursentry")
def do_reverse_hours(actor, entry, reason: str) -> HoursEntry:
    """Correct an entry by a new one with the opposite hours (the wrong one stays)."""
    if not (reason or "").strip():
        refuse(Code.HOURS_REASON, _("Say why these hours are corrected."), field="reason")
    entry = HoursEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.reverses_id is not None or HoursEntry.objects.filter(reverses=entry).exists():
        refuse(Code.HOURS_REVERSED, _("This entry is already corrected or is a correction."))
    reversal = HoursEntry.objects.create(
        volunteer=entry.volunteer,
        organization=entry.organization,
        activity=entry.activity,
        content=entry.content,
        place=entry.place,
        started_at=entry.started_at,
        ended_at=entry.ended_at,
        hours=-entry.hours,
        recorded_by=actor,
        confirmed_by=actor,
        confirmed_at=timezone.now(),
        reverses=entry,
        reason=reason.strip(),
    )
    _add_total(entry.volunteer, -entry.hours)
    hours_recorded.send(sender=HoursEntry, entry=reversal, actor=actor)
    return reversal


def served_hours(volunteers, start, end) -> Decimal:
    """Net hours of entries starting in [start, end) (reversals count negative)."""
    total = HoursEntry.objects.filter(
        Q(volunteer__in=volunteers), started_at__gte=start, started_at__lt=end
    ).aggregate(t=Sum("hours"))["t"]
    return Decimal(total or 0).quantize(CENT)
