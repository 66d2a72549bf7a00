"""The write contract on the working-day calendar: each do_ action writes exactly one audit
event with its verb; a role without the calendar right is refused (Denied, audited, nothing
written); a make-up working day on a weekday is refused with its code."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from gongzhi.core.actions import REGISTRY
from gongzhi.core.errors import ActionError, Denied
from gongzhi.core.models import AuditEntry
from gongzhi.workdays import actions
from gongzhi.workdays.errors import Code
from gongzhi.workdays.models import CalendarDay

pytestmark = pytest.mark.django_db
SATURDAY = datetime.date(2031, 1, 4)
MONDAY = datetime.date(2031, 1, 6)


def _saturday_worked():
    return CalendarDay(date=SATURDAY, kind=CalendarDay.Kind.WORKDAY, name="调休上班")


def _then(value, run):
    """Set-up done now (`value`), the counted part later: `run(value)`."""
    return lambda: run(value)


CASES = {
    "do_set_day": lambda u: lambda: actions.do_set_day(u["street_admin"], _saturday_worked()),
    "do_load_year": lambda u: lambda: actions.do_load_year(u["street_admin"], 2026),
    "do_delete_day": lambda u: _then(
        CalendarDay.objects.create(date=MONDAY, kind="holiday", name="假日"),
        lambda day: actions.do_delete_day(u["street_admin"], day),
    ),
}


def test_every_workdays_action_has_a_case():
    assert {v.split(".", 1)[1] for v in REGISTRY if v.startswith("workdays.")} == set(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_action_writes_exactly_one_audit_event_with_its_verb(name, users):
    run = CASES[name](users)
    last = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
    run()
    new = list(AuditEntry.objects.filter(id__gt=last))
    assert [e.verb for e in new] == [f"workdays.{name}"], [(e.verb, e.action) for e in new]


def test_setting_a_day_again_changes_it_in_place(users):
    actions.do_set_day(users["street_admin"], _saturday_worked())
    actions.do_set_day(
        users["street_admin"], CalendarDay(date=SATURDAY, kind="holiday", name="元旦")
    )
    day = CalendarDay.objects.get(date=SATURDAY)
    assert (day.kind, day.name) == ("holiday", "元旦")


@pytest.mark.parametrize("role", ["street_staff", "party_secretary", "grid_worker"])
def test_only_a_street_admin_edits_the_calendar(role, users):
    with pytest.raises(Denied):
        actions.do_set_day(users[role], _saturday_worked())
    assert not CalendarDay.objects.exists()
    entry = AuditEntry.objects.get(action=AuditEntry.Action.DENIED, actor=users[role])
    assert entry.verb == "workdays.do_set_day"


def test_a_make_up_working_day_on_a_weekday_is_refused_with_its_code(users):
    with pytest.raises(ActionError) as exc:
        actions.do_set_day(
            users["street_admin"], CalendarDay(date=MONDAY, kind="workday", name="调休上班")
        )
    assert exc.value.code == Code.MAKEUP_ON_WEEKDAY
    assert exc.value.field == "kind" or "kind" in exc.value.message_dict
    assert not CalendarDay.objects.exists()


def test_a_day_needs_a_known_kind_and_a_name(users):
    admin = users["street_admin"]
    with pytest.raises(ActionError) as exc:
        actions.do_set_day(admin, CalendarDay(date=SATURDAY, kind="party", name="x"))
    assert exc.value.code == Code.UNKNOWN_KIND
    with pytest.raises(ActionError) as exc:
        actions.do_set_day(admin, CalendarDay(date=SATURDAY, kind="holiday", name="  "))
    assert exc.value.code == Code.NAME_REQUIRED
    assert not CalendarDay.objects.exists()


# --- gongzhi load_holidays YEAR: one action, one event naming the year and the count ------


def _new_entries(run):
    last = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
    run()
    return list(AuditEntry.objects.filter(id__gt=last))


def test_load_holidays_is_one_action_with_one_event_naming_year_and_count(users):
    out = io.StringIO()
    admin = users["street_admin"]
    new = _new_entries(
        lambda: call_command("load_holidays", "2026", "--user", admin.username, stdout=out)
    )
    count = CalendarDay.objects.filter(date__year=2026).count()
    assert count > 20 and f"2026: {count} days loaded." in out.getvalue()
    assert len(new) == 1
    entry = new[0]
    assert (entry.verb, entry.action, entry.actor) == (
        "workdays.do_load_year",
        AuditEntry.Action.IMPORT,
        admin,
    )
    assert entry.extra["year"] == 2026 and entry.extra["count"] == count
    assert ["2026-10-01", "holiday"] == entry.extra["days"][
        [d[0] for d in entry.extra["days"]].index("2026-10-01")
    ][:2]


def test_load_holidays_by_a_role_without_the_calendar_right_writes_nothing(users):
    with pytest.raises(CommandError):
        call_command("load_holidays", "2026", "--user", users["street_staff"].username)
    assert not CalendarDay.objects.exists()
    denied = AuditEntry.objects.get(action=AuditEntry.Action.DENIED)
    assert (denied.verb, denied.actor) == ("workdays.do_load_year", users["street_staff"])


def test_load_holidays_needs_a_known_active_user(users):
    with pytest.raises(CommandError):
        call_command("load_holidays", "2026", "--user", "no-such-user")
    assert not CalendarDay.objects.exists()


def test_a_year_without_official_schedule_is_refused_with_its_code(users):
    with pytest.raises(ActionError) as exc:
        actions.do_load_year(users["street_admin"], 1999)
    assert exc.value.code == Code.NO_SCHEDULE and exc.value.field == "year"
    assert not CalendarDay.objects.exists()
