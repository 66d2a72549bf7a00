"""Department scoping (issue 5, parts 4, 6, 7, 9, 10): a user who only works for a
department sees the tasks it sent or that come through its own affairs, the ledgers and
plaques it requires; street and community users keep their area. Checked per role through
the lists, the API (list and detail), the dashboard and its export."""

import csv
import datetime
import io
from functools import partial

import pytest
from django.core.exceptions import ValidationError

from gongzhi.access import actions, figures, queries
from gongzhi.access.models import (
    AdmittedAffair,
    Application,
    CommunityTask,
    Ledger,
    Plaque,
)
from gongzhi.core.context import acting_as
from gongzhi.org.models import Department
from gongzhi.org.roles import Role
from tests.conftest import make_user

from .conftest import TODAY, street_then_bureau_levels


@pytest.fixture
def rows(world):
    """Rows of the user's department (区民政局), of another department (区卫健委) and of the
    street office itself, in street S1 (communities C1, C2) and one in street S2."""
    dept = world["dept"]
    health = Department.objects.create(name="区卫健委", code="health")
    A = partial(
        AdmittedAffair.objects.create,
        street=world["s1"],
        body="station",
        valid_from=datetime.date(2020, 1, 1),
    )
    own_affair = A(department=dept, number=1, name="民政事项")
    other_affair = A(department=health, number=2, name="卫健事项")
    t = CommunityTask.objects.create
    tasks = {
        "own_sent": t(community=world["c1"], department=dept, title="民政局发来的未准入任务"),
        # Through the department's affair, recorded without a sender department.
        "own_affair": t(
            community=world["c2"], affair=own_affair, admitted=True, title="民政事项下的任务"
        ),
        "other": t(community=world["c1"], department=health, title="卫健委发来的任务"),
        "other_affair": t(
            community=world["c1"], affair=other_affair, admitted=True, title="卫健事项下的任务"
        ),
        "street": t(community=world["c2"], title="街道自己布置的任务"),
        "far": t(community=world["c3"], department=dept, title="外街道的民政任务"),
    }
    L = Ledger.objects.create
    ledgers = {
        "own": L(street=world["s1"], name="民政台账", category="民政", department=dept),
        "other": L(street=world["s1"], name="卫健台账", category="卫健", department=health),
        "street": L(street=world["s1"], name="街道台账", category="综合"),
        "far": L(street=world["s2"], name="外街道民政台账", category="民政", department=dept),
    }
    P = Plaque.objects.create
    plaques = {
        "own": P(community=world["c1"], name="民政工作站", kind="other", department=dept),
        "other": P(community=world["c2"], name="卫生健康服务站", kind="other", department=health),
        "party": P(community=world["c1"], name="中共幸福社区委员会", kind="party"),
    }
    return {"tasks": tasks, "ledgers": ledgers, "plaques": plaques, "health": health}


def _names(queryset, field="title"):
    return set(queryset.values_list(field, flat=True))


def _titles(rows, kind, *keys, field="title"):
    return {getattr(rows[kind][k], field) for k in keys}


EXPECTED_TASKS = {
    "department_staff": ("own_sent", "own_affair"),
    "street_admin": ("own_sent", "own_affair", "other", "other_affair", "street"),
    "street_staff": ("own_sent", "own_affair", "other", "other_affair", "street"),
    "party_secretary": ("own_sent", "other", "other_affair"),
    "outsider": ("far",),
    "committee_member": ("own_sent", "other", "other_affair"),
}
EXPECTED_LEDGERS = {
    "department_staff": ("own",),
    "street_staff": ("own", "other", "street"),
    "party_secretary": ("own", "other", "street"),
    "outsider": ("far",),
}


@pytest.mark.parametrize("role", sorted(EXPECTED_TASKS))
def test_tasks_scoped_by_department_for_department_users(rows, users, role):
    visible = _names(CommunityTask.objects.visible_to(users[role]))
    assert visible == _titles(rows, "tasks", *EXPECTED_TASKS[role])


@pytest.mark.parametrize("role", sorted(EXPECTED_LEDGERS))
def test_ledgers_scoped_by_requiring_department(rows, users, role):
    visible = _names(Ledger.objects.visible_to(users[role]), "name")
    assert visible == _titles(rows, "ledgers", *EXPECTED_LEDGERS[role], field="name")


def test_plaques_scoped_by_requiring_department(rows, users):
    assert _names(Plaque.objects.visible_to(users["department_staff"]), "name") == {"民政工作站"}
    assert len(Plaque.objects.visible_to(users["street_staff"])) == 3
    assert _names(Plaque.objects.visible_to(users["party_secretary"]), "name") == {
        "民政工作站",
        "中共幸福社区委员会",
    }
    assert not Plaque.objects.visible_to(users["outsider"]).exists()


@pytest.mark.parametrize("role", ["department_staff", "street_staff", "party_secretary"])
def test_task_list_screen_scoped_per_role(rows, users, verified_client, role):
    body = verified_client(users[role]).get("/access/tasks/").content.decode()
    for key, task in rows["tasks"].items():
        assert (task.title in body) == (key in EXPECTED_TASKS[role]), (role, key)


@pytest.mark.parametrize("role", ["department_staff", "street_staff"])
def test_ledger_list_screen_scoped_per_role(rows, users, verified_client, role):
    body = verified_client(users[role]).get("/access/ledgers/").content.decode()
    for key, ledger in rows["ledgers"].items():
        assert (ledger.name in body) == (key in EXPECTED_LEDGERS[role]), (role, key)


def test_api_tasks_and_ledgers_scoped_for_department_users(rows, users, verified_client):
    c = verified_client(users["department_staff"])
    titles = {t["title"] for t in c.get("/api/access/tasks/").json()["results"]}
    assert titles == _titles(rows, "tasks", "own_sent", "own_affair")
    for key, task in rows["tasks"].items():
        expected = 200 if key in EXPECTED_TASKS["department_staff"] else 404
        assert c.get(f"/api/access/tasks/{task.pk}/").status_code == expected, key
    names = {row["name"] for row in c.get("/api/access/ledgers/").json()["results"]}
    assert names == {"民政台账"}
    assert c.get(f"/api/access/ledgers/{rows['ledgers']['other'].pk}/").status_code == 404
    # Street staff keep the whole street.
    staff = verified_client(users["street_staff"])
    assert staff.get("/api/access/tasks/").json()["count"] == 5
    assert staff.get(f"/api/access/ledgers/{rows['ledgers']['other'].pk}/").status_code == 200


def test_dashboard_and_export_scoped_for_department_users(rows, users, verified_client):
    dept = figures.burden_stats(users["department_staff"], street=None)
    assert dept["unadmitted"] == 1  # own_sent only; not the other department's or street's
    assert dept["ledgers"]["pending"] == 1
    assert dept["plaques_over_limit"] == 1  # C1, where its own plaque is not allowed
    street = figures.burden_stats(users["street_staff"])
    assert street["unadmitted"] == 3 and street["ledgers"]["pending"] == 3
    assert street["plaques_over_limit"] == 2
    response = verified_client(users["department_staff"]).get("/access/dashboard/export/")
    table = dict(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert table["未准入任务"] == "1"
    api = verified_client(users["department_staff"]).get("/api/access/dashboard/").json()
    assert api["unadmitted"] == 1


def test_department_assigns_tasks_only_through_its_own_affairs(rows, users, world):
    own = AdmittedAffair.objects.get(name="民政事项")
    other = AdmittedAffair.objects.get(name="卫健事项")
    dept_user = users["department_staff"]
    with acting_as(dept_user, source="test"):
        with pytest.raises(ValidationError) as exc:
            actions.do_assign_task(dept_user, other, [world["c1"]], title="借用卫健事项")
        assert "affair" in exc.value.message_dict
        tasks = actions.do_assign_task(dept_user, own, [world["c1"]], title="入户走访")
    assert tasks[0].department == world["dept"]
    assert set(queries.assignable_affairs(dept_user)) == {own}
    assert set(queries.assignable_affairs(users["street_staff"])) == {own, other}
    # The street office may send through any affair of its list.
    actions.do_assign_task(users["street_staff"], other, [world["c1"]], title="街道转办")


def test_department_assign_form_offers_only_its_own_affairs(rows, users, verified_client):
    body = verified_client(users["department_staff"]).get("/access/tasks/assign/").content
    assert "民政事项".encode() in body and "卫健事项".encode() not in body


def test_department_records_unadmitted_requests_in_its_own_name(rows, users, world):
    dept_user = users["department_staff"]
    task = actions.do_record_unadmitted_task(dept_user, world["c1"], title="报送材料")
    assert task.department == world["dept"]
    with pytest.raises(ValidationError) as exc:
        actions.do_record_unadmitted_task(
            dept_user, world["c1"], title="代卫健委报送", department=rows["health"]
        )
    assert "department" in exc.value.message_dict
    assert CommunityTask.objects.visible_to(dept_user).filter(pk=task.pk).exists()


def test_department_sees_applications_once_they_reach_its_review_level(
    make_app, users, world, rows
):
    """The district bureau reviewing at level 2 sees another department's application from
    the moment it reaches its level — not drafts, not before."""
    street_then_bureau_levels(world["s1"], rows["health"], "区卫健委审核")
    bureau = make_user("bureau", Role.DEPARTMENT_STAFF, world["s1"], department=rows["health"])
    app = make_app()
    assert not Application.objects.visible_to(bureau).filter(pk=app.pk).exists()
    app = actions.do_submit(users["department_staff"], app, today=TODAY)
    assert not Application.objects.visible_to(bureau).filter(pk=app.pk).exists()
    app = actions.do_decide(users["street_staff"], app, "approve")
    assert Application.objects.visible_to(bureau).filter(pk=app.pk).exists()
    actions.do_decide(bureau, app, "approve")
    assert Application.objects.visible_to(bureau).filter(pk=app.pk).exists()
