"""A request transferred (转办) to a department is that department's to handle: its staff see
it, start it, finish it or return it to the street, through the same transitions — on the
screen and through the API. Other departments, and requests not transferred to them, stay
invisible (404), and a department cannot accept, refuse or transfer on (issue 12)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from gongzhi.org.models import Department
from gongzhi.org.roles import Role
from gongzhi.services import actions
from gongzhi.services.models import ServiceRequest, Status
from tests.conftest import make_user
from tests.services.test_views import make

API = "/api/services/"


@pytest.fixture
def transferred(menu, world, users):
    staff = users["station_staff"]
    req = make(menu, world, users)
    actions.do_transition(staff, req, "accept")
    return actions.do_transition(staff, req, "transfer", "需区民政局审批", department=world["dept"])


@pytest.fixture
def other_department_staff(world):
    other = Department.objects.create(name="区住建局", code="housing")
    return make_user("housing_staff", Role.DEPARTMENT_STAFF, world["s1"], department=other)


def test_department_staff_open_and_finish_what_is_transferred_to_them(
    transferred, menu, world, users, verified_client
):
    client = verified_client(users["department_staff"])
    listed = client.get(reverse("services:request_list"))
    assert listed.status_code == 200 and transferred.tracking_code in listed.content.decode()
    page = client.get(reverse("services:request_detail", args=[transferred.pk]))
    assert page.status_code == 200
    offered = {a for a, _ in page.context["actions"]}
    assert offered == {"start", "complete", "return"}
    url = reverse("services:request_act", args=[transferred.pk])
    client.post(url, {"action": "start"})
    client.post(url, {"action": "complete", "note": "已审批，证件已寄出"})
    req = ServiceRequest.objects.get(pk=transferred.pk)
    assert req.status == Status.COMPLETED and req.result == "已审批，证件已寄出"
    steps = list(req.transitions.values_list("action", "actor__username"))
    assert steps[-2:] == [("start", "department_staff"), ("complete", "department_staff")]
    # A request the street kept is not theirs to see.
    kept = make(menu, world, users)
    assert client.get(reverse("services:request_detail", args=[kept.pk])).status_code == 404


def test_department_returns_a_request_to_the_street_by_api(transferred, users, verified_client):
    client = verified_client(users["department_staff"])
    url = f"{API}requests/{transferred.pk}/transition/"
    refused = client.post(url, {"action": "return"}, content_type="application/json")
    assert refused.status_code == 400  # a reason is required
    r = client.post(
        url, {"action": "return", "note": "不属本局职责"}, content_type="application/json"
    )
    assert r.status_code == 200, r.content
    req = ServiceRequest.objects.get(pk=transferred.pk)
    assert req.status == Status.ACCEPTED and req.transferred_to_department is None
    # Back at the street: the department no longer sees it, the station does.
    assert client.get(f"{API}requests/{req.pk}/").status_code == 404
    station = verified_client(users["station_staff"])
    assert station.get(reverse("services:request_detail", args=[req.pk])).status_code == 200


def test_a_department_cannot_accept_refuse_or_transfer_on(transferred, users):
    for action in ("refuse", "transfer", "accept"):
        with pytest.raises(ValidationError) as refused:
            actions.do_transition(users["department_staff"], transferred, action, "x")
        assert refused.value.code == "department_action"
    assert ServiceRequest.objects.get(pk=transferred.pk).status == Status.TRANSFERRED


def test_another_department_sees_nothing(transferred, other_department_staff, verified_client):
    client = verified_client(other_department_staff)
    assert client.get(reverse("services:request_detail", args=[transferred.pk])).status_code == 404
    rows = client.get(f"{API}requests/").json()["results"]
    assert rows == []
    r = client.post(
        f"{API}requests/{transferred.pk}/transition/",
        {"action": "complete", "note": "x"},
        content_type="application/json",
    )
    assert r.status_code == 404


def test_returning_on_the_screen_leads_back_to_the_list(transferred, users, verified_client):
    client = verified_client(users["department_staff"])
    r = client.post(
        reverse("services:request_act", args=[transferred.pk]),
        {"action": "return", "note": "不属本局职责"},
    )
    assert r.status_code == 302 and r["Location"] == reverse("services:request_list")


def test_only_a_transferred_request_can_be_returned(menu, world, users):
    staff = users["station_staff"]
    req = actions.do_transition(staff, make(menu, world, users), "accept")
    req = actions.do_transition(staff, req, "start")
    with pytest.raises(ValidationError):
        actions.do_transition(staff, req, "return", "x")
    assert "return" not in actions.allowed_actions(req)
