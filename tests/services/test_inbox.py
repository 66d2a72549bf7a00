"""In-app notifications (the bell) from services, and 已办: a request transferred to a
department reaches its staff's bell; returned, supervised and due-soon requests reach their
handler; opening a notification marks it read and goes to the request; nobody opens another's.
What the user finished (completed, refused) is on their 已办 page, with dates."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from gongzhi.core.models import AuditEntry, Notification
from gongzhi.services import actions
from gongzhi.services.models import ServiceRequest
from tests.services.test_views import make

pytestmark = pytest.mark.django_db


def bell(client) -> int:
    page = client.get(reverse("home")).content.decode()
    return int(
        re.search(
            r'class="[^"]*bell[^"]*" href="/me/notifications/" data-unread="(\d+)"', page
        ).group(1)
    )


def test_a_transfer_rings_the_departments_bell_and_opening_marks_it_read(
    menu, world, users, verified_client
):
    staff = users["station_staff"]
    req = actions.do_transition(staff, make(menu, world, users), "accept")
    dept = verified_client(users["department_staff"])
    assert bell(dept) == 0
    actions.do_transition(staff, req, "transfer", "需区民政局审批", department=world["dept"])
    assert bell(dept) == 1
    page = dept.get(reverse("inbox:notifications")).content.decode()
    assert req.tracking_code in page and "需区民政局审批" in page
    note = Notification.objects.get(user=users["department_staff"])
    assert bell(verified_client(users["station_staff"])) == 0  # the one who transferred
    # Someone else cannot open it (404), and it stays unread.
    other = verified_client(users["street_staff"])
    assert other.get(reverse("inbox:open", args=[note.pk])).status_code == 404
    dept = verified_client(users["department_staff"])
    response = dept.get(reverse("inbox:open", args=[note.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("services:request_detail", args=[req.pk])
    assert dept.get(response["Location"]).status_code == 200  # the item, in their scope
    note.refresh_from_db()
    assert note.read_at is not None and bell(dept) == 0


def test_returned_and_supervised_requests_reach_their_handler(menu, world, users, verified_client):
    staff = users["station_staff"]
    req = actions.do_transition(staff, make(menu, world, users), "accept")
    req = actions.do_transition(staff, req, "transfer", "转区民政局", department=world["dept"])
    actions.do_transition(users["department_staff"], req, "return", "不属于本局")
    actions.do_supervise(users["party_secretary"], req, "请本周内办结")
    texts = list(Notification.objects.filter(user=staff).values_list("text", flat=True))
    assert len(texts) == 2
    assert any("不属于本局" in t for t in texts) and any("请本周内办结" in t for t in texts)
    assert bell(verified_client(staff)) == 2


def test_a_refused_step_notifies_nobody(menu, world, users):
    staff = users["station_staff"]
    req = actions.do_transition(staff, make(menu, world, users), "accept")
    with pytest.raises(ValidationError):
        actions.do_transition(staff, req, "transfer", "")  # no note, no destination
    assert not Notification.objects.exists()


def test_the_daily_job_tells_the_handler_of_requests_due_soon_once(
    menu, world, users, verified_client
):
    staff = users["station_staff"]
    req = actions.do_transition(staff, make(menu, world, users), "accept")
    ServiceRequest.objects.filter(pk=req.pk).update(due_date=timezone.localdate())
    far = actions.do_transition(staff, make(menu, world, users), "accept")
    ServiceRequest.objects.filter(pk=far.pk).update(
        due_date=timezone.localdate() + datetime.timedelta(days=30)
    )
    call_command("remind_due_requests")
    call_command("remind_due_requests")  # once a day: nothing more
    notes = Notification.objects.filter(user=staff)
    assert notes.count() == 1 and req.tracking_code in notes.get().text
    assert AuditEntry.objects.filter(verb="core.do_notify").count() == 1  # its own event


def test_the_done_page_lists_what_the_user_finished_with_dates(menu, world, users, verified_client):
    staff = users["station_staff"]
    finished = actions.do_transition(staff, make(menu, world, users), "accept")
    finished = actions.do_transition(staff, finished, "complete", "已办结")
    accepted_only = actions.do_transition(staff, make(menu, world, users), "accept")
    refused = actions.do_transition(staff, make(menu, world, users), "refuse", "材料不符")
    client = verified_client(staff)
    page = client.get(reverse("inbox:done")).content.decode()
    links = re.findall(r'href="/services/requests/(\d+)/"', page)
    assert links == [str(refused.pk), str(finished.pk)]  # newest first; accepting is no finish
    assert str(accepted_only.pk) not in links
    assert timezone.localdate().isoformat() in page or timezone.localdate().strftime("%Y") in page
    assert "已办结" in page and "材料不符" in page
    # Somebody else's 已办 holds none of it.
    other = verified_client(users["street_staff"])
    assert "/services/requests/" not in other.get(reverse("inbox:done")).content.decode()
