"""Objects for the permission matrix (tests/test_permission_matrix.py): one of each model
inside S1/C1 and one in S2/C3."""

from django.utils import timezone

from gongzhi.open311.models import ApiKey
from gongzhi.services import actions
from gongzhi.services.models import (
    Category,
    ItemField,
    Opinion,
    ServiceItem,
    ServiceRequest,
    Status,
    Supervision,
)


def build(world, users):
    cat = Category.objects.create(name="矩阵类别")
    item = ServiceItem.objects.create(
        code="M001", name="矩阵事项", category=cat, materials=["身份证"]
    )
    ItemField.objects.create(item=item, code="f", label="F", kind="text")
    # an item off the menu: the catalog screens list and reactivate it (the menu is not
    # scoped by area, so every route with an item or category has no "outside" object)
    ServiceItem.objects.create(
        code="M002", name="已下架事项", category=cat, active_until="2020-01-01"
    )
    for community, user in (
        (world["c1"], users["station_staff"]),
        (world["c3"], users["outsider"]),
    ):
        # the resident's own request first: routes take the first visible request
        done = actions.submit_request(
            item,
            street=community.street,
            community=community,
            channel="online",
            user=users["resident"],
            applicant_name="矩阵",
        )
        req = actions.submit_request(
            item,
            street=community.street,
            community=community,
            channel="window",
            user=user,
            applicant_name="矩阵",
            applicant_phone="13800000000",
        )
        actions.do_transition(user, done, "accept")
        done = actions.do_transition(user, done, "complete", "ok")
        actions.do_rate(user, done, 5, "好", channel="window")
        # fixture data: the supervising committee has no user in every community here
        Supervision.objects.create(request=req, by=user, note="请加快")
        Opinion.objects.create(community=community, topic="停车", content="停车难")
        # fixture data: a delegated approval already decided, for the decision document
        ServiceRequest.objects.filter(pk=done.pk).update(
            decision="approved", decision_text="准予", decided_by=user, decided_at=timezone.now()
        )
        ApiKey.issue("矩阵", community.street)
    assert req.status == Status.SUBMITTED
    # A request transferred to the department: the one department staff see and
    # handle (made last: routes take the first request by id, the resident's own).
    sent = actions.submit_request(
        item,
        street=world["s1"],
        community=world["c1"],
        channel="window",
        user=users["station_staff"],
        applicant_name="转办",
    )
    actions.do_transition(users["station_staff"], sent, "accept")
    actions.do_transition(
        users["station_staff"], sent, "transfer", "转区民政局", department=world["dept"]
    )
    # the department sees only what was transferred to it: give that one a decision too
    # (access data only; a real delegated approval is never transferred)
    ServiceRequest.objects.filter(pk=sent.pk).update(decision="approved", decision_text="准予")
    from gongzhi.workdays.models import CalendarDay

    CalendarDay.objects.get_or_create(
        date="2026-10-01", defaults={"kind": "holiday", "name": "国庆节"}
    )
