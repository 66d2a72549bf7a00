"""Every write of the working-day calendar: `do_<verb>(actor, day, …)` under
`core.actions.action` (permission by role; the calendar is the district's, tied to no place;
one transaction, one audit event; coded refusals from workdays.errors). The calendar screen
calls these; `gongzhi load_holidays YEAR --user NAME` calls `do_load_year`."""

from django.utils.translation import gettext as _

from gongzhi.core import audit
from gongzhi.core.actions import action
from gongzhi.core.errors import refuse
from gongzhi.core.models import AuditEntry
from gongzhi.workdays import data
from gongzhi.workdays.errors import Code
from gongzhi.workdays.models import CalendarDay
from gongzhi.workdays.services import validate_day


def _calendar(obj):
    """The calendar is the district's, tied to no place: the permission is the rule."""
    return None


@action("workdays.add_calendarday")
def do_set_day(actor, day: CalendarDay) -> CalendarDay:
    """Enter a public holiday or a make-up working day (调休) on `day.date`; a day entered
    before for that date takes the new kind and name."""
    if not day.date:
        refuse(Code.DATE_REQUIRED, _("Enter a date as YYYY-MM-DD."), field="date")
    if day.kind not in CalendarDay.Kind.values:
        refuse(Code.UNKNOWN_KIND, _("Choose holiday or make-up working day."), field="kind")
    name = (day.name or "").strip()[:50]
    if not name:
        refuse(Code.NAME_REQUIRED, _("This field is required."), field="name")
    validate_day(day)
    saved, _created = CalendarDay.objects.update_or_create(
        date=day.date, defaults={"kind": day.kind, "name": name}
    )
    return saved


@action("workdays.delete_calendarday")
def do_delete_day(actor, day: CalendarDay) -> None:
    """Remove a day the street entered (the official calendar applies to that date again)."""
    day.delete()


@action("workdays.add_calendarday", place=_calendar, kind=AuditEntry.Action.IMPORT)
def do_load_year(actor, year: int) -> int:
    """Copy a year's official holidays and make-up working days into the editable calendar
    (a day entered before for the same date takes the official kind and name). One event
    names the year and the count, with the days under `extra`; returns the count."""
    if data.provisional(year):
        known = ", ".join(str(y) for y in sorted(data.official_years()))
        refuse(
            Code.NO_SCHEDULE,
            _(
                "The holidays package has no State Council schedule for %(year)s (it has: "
                "%(known)s); pip install -U holidays, or enter the days by hand."
            )
            % {"year": year, "known": known},
            field="year",
        )
    days = data.days_of(year)
    # Recorded first, so that it is the action's event; each day's own change (from the
    # model's signals) is summarised under extra["also"].
    audit.record(
        AuditEntry.Action.IMPORT,
        None,
        extra={
            "year": year,
            "count": len(days),
            "days": [[day.isoformat(), kind, name[:50]] for day, kind, name in days],
        },
    )
    data.load(year)
    return len(days)
