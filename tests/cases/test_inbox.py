"""In-app notifications (the bell) from cases: the unit hears of a case dispatched to it, of
催办 and 督办, and of a case back from verification; the dispatchers hear of one sent back
(退单). Each links to the case; nobody outside the unit hears of it. The dispatcher's
finishing steps are on their 已办 page."""

import re

import pytest
from django.urls import reverse

from gongzhi.cases import actions
from gongzhi.core.models import Notification

pytestmark = pytest.mark.django_db


def texts(user) -> list[str]:
    return list(
        Notification.objects.filter(user=user).order_by("pk").values_list("text", flat=True)
    )


def test_the_unit_hears_of_dispatch_reminder_and_supervision(report, users, tree, verified_client):
    case = actions.do_accept(users["street_staff"], report())
    case = actions.do_dispatch(users["street_staff"], case, unit=tree["units"]["c1"])
    assert (
        len(texts(users["station_staff"])) == 1 and case.number in texts(users["station_staff"])[0]
    )
    assert texts(users["street_staff"]) == []  # the dispatcher who did it
    assert texts(users["department_staff"]) == []  # another unit
    actions.do_remind(users["street_staff"], case, "请尽快处置")
    actions.do_supervise(users["street_admin"], case, "街道督办")
    heard = texts(users["station_staff"])
    assert len(heard) == 3 and "请尽快处置" in heard[1] and "街道督办" in heard[2]
    client = verified_client(users["station_staff"])
    page = client.get(reverse("home")).content.decode()
    assert 'data-unread="3"' in page
    note = Notification.objects.filter(user=users["station_staff"]).first()
    response = client.get(reverse("inbox:open", args=[note.pk]))
    assert response["Location"] == reverse("cases:detail", args=[case.pk])
    assert client.get(response["Location"]).status_code == 200


def test_the_department_hears_of_its_case_and_the_dispatcher_of_a_send_back(report, users, tree):
    case = actions.do_accept(users["street_staff"], report())
    case = actions.do_dispatch(users["street_staff"], case, unit=tree["units"]["dept"])
    assert len(texts(users["department_staff"])) == 1
    assert texts(users["station_staff"]) == []
    actions.do_send_back(users["department_staff"], case, "不属于本局职责")
    sent_back = [t for t in texts(users["street_staff"]) if "不属于本局职责" in t]
    assert len(sent_back) == 1


def test_the_dispatchers_done_page_lists_the_dispatch(report, users, tree, verified_client):
    case = actions.do_accept(users["street_staff"], report())
    case = actions.do_dispatch(users["street_staff"], case, unit=tree["units"]["c1"])
    page = verified_client(users["street_staff"]).get(reverse("inbox:done")).content.decode()
    assert re.findall(r'href="/cases/(\d+)/"', page) == [str(case.pk)]  # accepting: not a finish
    assert "网格事件已派遣" in page
