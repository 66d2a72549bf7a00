import datetime
from decimal import Decimal

import pytest

from gongzhi.access import actions
from gongzhi.access.models import Application, Body, ReviewLevel
from gongzhi.core.context import acting_as

TODAY = datetime.date(2026, 3, 2)  # a Monday


def street_then_bureau_levels(street, department, name):
    """Review levels of `street`: its staff first, then the district bureau `department`."""
    ReviewLevel.objects.create(street=street, order=1, name="街道科室", role="street_staff")
    ReviewLevel.objects.create(
        street=street, order=2, name=name, role="department_staff", department=department
    )


@pytest.fixture
def make_app(world, users):
    def make(**overrides):
        communities = overrides.pop("communities", [world["c1"], world["c2"]])
        user = overrides.pop("as_user", users["department_staff"])
        data = dict(
            street=world["s1"],
            department=world["dept"],
            title="老年人能力评估入户调查",
            content="协助开展老年人能力评估",
            legal_basis="《老年人权益保障法》第三十条",
            body=Body.STATION,
            start_date=TODAY + datetime.timedelta(days=70),
            end_date=TODAY + datetime.timedelta(days=400),
            hours_per_month=Decimal("12"),
            funding=Application.Funding.PROVIDED,
            funding_per_community=Decimal("20000.00"),
            funding_source="区财政专项",
            personnel=Application.Personnel.SENT,
            personnel_count=1,
            service_support="培训两次, 配发平板电脑",
            task_definition="按月上报评估名单",
        )
        data.update(overrides)
        app = Application(**data)
        with acting_as(user, source="test"):
            return actions.save_application(user, app, communities)

    return make


@pytest.fixture
def submitted(make_app, users):
    app = make_app()
    return actions.do_submit(users["department_staff"], app, today=TODAY)


@pytest.fixture
def approved(submitted, users):
    app = actions.do_decide(users["street_staff"], submitted, "approve")
    return actions.do_decide(users["street_admin"], app, "approve")


@pytest.fixture
def affair(approved, users):
    return actions.do_admit(users["street_admin"], approved)
