"""Objects for the permission matrix (tests/test_permission_matrix.py): an organization of
C1 managed by the contact user, with a member, support, an assessment and a leader living in
G1; and the same in S2/C3 — made through the actions."""

from django.utils import timezone

from gongzhi.civil.actions import leaders as leader_actions
from gongzhi.civil.actions import orgs as actions
from gongzhi.civil.models import Assessment, Leader, Membership, Organization, Support
from gongzhi.registry.models import Building, Resident


def _set(admin, street, community, grid, name, accounts=()):
    org = actions.do_create_organization(
        admin,
        Organization(
            street=street,
            community=community,
            name=name,
            kind="association",
            legal_status="filed",
            filing_number="矩阵备1",
        ),
        accounts=list(accounts),
    )
    resident = Resident.objects.create(community=community, grid=grid, name="矩阵居民")
    building = Building.objects.create(
        community=community, grid=grid, name="矩阵楼", address=f"矩阵民间路{community.pk}号"
    )
    actions.do_add_member(admin, Membership(organization=org, resident=resident))
    actions.do_add_support(
        admin,
        Support(
            organization=org, kind="space", given_on=timezone.localdate(), description="活动室"
        ),
    )
    actions.do_assess(
        admin, Assessment(organization=org, year=timezone.localdate().year, grade="good")
    )
    leader_actions.do_recognize_leader(
        admin, Leader(resident=resident, kind="building_head", building=building)
    )


def build(world, users):
    _set(
        users["street_admin"],
        world["s1"],
        world["c1"],
        world["g1"],
        "矩阵舞蹈队",
        accounts=[users["social_org_contact"]],
    )
    _set(users["outsider"], world["s2"], world["c3"], world["g4"], "矩阵外街道队")
    # Every grid worker sees a leader of their grid.
    for grid in ("g2", "g3"):
        resident = Resident.objects.create(
            community=world[grid].community, grid=world[grid], name="矩阵领袖"
        )
        leader_actions.do_recognize_leader(
            users["street_admin"],
            Leader(resident=resident, kind="resident_leader", group_name="矩阵小组"),
        )
    actions.do_create_organization(  # charlie's community C2 has one too
        users["street_admin"],
        Organization(
            street=world["s1"],
            community=world["c2"],
            name="矩阵和谐队",
            kind="volunteer",
            legal_status="filed",
            filing_number="矩阵备2",
        ),
    )
