"""The workbench's to-dos for cases: each user hears of the cases waiting for a step they may
take — in their place and of their unit — and nobody else's; each card's count is the length
of the list it links to."""

import re

from django.urls import reverse

from gongzhi.cases import actions
from gongzhi.cases.actions.flow import waiting_for

WARNING = 'data-todo="cases-waiting"'


def home(verified_client, user) -> str:
    return verified_client(user).get(reverse("home")).content.decode()


def card(page: str, key: str) -> int | None:
    found = re.search(rf'href="([^"]+)" data-todo="{key}" data-count="(\d+)"', page)
    return int(found.group(2)) if found else None


def listed(client, page: str, key: str) -> list[str]:
    href = re.search(rf'href="([^"]+)" data-todo="{key}"', page).group(1).replace("&amp;", "&")
    return re.findall(r'href="/cases/(\d+)/"', client.get(href).content.decode())


def test_the_grid_worker_hears_of_cases_to_verify_in_their_own_grid_only(
    verified_client, report, walk, users, world
):
    case = walk(report(by=users["bob"], grid=world["g2"]), "report_done")
    assert list(waiting_for(users["bob"])) == [case]
    client = verified_client(users["bob"])
    page = client.get(reverse("home")).content.decode()
    assert card(page, "cases-waiting") == 1 and card(page, "cases-overdue") == 0
    assert "等您处理的网格事件" in page
    assert listed(client, page, "cases-waiting") == [str(case.pk)]
    assert not waiting_for(users["grid_worker"]).exists()  # the grid worker of G1
    assert card(home(verified_client, users["grid_worker"]), "cases-waiting") == 0


def test_the_dispatcher_hears_of_reported_cases(verified_client, report, users):
    case = report()
    assert list(waiting_for(users["street_staff"])) == [case]
    assert card(home(verified_client, users["street_staff"]), "cases-waiting") == 1
    actions.do_accept(users["street_staff"], case)
    assert list(waiting_for(users["street_staff"])) == [case]  # still to dispatch
    actions.do_dispatch(users["street_staff"], case)
    assert not waiting_for(users["street_staff"]).exists()


def test_a_unit_hears_only_of_the_cases_dispatched_to_it(verified_client, report, users, tree):
    to_dept = actions.do_accept(users["street_staff"], report())
    to_dept = actions.do_dispatch(users["street_staff"], to_dept, unit=tree["units"]["dept"])
    to_community = actions.do_accept(users["street_staff"], report())
    to_community = actions.do_dispatch(users["street_staff"], to_community)
    assert list(waiting_for(users["department_staff"])) == [to_dept]
    assert list(waiting_for(users["station_staff"])) == [to_community]
    client = verified_client(users["department_staff"])
    page = client.get(reverse("home")).content.decode()
    assert card(page, "cases-waiting") == 1
    assert listed(client, page, "cases-waiting") == [str(to_dept.pk)]
    assert not waiting_for(users["resident"]).exists()
    assert WARNING not in home(verified_client, users["resident"])  # no step to take


def test_a_unit_hears_of_the_reminder_and_the_supervision(verified_client, report, users):
    """催办 and 督办 reach the unit on its home page, not only in the case's history."""
    case = actions.do_accept(users["street_staff"], report())
    case = actions.do_dispatch(users["street_staff"], case)
    assert card(home(verified_client, users["station_staff"]), "cases-pressed") == 0
    actions.do_remind(users["street_staff"], case, "请尽快处置")
    client = verified_client(users["station_staff"])
    page = client.get(reverse("home")).content.decode()
    assert card(page, "cases-pressed") == 1
    assert listed(client, page, "cases-pressed") == [str(case.pk)]
