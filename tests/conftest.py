"""Shared fixtures. Access boundaries are built in (healthchecks' alice/bob/charlie):

street "Qingshan" (S1) with communities C1 (grids G1, G2) and C2 (grid G3); a second street
S2 with community C3. `users` holds one user per role at a known place:

- street_admin, street_staff, department_staff: street S1
- party_secretary, committee_member, station_staff, resident, social_org_contact,
  care_provider: community C1
- grid_worker (alice): grid G1;  bob: grid worker of G2;  charlie: grid worker of G3 (C2)
- outsider: street admin of S2
"""

import pytest
from django.contrib.auth import get_user_model

from gongzhi.org import services
from gongzhi.org.models import Community, Department, Grid, Street
from gongzhi.org.roles import Role

PASSWORD = "correct-horse-battery-9"
# The keys of `users` holding one role each, in the order of org.roles.Role.
ROLE_USERS = [
    "street_admin",
    "street_staff",
    "department_staff",
    "party_secretary",
    "committee_member",
    "station_staff",
    "grid_worker",
    "resident",
    "social_org_contact",
    "care_provider",
]


@pytest.fixture
def world(db):
    s1 = Street.objects.create(name="青山街道", division_code="150204001000")
    s2 = Street.objects.create(name="建邺街道", division_code="320105002000")
    c1 = Community.objects.create(
        street=s1,
        name="幸福社区",
        code="001",
        structure=Community.Structure.PARTY_STATION_COMMITTEE,
        household_count=650,
    )
    c2 = Community.objects.create(
        street=s1,
        name="和谐社区",
        code="002",
        structure=Community.Structure.PARTY_COMMITTEE,
        household_count=420,
    )
    c3 = Community.objects.create(
        street=s2,
        name="莫愁社区",
        code="001",
        structure=Community.Structure.PARTY_COMMITTEE_STATION,
        household_count=500,
    )
    g1 = Grid.objects.create(community=c1, number=1)
    g2 = Grid.objects.create(community=c1, number=2)
    g3 = Grid.objects.create(community=c2, number=1)
    g4 = Grid.objects.create(community=c3, number=1)
    dept = Department.objects.create(name="区民政局", code="civil-affairs")
    return {
        "s1": s1,
        "s2": s2,
        "c1": c1,
        "c2": c2,
        "c3": c3,
        "g1": g1,
        "g2": g2,
        "g3": g3,
        "g4": g4,
        "dept": dept,
    }


def make_user(username, role=None, place=None, **kwargs):
    user = get_user_model().objects.create_user(username=username, password=PASSWORD)
    if role:
        services.assign_role(user, role, place, **kwargs)
    return user


@pytest.fixture
def users(world):
    w = world
    return {
        "street_admin": make_user("street_admin", Role.STREET_ADMIN, w["s1"]),
        "street_staff": make_user("street_staff", Role.STREET_STAFF, w["s1"]),
        "department_staff": make_user(
            "department_staff", Role.DEPARTMENT_STAFF, w["s1"], department=w["dept"]
        ),
        "party_secretary": make_user("party_secretary", Role.PARTY_SECRETARY, w["c1"]),
        "committee_member": make_user("committee_member", Role.COMMITTEE_MEMBER, w["c1"]),
        "station_staff": make_user("station_staff", Role.STATION_STAFF, w["c1"]),
        "grid_worker": make_user("alice", Role.GRID_WORKER, w["g1"]),
        "resident": make_user("resident", Role.RESIDENT, w["c1"]),
        "social_org_contact": make_user("social_org_contact", Role.SOCIAL_ORG_CONTACT, w["c1"]),
        "care_provider": make_user("care_provider", Role.CARE_PROVIDER, w["c1"]),
        "bob": make_user("bob", Role.GRID_WORKER, w["g2"]),
        "charlie": make_user("charlie", Role.GRID_WORKER, w["g3"]),
        "outsider": make_user("outsider", Role.STREET_ADMIN, w["s2"]),
        "nobody": make_user("nobody"),
    }


@pytest.fixture
def verified_client(client):
    """A test client whose log-in has passed the second factor (django-otp)."""

    def login(user):
        client.force_login(user)
        from django_otp.plugins.otp_static.models import StaticDevice

        device, _ = StaticDevice.objects.get_or_create(user=user, name="test")
        session = client.session
        session["otp_device_id"] = device.persistent_id
        session.save()
        return client

    return login


def pytest_terminal_summary(terminalreporter):
    """Say what an opt-out left out, right above pytest's closing line: a missing tool is
    never a silent skip (tests/tools.py), and SKIP_BROWSER=1 is the only way to leave tests
    out."""
    left_out = [
        r for r in terminalreporter.stats.get("skipped", []) if "SKIP_BROWSER=1" in str(r.longrepr)
    ]
    if left_out:
        terminalreporter.write_line(
            f"left out: {len(left_out)} browser tests (SKIP_BROWSER=1; Chromium not used)",
            yellow=True,
        )
