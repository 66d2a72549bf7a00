"""Objects for the permission matrix (tests/test_permission_matrix.py): one of each access
model inside street S1 / community C1 and one in street S2 / community C3, so every role has
one in scope and one out of it. Rows name the fixture's department (world["dept"]) so the
department-only rule (a department sees its own rows) leaves the S1 rows visible to
department_staff."""

import datetime
from decimal import Decimal

from gongzhi.access.models import (
    AccessPolicy,
    AdmittedAffair,
    Application,
    Body,
    CommunityTask,
    FundAccount,
    FundTransfer,
    Ledger,
    Plaque,
    ReviewLevel,
)

START = datetime.date(2026, 1, 1)


def build(world, users):
    dept = world["dept"]
    for n, (street, community, author) in enumerate(
        (
            (world["s1"], world["c1"], users["department_staff"]),
            (world["s2"], world["c3"], users["outsider"]),
        ),
        start=1,
    ):
        AccessPolicy.objects.get_or_create(street=street)
        ReviewLevel.objects.create(street=street, order=1, name="街道分管领导审核")
        # A draft: editable and submittable, so every write route has something to act on.
        draft = Application.objects.create(
            street=street,
            department=dept,
            title=f"矩阵准入申请{n}",
            content="协助开展入户调查",
            legal_basis="《城市居民委员会组织法》",
            body=Body.STATION,
            start_date=START,
            end_date=START + datetime.timedelta(days=365),
            hours_per_month=Decimal("4"),
            created_by=author,
        )
        draft.communities.add(community)
        affair = AdmittedAffair.objects.create(
            street=street,
            department=dept,
            number=1,
            name=f"矩阵准入事项{n}",
            body=Body.STATION,
            valid_from=START,
        )
        affair.communities.add(community)
        CommunityTask.objects.create(
            community=community,
            department=dept,
            title=f"矩阵未准入任务{n}",
            admitted=False,
        )
        CommunityTask.objects.create(
            community=community,
            affair=affair,
            department=dept,
            title=f"矩阵准入任务{n}",
            admitted=True,
        )
        account = FundAccount.objects.create(
            affair=affair, community=community, amount_due=Decimal("20000.00")
        )
        FundTransfer.objects.create(
            account=account, date=START, amount=Decimal("5000.00"), voucher=f"M-{n:04d}"
        )
        Ledger.objects.create(street=street, name=f"矩阵台账{n}", category="民政", department=dept)
        # Hung, not taken down: the edit, take-down and delete screens act on it.
        Plaque.objects.create(
            community=community, name=f"矩阵挂牌{n}", kind=Plaque.Kind.OTHER, department=dept
        )
