"""The registry demo data (registry.demo): idempotent, valid ID numbers, consistent counts."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Count

from gongzhi.core import idnumber
from gongzhi.org.demo import STREET_CODE
from gongzhi.org.models import Community, Grid, RoleAssignment, Street
from gongzhi.org.roles import Role
from gongzhi.org.services import assign_role
from gongzhi.registry import demo
from gongzhi.registry.models import Building, Household, Resident, ResidentTag


@pytest.fixture
def demo_street(db):
    street = Street.objects.create(name="示范街道", division_code=STREET_CODE)
    for code, lat, lng in (
        ("001", "32.046100", "118.797200"),
        ("002", "32.038500", "118.765400"),
        ("003", "32.049800", "118.806600"),
        ("004", "32.041200", "118.783900"),
    ):
        Community.objects.create(
            street=street,
            code=code,
            name=f"社区{code}",
            center_lat=Decimal(lat),
            center_lng=Decimal(lng),
            structure=Community.Structure.PARTY_COMMITTEE,
        )
    # The org demo's street admin, who appoints the grid workers (org.actions).
    admin = get_user_model().objects.create_user("demo_street_admin")
    assign_role(admin, Role.STREET_ADMIN, street)
    get_user_model().objects.create_user("demo_grid_worker")
    resident_user = get_user_model().objects.create_user("demo_resident")
    assign_role(resident_user, Role.RESIDENT, Community.objects.get(street=street, code="001"))
    return street


def test_load_twice_gives_the_same_data(demo_street):
    first = demo.load(None, scale=0.05)
    counts = (
        Building.objects.count(),
        Household.objects.count(),
        Resident.objects.count(),
        ResidentTag.objects.count(),
    )
    ids = set(Resident.objects.values_list("id", flat=True))
    second = demo.load(None, scale=0.05)
    assert first == second
    assert counts == (
        Building.objects.count(),
        Household.objects.count(),
        Resident.objects.count(),
        ResidentTag.objects.count(),
    )
    assert set(Resident.objects.values_list("id", flat=True)) == ids  # untouched, not rebuilt
    communities = list(Community.objects.filter(street=demo_street))
    assert demo.db_fingerprint(communities) == first
    assert 250 <= Household.objects.count() <= 400


def test_a_changed_row_is_brought_back(demo_street):
    expected = demo.load(None, scale=0.05)
    Resident.objects.filter(pk=Resident.objects.order_by("pk").first().pk).update(name="改过的")
    assert demo.load(None, scale=0.05) == expected
    assert not Resident.objects.filter(name="改过的").exists()
    assert demo.db_fingerprint(list(Community.objects.all())) == expected


def test_id_numbers_are_valid_and_match_birth_date_and_sex(demo_street):
    demo.load(None, scale=0.05)
    residents = list(Resident.objects.all())
    with_id = [r for r in residents if r.id_number]
    assert len(with_id) >= 0.95 * len(residents)
    for r in with_id:
        info = idnumber.parse(r.id_number)
        assert (
            info.birth_date == r.birth_date and info.sex == r.sex and r.id_last4 == r.id_number[-4:]
        )
    assert len({r.id_number for r in with_id}) == len(with_id)


def test_counts_grids_and_people_are_consistent(demo_street):
    demo.load(None, scale=0.05)
    for b in Building.objects.annotate(n=Count("households")):
        assert b.household_count == b.n
        assert b.grid is not None and b.lat is not None
    for h in Household.objects.select_related("building", "head"):
        assert (
            h.grid_id == h.building.grid_id and h.head is not None and h.head.household_id == h.pk
        )
    for c in Community.objects.filter(street=demo_street):
        assert c.household_count == Household.objects.filter(community=c).count()
        assert Grid.objects.filter(community=c, buildings__isnull=False).distinct().exists()
    assert Resident.objects.exclude(grid_id=None).count() == Resident.objects.count()
    assert RoleAssignment.objects.filter(
        user__username="demo_grid_worker", role=Role.GRID_WORKER
    ).exists()
    ages = [r.birth_date.year for r in Resident.objects.all()]
    assert any(y <= 1966 for y in ages) and any(y <= 1946 for y in ages)  # 60+ and 80+
    assert Resident.objects.exclude(ethnicity="01").exists()


def test_the_demo_resident_account_is_linked_to_an_adult_of_its_community(demo_street):
    demo.load(None, scale=0.05)
    linked = Resident.objects.get(account__username="demo_resident")
    assert linked.community.code == "001" and linked.status == "active"
    assert linked.birth_date.year <= 2008
    demo.load(None, scale=0.05)  # idempotent: still the same single link
    assert Resident.objects.get(account__username="demo_resident") == linked


def test_every_demo_grid_has_a_grid_worker_and_a_rerun_adds_none(demo_street):
    demo.load(None, scale=0.05)
    grids = Grid.objects.filter(community__street=demo_street)
    workers = RoleAssignment.objects.active().filter(role=Role.GRID_WORKER, grid__in=grids)
    assert grids.count() > 1
    assert set(workers.values_list("grid", flat=True)) == set(grids.values_list("pk", flat=True))
    assert workers.filter(user__username="demo_grid_worker").count() == 1
    before = workers.count()
    demo.load(None, scale=0.05)
    assert RoleAssignment.objects.active().filter(role=Role.GRID_WORKER).count() == before
    other = workers.exclude(user__username="demo_grid_worker").select_related("user").first()
    assert other.user.username.startswith("demo_gw_") and other.user.has_usable_password()
