"""The home page's to-do for cases: each user hears of the cases waiting for a step they may
take — in their place and of their unit — and nobody else's."""

from django.urls import reverse

from gongzhi.cases import actions
from gongzhi.cases.actions.flow import waiting_for

WARNING = 'data-warning="cases-waiting"'


def home(verified_client, user) -> str:
    return verified_client(user).get(reverse("home")).content.decode()


def test_the_grid_worker_hears_of_cases_to_verify_in_their_own_grid_only(
    verified_client, report, walk, users, world
):
    case = walk(report(by=users["bob"], grid=world["g2"]), "report_done")
    assert list(waiting_for(users["bob"])) == [case]
    page = home(verified_client, users["bob"])
    assert WARNING in page and "有 1 件网格事件等您处理(其中 0 件已超时)" in page
    assert not waiting_for(users["grid_worker"]).exists()  # the grid worker of G1
    assert WARNING not in home(verified_client, users["grid_worker"])


def test_the_dispatcher_hears_of_reported_cases(verified_client, report, users):
    case = report()
    assert list(waiting_for(users["street_staff"])) == [case]
    assert WARNING in home(verified_client, users["street_staff"])
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
    assert WARNING in home(verified_client, users["department_staff"])
    assert not waiting_for(users["resident"]).exists()
    assert WARNING not in home(verified_client, users["resident"])


def test_a_unit_hears_of_the_reminder_and_the_supervision(verified_client, report, users):
    """催办 and 督办 reach the unit on its home page, not only in the case's history."""
    case = actions.do_accept(users["street_staff"], report())
    case = actions.do_dispatch(users["street_staff"], case)
    assert "催办" not in home(verified_client, users["station_staff"])
    actions.do_remind(users["street_staff"], case, "请尽快处置")
    assert "1 件已被催办或督办" in home(verified_client, users["station_staff"])
