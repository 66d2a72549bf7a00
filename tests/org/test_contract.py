"""The write contract on the organization (docs/architecture.md, "every write is an action"):
each do_ action writes exactly one audit event carrying its verb; a role counts only in its
own place (Denied, audited, nothing written); the security rules on roles (accounts of the
actor's area only, never one's own street-admin role) hold inside the actions."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from rest_framework.test import APIClient

from gongzhi.core.actions import REGISTRY
from gongzhi.core.errors import ActionError, Common, Denied
from gongzhi.core.models import AuditEntry
from gongzhi.org import actions
from gongzhi.org.errors import Code
from gongzhi.org.models import (
    CareCentre,
    CommitteeDuty,
    CommitteeMember,
    Community,
    Department,
    DispatchedCadre,
    Grid,
    PartyCommittee,
    Provider,
    ResidentsCommittee,
    ResidentsGroup,
    RoleAssignment,
    ServiceStation,
    Staff,
    Street,
    StreetUnit,
    WorkingCommittee,
    WorkingGroup,
)
from gongzhi.org.roles import Role
from gongzhi.org.services import assign_role
from tests.conftest import make_user

pytestmark = pytest.mark.django_db
START = datetime.date(2024, 1, 1)


def _api(user):
    c = APIClient()
    c.force_authenticate(user)
    return c


@pytest.fixture
def org(world):
    """Bodies of C1 (made by the superuser's action, outside the counted part)."""
    root = get_user_model().objects.create_superuser("root", password="x")
    w = world
    rc = actions.do_create_residents_committee(
        root, ResidentsCommittee(community=w["c1"], name="幸福社区居委会")
    )
    station = actions.do_create_service_station(
        root, ServiceStation(street=w["s1"], community=w["c1"], name="幸福社区工作站")
    )
    provider = actions.do_create_provider(root, Provider(name="康乐养老", kind="care"))
    return {"root": root, "rc": rc, "station": station, "provider": provider}


# model → a new record of it (in S1 / C1), given the world and the org fixture
NEW = {
    Street: lambda w, o: Street(name="新街道", division_code="150204009000"),
    StreetUnit: lambda w, o: StreetUnit(street=w["s1"], name="党政办"),
    Department: lambda w, o: Department(name="区卫健委", code="health"),
    Community: lambda w, o: Community(
        street=w["s1"],
        name="新社区",
        code="009",
        structure=Community.Structure.PARTY_STATION_COMMITTEE,
        household_count=300,
    ),
    Grid: lambda w, o: Grid(community=w["c1"], number=9),
    CommitteeDuty: lambda w, o: CommitteeDuty(street=w["s1"], name="协助人口普查"),
    PartyCommittee: lambda w, o: PartyCommittee(community=w["c1"], name="幸福社区党委"),
    ResidentsCommittee: lambda w, o: ResidentsCommittee(community=w["c2"], name="和谐居委会"),
    CommitteeMember: lambda w, o: CommitteeMember(
        committee=o["rc"], name="张委员", start_date=START
    ),
    WorkingCommittee: lambda w, o: WorkingCommittee(committee=o["rc"], name="人民调解委员会"),
    ServiceStation: lambda w, o: ServiceStation(street=w["s2"], community=w["c3"], name="莫愁站"),
    WorkingGroup: lambda w, o: WorkingGroup(station=o["station"], name="民政组"),
    ResidentsGroup: lambda w, o: ResidentsGroup(community=w["c1"], number=1, name="一组"),
    Staff: lambda w, o: Staff(street=w["s1"], community=w["c1"], name="王社工", position="社工"),
    DispatchedCadre: lambda w, o: DispatchedCadre(
        department=w["dept"], community=w["c1"], name="赵干部", post="第一书记", start_date=START
    ),
    Provider: lambda w, o: Provider(name="市一医院", kind="hospital"),
    CareCentre: lambda w, o: CareCentre(
        community=w["c1"], name="幸福养老服务站", operator=o["provider"]
    ),
    RoleAssignment: lambda w, o: RoleAssignment(
        user=make_user("newcomer"), role=Role.GRID_WORKER, grid=w["g1"]
    ),
}
# the one record whose create is run by the superuser (a street admin holds S1 only)
OUTSIDE_S1 = {Street, ServiceStation}


def _actor(model, users, org):
    return org["root"] if model in OUTSIDE_S1 else users["street_admin"]


def _record_cases():
    cases = {}
    for model in NEW:
        for verb, table in (("create", actions.CREATE), ("update", actions.UPDATE)):
            cases[table[model].verb.split(".", 1)[1]] = (model, verb)
        cases[actions.DELETE[model].verb.split(".", 1)[1]] = (model, "delete")
    return cases


RECORD_CASES = _record_cases()


def _run_record(model, verb, world, users, org):
    actor = _actor(model, users, org)
    obj = NEW[model](world, org)
    if verb == "create":
        return lambda: actions.CREATE[model](actor, obj)
    obj = actions.CREATE[model](org["root"], obj)
    if verb == "update":
        return lambda: actions.UPDATE[model](actor, obj)
    return lambda: actions.DELETE[model](actor, obj)


def _then(value, run):
    """Set-up done now (`value`), the counted part later: `run(value)`."""
    return lambda: run(value)


def _member(org):
    return actions.do_add_committee_member(org["root"], org["rc"], name="李委员", start_date=START)


OTHER_CASES = {
    "do_add_committee_member": lambda w, u, o: (
        lambda: actions.do_add_committee_member(
            u["party_secretary"], o["rc"], name="刘委员", start_date=START
        )
    ),
    "do_change_committee_member": lambda w, u, o: _then(
        _member(o), lambda m: actions.do_change_committee_member(u["party_secretary"], m, paid=True)
    ),
    "do_end_committee_member": lambda w, u, o: _then(
        _member(o), lambda m: actions.do_end_committee_member(u["party_secretary"], m)
    ),
    "do_assign_role": lambda w, u, o: _then(
        make_user("helper"),
        lambda helper: actions.do_assign_role(u["street_admin"], w["g2"], helper, Role.GRID_WORKER),
    ),
    "do_end_assignment": lambda w, u, o: _then(
        assign_role(make_user("leaver"), Role.GRID_WORKER, w["g1"]),
        lambda a: actions.do_end_assignment(u["street_admin"], a),
    ),
}


def test_every_org_action_has_a_case():
    org_verbs = {v.split(".", 1)[1] for v in REGISTRY if v.startswith("org.")}
    assert org_verbs == set(RECORD_CASES) | set(OTHER_CASES)


@pytest.mark.parametrize("name", sorted(RECORD_CASES) + sorted(OTHER_CASES))
def test_each_action_writes_exactly_one_audit_event_with_its_verb(name, world, users, org):
    if name in RECORD_CASES:
        run = _run_record(*RECORD_CASES[name], world, users, org)
    else:
        run = OTHER_CASES[name](world, users, org)
    last = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
    run()
    new = list(AuditEntry.objects.filter(id__gt=last))
    assert [e.verb for e in new] == [f"org.{name}"], [(e.verb, e.action) for e in new]


def test_a_new_community_gets_its_bodies_in_the_same_one_event(world, users):
    community = actions.do_create_community(users["street_admin"], NEW[Community](world, {}))
    entry = AuditEntry.objects.get(verb="org.do_create_community")
    assert entry.object_id == str(community.pk)
    assert {a["model"] for a in entry.extra["also"]} >= {"partycommittee", "residentscommittee"}
    assert ResidentsCommittee.objects.filter(community=community).exists()


# --- role AND place --------------------------------------------------------------------------


def test_a_street_admin_may_not_act_in_another_street(world, users, org):
    outsider = users["outsider"]  # street admin of S2
    cases = [
        lambda: actions.do_create_grid(outsider, Grid(community=world["c1"], number=8)),
        lambda: actions.do_update_community(outsider, world["c1"]),
        lambda: actions.do_create_staff(
            outsider, Staff(street=world["s1"], name="越界", position="社工")
        ),
        lambda: actions.do_assign_role(outsider, world["g1"], make_user("x1"), Role.GRID_WORKER),
        lambda: actions.do_add_committee_member(outsider, org["rc"], name="越界", start_date=START),
    ]
    for case in cases:
        with pytest.raises(Denied):
            case()
    assert not Grid.objects.filter(number=8).exists()
    assert not Staff.objects.filter(name="越界").exists()
    assert not CommitteeMember.objects.filter(name="越界").exists()
    assert not RoleAssignment.objects.filter(user__username="x1").exists()
    denied = AuditEntry.objects.filter(action=AuditEntry.Action.DENIED, actor=outsider)
    assert denied.count() == len(cases)
    assert {e.verb for e in denied} == {
        "org.do_create_grid",
        "org.do_update_community",
        "org.do_create_staff",
        "org.do_assign_role",
        "org.do_add_committee_member",
    }


def test_a_party_secretary_of_c1_may_not_add_members_or_staff_in_c2(world, users):
    secretary = users["party_secretary"]
    c2_committee = actions.do_create_residents_committee(
        users["street_admin"], ResidentsCommittee(community=world["c2"], name="和谐居委会")
    )
    with pytest.raises(Denied):
        actions.do_add_committee_member(secretary, c2_committee, name="越界", start_date=START)
    with pytest.raises(Denied):
        actions.do_create_staff(
            secretary, Staff(street=world["s1"], community=world["c2"], name="越界", position="x")
        )
    assert not CommitteeMember.objects.filter(name="越界").exists()
    assert not Staff.objects.filter(name="越界").exists()


def test_a_party_secretary_may_not_create_grids_even_in_c1(world, users):
    """The role grants no grid edits (street admins draw grids): Denied in its own place."""
    with pytest.raises(Denied):
        actions.do_create_grid(users["party_secretary"], Grid(community=world["c1"], number=7))
    assert not Grid.objects.filter(number=7).exists()


def test_moving_a_record_out_of_the_area_is_refused_and_nothing_is_written(world, users):
    staff = actions.do_create_staff(
        users["party_secretary"],
        Staff(street=world["s1"], community=world["c1"], name="王社工", position="社工"),
    )
    staff.community = world["c2"]
    with pytest.raises(ActionError) as exc:
        actions.do_update_staff(users["party_secretary"], staff)
    assert exc.value.code == Common.OUT_OF_SCOPE
    assert Staff.objects.get(pk=staff.pk).community_id == world["c1"].pk
    assert not AuditEntry.objects.filter(verb="org.do_update_staff").exists()


# --- the role rules inside the actions -----------------------------------------------------


def test_a_street_admin_gives_roles_only_to_accounts_of_their_area(world, users):
    """An account holding a role in another street cannot be enlisted (PIPL)."""
    foreigner = make_user("foreigner", Role.GRID_WORKER, world["g4"])  # S2
    with pytest.raises(ActionError) as exc:
        actions.do_assign_role(users["street_admin"], world["g1"], foreigner, Role.GRID_WORKER)
    assert exc.value.code == Code.USER_OUT_OF_AREA
    assert not RoleAssignment.objects.filter(user=foreigner, grid=world["g1"]).exists()
    # the same through the API
    r = _api(users["street_admin"]).post(
        "/api/role-assignments/",
        {"user": foreigner.pk, "role": Role.GRID_WORKER, "grid": world["g1"].pk},
        format="json",
    )
    assert r.status_code == 400, r.content
    assert not RoleAssignment.objects.filter(user=foreigner, grid=world["g1"]).exists()


def test_nobody_ends_or_deletes_their_own_street_admin_role(users):
    admin = users["street_admin"]
    own = RoleAssignment.objects.get(user=admin, role=Role.STREET_ADMIN)
    with pytest.raises(ActionError) as exc:
        actions.do_end_assignment(admin, own)
    assert exc.value.code == Code.OWN_ADMIN_ROLE
    with pytest.raises(ActionError) as exc:
        actions.do_delete_assignment(admin, own)
    assert exc.value.code == Code.OWN_ADMIN_ROLE
    own.refresh_from_db()
    assert own.end_date is None
    r = _api(admin).delete(f"/api/role-assignments/{own.pk}/")
    assert r.status_code == 400, r.content
    assert RoleAssignment.objects.filter(pk=own.pk).exists()


def test_another_street_admin_ends_the_role(world, users):
    admin = users["street_admin"]
    own = RoleAssignment.objects.get(user=admin, role=Role.STREET_ADMIN)
    colleague = make_user("colleague", Role.STREET_ADMIN, world["s1"])
    ended = actions.do_end_assignment(colleague, own)
    assert ended.end_date == datetime.date.today()
    entry = AuditEntry.objects.get(verb="org.do_end_assignment")
    assert entry.actor == colleague
