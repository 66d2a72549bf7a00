"""The workbench's cards of activities (issue #18 contract): short of people, declined
invitations to replace, invitations to answer; the community's public page lists the
upcoming activities."""

import datetime

from django.urls import reverse
from django.utils import timezone

from gongzhi.civil.actions import activities as actions
from gongzhi.civil.models import Assignment
from tests.civil import vol_helpers as h
from tests.workbench import card, home, listed

ROW = r'href="/civil/activities/(\d+)/"'


def test_the_coordinator_sees_activities_short_of_people_and_declines(
    users, world, verified_client
):
    admin = users["street_admin"]
    soon = h.activity(admin, world["c1"], start=timezone.now() + datetime.timedelta(days=1))
    h.activity(admin, world["c1"], start=timezone.now() + datetime.timedelta(days=9))
    v = h.volunteer(admin, world["c1"], world["g1"])
    actions.do_dispatch(admin, soon, [v])
    actions.do_decline(admin, Assignment.objects.get())
    client = verified_client(admin)
    page = home(client)
    assert card(page, "civil-short-of-people") == 1
    assert listed(client, page, "civil-short-of-people", ROW) == [str(soon.pk)]
    assert card(page, "civil-declined") == 1


def test_a_volunteer_sees_the_invitations_to_answer(users, world, client):
    admin = users["street_admin"]
    account = h.resident_account(world["c1"])
    v = h.volunteer(admin, world["c1"], world["g1"], account=account)
    a = h.activity(admin, world["c1"])
    h.activity(admin, world["c1"])
    actions.do_dispatch(admin, a, [v])
    client.force_login(account)
    page = home(client)
    assert card(page, "civil-invitations") == 1
    assert listed(client, page, "civil-invitations", ROW) == [str(a.pk)]


def test_the_public_community_page_lists_upcoming_activities(users, world, client):
    a = h.activity(users["street_admin"], world["c1"])
    page = client.get(reverse("org_public:community", args=[world["c1"].pk])).content.decode()
    assert a.title in page and a.place in page
    assert reverse("civil:my_activities") in page
