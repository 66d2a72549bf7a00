"""Every write of the working-day calendar: `do_<verb>(actor, day, …)` under
`core.actions.action` (permission by role; the calendar is the district's, tied to no place;
one transaction, one audit event; coded refusals from workdays.errors). The calendar screen
calls these. `gongzhi load-holidays YEAR` (an operator's bulk copy of the official days,
`workdays.data.load`) is audited per day by the model's signals."""

from django.utils.translation import gettext as _

from gongzhi.core.actions import action
from gongzhi.core.errors import refuse
from gongzhi.workdays.errors import Code
from gongzhi.workdays.models import CalendarDay
from gongzhi.workdays.services import validate_day


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
