"""The workbench's to-dos for services: requests to accept, due within 2 working days (on
the working-day calendar), overdue, and waiting for supplements (补正) — each user hears of
the requests in their own place only, and each card's count is the length of its list."""

import datetime

import pytest
from django.utils import timezone

from gongzhi.services import actions
from gongzhi.services.models import ServiceRequest
from gongzhi.workdays.services import Calendar
from tests.workbench import card, home, listed

pytestmark = pytest.mark.django_db

ROWS = r'href="/services/requests/(\d+)/"'


@pytest.fixture
def submit(menu, world, users):
    def make(community="c1", by="station_staff"):
        return actions.submit_request(
            menu["simple"],
            street=world["s1"],
            community=world[community],
            channel=ServiceRequest.Channel.WINDOW,
            user=users[by],
            applicant_name="张三",
        )

    return make


def _due(req, day):
    ServiceRequest.objects.filter(pk=req.pk).update(due_date=day)


def test_requests_to_accept_reach_the_station_of_their_community_only(
    submit, users, verified_client
):
    mine, other = submit("c1"), submit("c2", by="street_staff")
    station = verified_client(users["station_staff"])
    page = home(station)
    assert card(page, "services-accept") == 1
    assert "待受理的服务申请" in page
    assert listed(station, page, "services-accept", ROWS) == [str(mine.pk)]
    street = verified_client(users["street_staff"])
    page = home(street)
    assert card(page, "services-accept") == 2  # the street sees both communities
    assert listed(street, page, "services-accept", ROWS) == [
        str(pk) for pk in sorted([mine.pk, other.pk])
    ]
    actions.do_transition(users["station_staff"], mine, "accept")
    assert card(home(verified_client(users["station_staff"])), "services-accept") == 0
    assert card(home(verified_client(users["resident"])), "services-accept") is None  # no card


def test_due_soon_counts_two_working_days_on_the_calendar(submit, users, verified_client):
    today = timezone.localdate()
    calendar = Calendar.load()
    inside, outside, past = submit(), submit(), submit()
    _due(inside, calendar.add_working_days(today, 2))
    _due(outside, calendar.add_working_days(today, 3))
    _due(past, today - datetime.timedelta(days=1))
    client = verified_client(users["station_staff"])
    page = home(client)
    assert card(page, "services-due-soon") == 1
    assert listed(client, page, "services-due-soon", ROWS) == [str(inside.pk)]
    assert card(page, "services-overdue") == 1
    assert listed(client, page, "services-overdue", ROWS) == [str(past.pk)]
    assert 'data-todo="services-overdue"' in page and "todo-card-danger" in page


def test_supplements_awaited_are_the_requests_returned_for_materials(
    submit, users, verified_client
):
    req = submit()
    req = actions.do_transition(users["station_staff"], req, "request_materials", "户口本")
    _due(req, timezone.localdate() - datetime.timedelta(days=3))  # the clock stands still
    client = verified_client(users["station_staff"])
    page = home(client)
    assert card(page, "services-supplements") == 1
    assert listed(client, page, "services-supplements", ROWS) == [str(req.pk)]
    assert card(page, "services-overdue") == 0  # paused: not overdue
    outsider = verified_client(users["outsider"])
    assert card(home(outsider), "services-supplements") == 0  # another street
