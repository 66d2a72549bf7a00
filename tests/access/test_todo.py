"""The workbench's to-dos for the access system: an application waits on the card of whoever
decides at its current review level (role at the street, and department when the level names
one) — nobody else's; each card's count is the length of the list it links to."""

import pytest

from gongzhi.access import actions
from tests.workbench import card, home, listed

from .conftest import TODAY, street_then_bureau_levels

pytestmark = pytest.mark.django_db

ROWS = r'href="/access/applications/(\d+)/"'


def test_the_application_waits_on_the_card_of_its_current_level(submitted, users, verified_client):
    staff = verified_client(users["street_staff"])
    page = home(staff)
    assert card(page, "access-review") == 1
    assert "待您这一级审核的准入申请" in page
    assert listed(staff, page, "access-review", ROWS) == [str(submitted.pk)]
    # The decision date (15 working days from 2 March) has passed: overdue too.
    assert listed(staff, page, "access-review-overdue", ROWS) == [str(submitted.pk)]
    assert card(home(verified_client(users["street_admin"])), "access-review") == 0  # level 2
    assert card(home(verified_client(users["outsider"])), "access-review") == 0  # street S2

    actions.do_decide(users["street_staff"], submitted, "approve")
    assert card(home(verified_client(users["street_staff"])), "access-review") == 0
    admin = verified_client(users["street_admin"])
    page = home(admin)
    assert card(page, "access-review") == 1
    assert listed(admin, page, "access-review", ROWS) == [str(submitted.pk)]


def test_a_bureau_level_waits_for_its_own_department_only(make_app, users, verified_client, world):
    street_then_bureau_levels(world["s1"], world["dept"], "区民政局")
    app = actions.do_submit(users["department_staff"], make_app(), today=TODAY)
    dept = verified_client(users["department_staff"])
    assert card(home(dept), "access-review") == 0  # the street's section decides first
    actions.do_decide(users["street_staff"], app, "approve")
    page = home(dept)
    assert card(page, "access-review") == 1
    assert listed(dept, page, "access-review", ROWS) == [str(app.pk)]
    assert card(home(verified_client(users["street_staff"])), "access-review") == 0
