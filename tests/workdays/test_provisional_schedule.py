"""A year without the State Council's holiday schedule (issue 12, "Holiday calendar"): from
1 November the street admin is warned on the home page as on the calendar page, and every
due date that falls in such a year says it is provisional — it counts the statutory
holidays but no make-up working days yet. "Today" is frozen with time_machine."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from gongzhi.services import actions
from gongzhi.services.models import ServiceRequest
from gongzhi.workdays import data
from gongzhi.workdays.models import CalendarDay
from tests.access import conftest as access_fixtures
from tests.services import conftest as services_fixtures

# The fixtures of the two apps whose due dates are shown.
make_app = access_fixtures.make_app
menu = services_fixtures.menu

D = datetime.date
PROVISIONAL = "（暂定：放假安排尚未公布）"
WARNING = "2027 年国务院放假安排尚未载入"
TZ = datetime.timezone(datetime.timedelta(hours=8))


def at(day: D):
    return time_machine.travel(
        datetime.datetime(day.year, day.month, day.day, 10, tzinfo=TZ), tick=False
    )


@pytest.fixture(autouse=True)
def no_2027_schedule(monkeypatch):
    """2027 without its schedule, whatever the installed holidays package holds."""
    years = data.official_years() - {2027}
    monkeypatch.setattr(data, "official_years", lambda: years)


def test_home_page_warns_the_street_admin_from_1_november(users, verified_client):
    with at(D(2026, 11, 2)):
        page = verified_client(users["street_admin"]).get(reverse("home"))
        body = page.content.decode()
        assert 'data-warning="holiday-schedule"' in body and WARNING in body
        assert reverse("workdays:calendar") in body
        # Only whoever keeps the calendar is told.
        other = verified_client(users["grid_worker"]).get(reverse("home")).content.decode()
        assert 'data-warning="holiday-schedule"' not in other
    with at(D(2026, 10, 31)):
        page = verified_client(users["street_admin"]).get(reverse("home"))
        assert 'data-warning="holiday-schedule"' not in page.content.decode()


def test_home_page_warning_ends_when_the_schedule_is_entered(users, verified_client):
    CalendarDay.objects.create(date=D(2027, 2, 20), kind=CalendarDay.Kind.WORKDAY, name="春节调休")
    with at(D(2026, 11, 2)):
        page = verified_client(users["street_admin"]).get(reverse("home"))
        assert 'data-warning="holiday-schedule"' not in page.content.decode()


def _request(item, world, users):
    return actions.submit_request(
        item,
        street=world["s1"],
        community=world["c1"],
        channel=ServiceRequest.Channel.WINDOW,
        user=users["station_staff"],
        applicant_name="张三",
        applicant_phone="13800000000",
        values={"reason": "work", "since": "2026-01-05"} if item.fields.exists() else {},
        materials=list(item.materials),
    )


def test_a_request_due_in_a_year_without_schedule_is_marked_provisional(
    world,
    users,
    menu,
    verified_client,
):
    menu["simple"].time_limit_days = 20
    menu["simple"].save()
    with at(D(2026, 12, 21)):
        late = _request(menu["simple"], world, users)  # 20 working days: into January 2027
        early = _request(menu["permit"], world, users)  # 5 working days: still in 2026
        assert late.due_date.year == 2027 and early.due_date.year == 2026
        client = verified_client(users["street_admin"])
        listing = client.get(reverse("services:request_list")).content.decode()
        assert listing.count(PROVISIONAL) == 1
        assert 'data-provisional="2027"' in listing
        detail = client.get(reverse("services:request_detail", args=[late.pk])).content.decode()
        assert PROVISIONAL in detail
        detail = client.get(reverse("services:request_detail", args=[early.pk])).content.decode()
        assert PROVISIONAL not in detail
        # Once the street enters 2027's schedule by hand the date is no longer provisional.
        CalendarDay.objects.create(date=D(2027, 2, 20), kind=CalendarDay.Kind.WORKDAY, name="调休")
        detail = client.get(reverse("services:request_detail", args=[late.pk])).content.decode()
        assert PROVISIONAL not in detail


def test_an_access_decision_due_in_a_year_without_schedule_is_marked_provisional(
    users,
    verified_client,
    make_app,
):
    from gongzhi.access import actions

    with at(D(2026, 12, 21)):
        app = make_app(start_date=D(2027, 3, 1), end_date=D(2027, 12, 31))
        app = actions.do_submit(users["street_admin"], app, today=D(2026, 12, 21))
        assert app.decision_due.year == 2027
        client = verified_client(users["street_admin"])
        listing = client.get(reverse("access:application_list")).content.decode()
        assert PROVISIONAL in listing
        detail = client.get(reverse("access:application_detail", args=[app.pk])).content.decode()
        assert PROVISIONAL in detail


def test_a_decision_due_in_a_published_year_is_not_marked(
    users,
    verified_client,
    make_app,
):
    from gongzhi.access import actions

    with at(D(2026, 11, 2)):
        app = make_app(start_date=D(2027, 3, 1), end_date=D(2027, 12, 31))
        app = actions.do_submit(users["street_admin"], app, today=D(2026, 11, 2))
        assert app.decision_due.year == 2026
        page = verified_client(users["street_admin"]).get(
            reverse("access:application_detail", args=[app.pk])
        )
        assert PROVISIONAL not in page.content.decode()
