"""下沉审批: a request for an item whose approval is delegated to the community is decided
in the community's station — approve or refuse, with the decision's text — and printed as
a decision document naming the decider; it is never transferred to the street or a
department. Only the station staff of that community decide (role AND place); the street
sees it. Through the request page (views) and the REST API."""

import pytest
from django.urls import reverse

from gongzhi.core.models import AuditEntry
from gongzhi.org.roles import Role
from gongzhi.services import actions
from gongzhi.services.models import ServiceItem, ServiceRequest, Status
from tests.conftest import make_user
from tests.tools import pdffonts, pdftotext

API = "/api/services/requests/"


@pytest.fixture
def delegated(menu):
    return ServiceItem.objects.create(
        code="T010",
        name="老年人优待证办理",
        category=menu["cat"],
        handled_at=ServiceItem.Place.STATION,
        delegated_approval=True,
        time_limit_days=5,
        materials=["居民身份证"],
    )


def _accepted(item, world, users, community="c1"):
    c = world[community]
    req = actions.submit_request(
        item,
        street=c.street,
        community=c,
        channel="window",
        user=users["station_staff"],
        applicant_name="李四",
    )
    return actions.do_transition(users["street_staff"], req, "accept")


def _act(client, req, **data):
    return client.post(reverse("services:request_act", args=[req.pk]), data, follow=True)


def _api_act(client, req, **data):
    return client.post(f"{API}{req.pk}/transition/", data, content_type="application/json")


def test_community_station_decides_on_the_page_and_the_pdf_names_decision_and_decider(
    delegated, world, users, verified_client
):
    req = _accepted(delegated, world, users)
    staff = users["station_staff"]
    staff.first_name, staff.last_name = "芳", "王"
    staff.save()
    client = verified_client(staff)
    page = client.get(reverse("services:request_detail", args=[req.pk]))
    offered = {a for a, _ in page.context["actions"]}
    assert {"decide_approve", "decide_refuse"} <= offered
    assert not offered & {"transfer", "complete"}
    assert 'name="department"' not in page.content.decode()

    no_text = _act(client, req, action="decide_approve", note="")
    assert ServiceRequest.objects.get(pk=req.pk).status == Status.ACCEPTED
    assert any("decision" in str(m) or "决定" in str(m) for m in no_text.context["messages"])

    _act(client, req, action="decide_approve", note="经审核符合条件，准予发放优待证")
    done = ServiceRequest.objects.get(pk=req.pk)
    assert done.status == Status.COMPLETED and done.decision == "approved"
    assert done.decided_by == staff and done.decided_at is not None
    assert done.decision_text == "经审核符合条件，准予发放优待证"
    step = done.transitions.last()
    assert (step.action, step.actor) == ("decide_approve", staff)
    entry = AuditEntry.objects.filter(
        action=AuditEntry.Action.TRANSITION, object_id=str(req.pk), actor=staff
    ).latest("pk")
    assert (
        entry.verb == "services.do_transition" and entry.reason == "经审核符合条件，准予发放优待证"
    )
    assert entry.after["decision"] == "approved" and entry.after["decided_by"] == staff.pk

    page = client.get(reverse("services:request_detail", args=[req.pk])).content.decode()
    pdf_url = reverse("services:decision_pdf", args=[req.pk])
    assert pdf_url in page
    response = client.get(pdf_url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdftotext(response.content)
    assert "经审核符合条件，准予发放优待证" in text
    assert "王芳" in text or "芳 王" in text or "芳王" in text
    assert done.tracking_code in text
    assert "CJK" in pdffonts(response.content)


def test_api_decision_refuses_and_pdf_downloads(delegated, world, users, verified_client):
    req = _accepted(delegated, world, users)
    client = verified_client(users["station_staff"])
    missing = client.get(f"{API}{req.pk}/decision-pdf/")
    assert missing.status_code == 404  # not decided yet
    answer = _api_act(client, req, action="decide_refuse", note="年龄不符合条件，不予批准")
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert body["status"] == "refused" and body["decision"] == "refused"
    assert body["decided_by"] == users["station_staff"].pk
    pdf = client.get(f"{API}{req.pk}/decision-pdf/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = pdftotext(pdf.content)
    assert "年龄不符合条件，不予批准" in text and "station_staff" in text
    # the street sees the request and its decision document
    street = verified_client(users["street_staff"])
    assert street.get(f"{API}{req.pk}/").status_code == 200
    assert street.get(f"{API}{req.pk}/decision-pdf/").status_code == 200


def test_street_level_users_see_but_may_not_decide(delegated, world, users, verified_client):
    req = _accepted(delegated, world, users)
    street_station = make_user("street_station", Role.STATION_STAFF, world["s1"])
    for user in (users["street_staff"], users["street_admin"], street_station):
        client = verified_client(user)
        page = client.get(reverse("services:request_detail", args=[req.pk]))
        assert page.status_code == 200, user
        assert not {a for a, _ in page.context["actions"]} & {"decide_approve", "decide_refuse"}
        response = client.post(
            reverse("services:request_act", args=[req.pk]),
            {"action": "decide_approve", "note": "准予"},
        )
        assert response.status_code == 403, user
        assert _api_act(client, req, action="decide_approve", note="准予").status_code == 403
    assert ServiceRequest.objects.get(pk=req.pk).decision == ""


def test_other_community_staff_get_404(delegated, world, users, verified_client):
    req = _accepted(delegated, world, users)
    other = make_user("c2_station", Role.STATION_STAFF, world["c2"])
    client = verified_client(other)
    response = client.post(
        reverse("services:request_act", args=[req.pk]), {"action": "decide_approve", "note": "x"}
    )
    assert response.status_code == 404
    assert _api_act(client, req, action="decide_approve", note="x").status_code == 404
    assert client.get(reverse("services:decision_pdf", args=[req.pk])).status_code == 404
    assert ServiceRequest.objects.get(pk=req.pk).status == Status.ACCEPTED


def test_delegated_item_is_not_transferred_nor_completed_without_a_decision(
    delegated, world, users, verified_client
):
    req = _accepted(delegated, world, users)
    client = verified_client(users["street_staff"])
    response = _act(client, req, action="transfer", note="转区民政局", department=world["dept"].pk)
    messages = [str(m) for m in response.context["messages"]]
    assert any("下沉审批" in m for m in messages), messages
    answer = _api_act(client, req, action="transfer", note="转", department=world["dept"].pk)
    assert answer.status_code == 400 and "下沉审批" in answer.content.decode()
    answer = _api_act(client, req, action="complete", note="办结")
    assert answer.status_code == 400
    req.refresh_from_db()
    assert req.status == Status.ACCEPTED and req.transferred_to_department is None


def test_an_item_without_delegated_approval_is_not_decided(menu, world, users, verified_client):
    req = _accepted(menu["simple"], world, users)
    client = verified_client(users["station_staff"])
    page = client.get(reverse("services:request_detail", args=[req.pk]))
    assert not {a for a, _ in page.context["actions"]} & {"decide_approve", "decide_refuse"}
    answer = _api_act(client, req, action="decide_approve", note="准予")
    assert answer.status_code == 400
    assert ServiceRequest.objects.get(pk=req.pk).decision == ""
