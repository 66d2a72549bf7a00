"""Fixtures of the civil tests (on top of tests/conftest.py's `world` and `users`): a building
and two residents of C1, a resident of C2, and one organization of C1 (filed at the street)
whose contact account is `users["social_org_contact"]`. Kept small: other civil tests build
on them."""

import pytest

from gongzhi.civil.actions import orgs as org_actions
from gongzhi.civil.choices import LegalStatus, OrgKind
from gongzhi.civil.models import Organization
from gongzhi.registry.models import Building, Resident


@pytest.fixture
def building(world):
    return Building.objects.create(
        community=world["c1"], grid=world["g1"], name="3号楼", address="幸福路3号"
    )


@pytest.fixture
def residents(world, building):
    c1, c2 = world["c1"], world["c2"]
    return {
        "wang": Resident.objects.create(community=c1, grid=world["g1"], name="王秀英"),
        "li": Resident.objects.create(community=c1, grid=world["g2"], name="李建国"),
        "zhao": Resident.objects.create(community=c2, grid=world["g3"], name="赵敏"),
    }


@pytest.fixture
def org(world, users):
    """舞蹈队 of C1, filed at the street; managed by users["social_org_contact"]."""
    made = org_actions.do_create_organization(
        users["street_admin"],
        Organization(
            street=world["s1"],
            community=world["c1"],
            name="幸福社区舞蹈队",
            kind=OrgKind.ASSOCIATION,
            legal_status=LegalStatus.FILED,
            filing_number="青山备2026-001",
            contact_name="刘芳",
            contact_phone="13812345678",
        ),
        accounts=[users["social_org_contact"]],
    )
    return made


@pytest.fixture
def contact(users, org):
    """The organization's contact (role social_org_contact at C1, in `org.accounts`)."""
    return users["social_org_contact"]
