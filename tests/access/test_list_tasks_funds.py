"""The admitted-affairs list, tasks only through the list, funds follow tasks."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from gongzhi.access import actions, queries
from gongzhi.access.models import (
    AdmittedAffair,
    Application,
    CommunityTask,
    FundAccount,
    FundTransfer,
)
from gongzhi.core.models import AuditEntry

from .conftest import TODAY


def test_admitted_affair_enters_the_list_with_validity(affair, world):
    assert affair.status == AdmittedAffair.Status.ACTIVE
    assert affair.valid_from == affair.application.start_date
    assert affair.valid_until == affair.application.end_date
    assert affair.body == "station" and affair.number == 1
    assert set(affair.communities.all()) == {world["c1"], world["c2"]}
    assert AdmittedAffair.objects.active(affair.valid_from).filter(pk=affair.pk).exists()


def test_admission_makes_funds_due_per_community(affair):
    accounts = FundAccount.objects.filter(affair=affair)
    assert accounts.count() == 2
    assert all(a.amount_due == Decimal("20000.00") for a in accounts)


def test_revocation_removes_item_audited(affair, users):
    with pytest.raises(ValidationError):
        actions.do_revoke_affair(users["street_admin"], affair, reason="")
    actions.do_revoke_affair(users["street_admin"], affair, reason="职责调整, 回归部门")
    affair.refresh_from_db()
    assert affair.status == AdmittedAffair.Status.REVOKED
    assert not AdmittedAffair.objects.active(affair.valid_from).filter(pk=affair.pk).exists()
    assert affair.application.status == Application.Status.REVOKED
    assert AuditEntry.objects.filter(
        action="transition", object_id=str(affair.pk), reason__contains="职责调整"
    ).exists()
    with pytest.raises(ValidationError):
        actions.do_revoke_affair(users["street_admin"], affair, reason="again")


def test_expiry_removes_item_audited(affair):
    assert actions.expire_affairs(affair.valid_until) == 0
    assert actions.expire_affairs(affair.valid_until + datetime.timedelta(days=1)) == 1
    affair.refresh_from_db()
    assert affair.status == AdmittedAffair.Status.EXPIRED
    assert affair.application.status == Application.Status.EXPIRED


def test_task_outside_the_list_is_refused(world, users):
    with pytest.raises(ValidationError) as exc:
        actions.do_assign_task(
            users["department_staff"], None, [world["c1"]], title="上报辖区商户名单"
        )
    assert "affair" in exc.value.message_dict
    assert not CommunityTask.objects.exists()


def test_task_through_revoked_affair_is_refused(affair, world, users):
    actions.do_revoke_affair(users["street_admin"], affair, reason="撤销")
    with pytest.raises(ValidationError):
        actions.do_assign_task(
            users["street_admin"], affair, [world["c1"]], title="x", today=affair.valid_from
        )
    assert not CommunityTask.objects.exists()


def test_task_to_community_not_covered_is_refused(affair, world, users):
    with pytest.raises(ValidationError) as exc:
        actions.do_assign_task(
            users["street_admin"],
            affair,
            [world["c1"], world["c3"]],
            title="评估",
            today=affair.valid_from,
        )
    assert "communities" in exc.value.message_dict
    assert not CommunityTask.objects.exists()


def test_task_through_admitted_affair_reaches_communities(affair, world, users):
    tasks = actions.do_assign_task(
        users["department_staff"],
        affair,
        [world["c1"], world["c2"]],
        title="三月评估名单",
        today=affair.valid_from,
    )
    assert len(tasks) == 2 and all(t.admitted for t in tasks)
    with pytest.raises(ValidationError):
        actions.do_refuse_task(users["party_secretary"], tasks[0])


def test_community_can_refuse_unadmitted_task_with_one_click(world, users):
    task = actions.do_record_unadmitted_task(
        users["department_staff"], world["c1"], title="创城迎检材料", department=world["dept"]
    )
    assert task.admitted is False
    actions.do_refuse_task(users["party_secretary"], task)
    task.refresh_from_db()
    assert (
        task.status == CommunityTask.Status.REFUSED and task.refused_by == users["party_secretary"]
    )
    assert task.refusal_reason
    # shown to the sender's superior: the street admin sees the refusal
    assert (
        CommunityTask.objects.visible_to(users["street_admin"])
        .filter(pk=task.pk, status="refused")
        .exists()
    )
    assert not CommunityTask.objects.visible_to(users["outsider"]).filter(pk=task.pk).exists()
    with pytest.raises(ValidationError):
        actions.do_refuse_task(users["party_secretary"], task)


def test_unadmitted_tasks_excluded_from_community_assessment(affair, world, users):
    admitted = actions.do_assign_task(
        users["street_admin"], affair, [world["c1"]], title="评估", today=affair.valid_from
    )[0]
    actions.do_record_unadmitted_task(users["street_admin"], world["c1"], title="临时统计")
    assert list(queries.assessment_tasks(world["c1"])) == [admitted]
    admitted.status = CommunityTask.Status.DONE
    admitted.save()
    assert queries.assessment_summary(world["c1"]) == {"total": 1, "done": 1, "rate": 100}


def test_existing_tasks_can_be_classified(world, users):
    task = actions.do_record_unadmitted_task(
        users["street_admin"], world["c1"], title="出租房屋登记"
    )
    actions.do_classify_task(users["street_admin"], task, "returned", note="退回区住建委")
    task.refresh_from_db()
    assert task.disposition == "returned"
    with pytest.raises(ValidationError):
        actions.do_classify_task(users["street_admin"], task, "lost")


def test_funds_follow_tasks_outstanding(affair, world, users):
    account = FundAccount.objects.get(affair=affair, community=world["c1"])
    actions.do_record_transfer(
        users["street_admin"],
        account,
        date=TODAY,
        amount="5000",
        voucher="PZ-2026-001",
        today=TODAY,
    )
    row = queries.with_balances(FundAccount.objects.filter(pk=account.pk)).get()
    assert row.transferred == Decimal("5000") and row.outstanding == Decimal("15000")
    arrears = queries.arrears_by_department(FundAccount.objects.visible_to(users["street_admin"]))
    assert arrears[0]["department"] == world["dept"] and arrears[0]["outstanding"] == Decimal(
        "35000"
    )


def test_community_sees_what_it_is_owed(affair, world, users):
    mine = FundAccount.objects.visible_to(users["party_secretary"])
    assert {a.community for a in mine} == {world["c1"]}


@pytest.mark.parametrize("amount", ["-1", "0", "abc", "1e12", "10.001", "NaN"])
def test_negative_or_absurd_transfer_amount_refused(affair, world, amount, users):
    account = FundAccount.objects.get(affair=affair, community=world["c1"])
    with pytest.raises(ValidationError) as exc:
        actions.do_record_transfer(
            users["street_admin"], account, date=TODAY, amount=amount, voucher="PZ-1", today=TODAY
        )
    assert "amount" in exc.value.message_dict
    assert not FundTransfer.objects.exists()


def test_transfer_beyond_outstanding_refused(affair, world, users):
    account = FundAccount.objects.get(affair=affair, community=world["c1"])
    with pytest.raises(ValidationError):
        actions.do_record_transfer(
            users["street_admin"],
            account,
            date=TODAY,
            amount="20000.01",
            voucher="PZ-1",
            today=TODAY,
        )
    assert not FundTransfer.objects.exists()


def test_transfer_in_future_or_without_voucher_refused(affair, world, users):
    account = FundAccount.objects.get(affair=affair, community=world["c1"])
    with pytest.raises(ValidationError) as exc:
        actions.do_record_transfer(
            users["street_admin"],
            account,
            date=TODAY + datetime.timedelta(days=1),
            amount="10",
            voucher="",
            today=TODAY,
        )
    assert {"date", "voucher"} <= set(exc.value.message_dict)


def test_department_staff_see_own_department_funds_only(affair, users):
    from gongzhi.org.models import Department, RoleAssignment

    assert FundAccount.objects.visible_to(users["department_staff"]).count() == 2
    other = Department.objects.create(name="区卫健委", code="health")
    RoleAssignment.objects.filter(user=users["department_staff"]).update(department=other)
    users["department_staff"]._gongzhi_scope = None
    assert FundAccount.objects.visible_to(users["department_staff"]).count() == 0


def test_expire_affairs_command_expires_ended_items(affair):
    from io import StringIO

    from django.core.management import call_command

    AdmittedAffair.objects.filter(pk=affair.pk).update(
        valid_until=timezone.localdate() - datetime.timedelta(days=1)
    )
    out = StringIO()
    call_command("expire-affairs", stdout=out)
    affair.refresh_from_db()
    assert affair.status == AdmittedAffair.Status.EXPIRED
    assert out.getvalue().startswith("1 ")


def test_task_due_date_in_the_past_refused(affair, world, users):
    with pytest.raises(ValidationError) as exc:
        actions.do_assign_task(
            users["street_staff"],
            affair,
            [world["c1"]],
            title="补报材料",
            due_date=affair.valid_from - datetime.timedelta(days=1),
            today=affair.valid_from,
        )
    assert "due_date" in exc.value.message_dict
    assert not CommunityTask.objects.exists()


def test_funds_due_set_per_community_covered_by_the_affair(affair, world, users):
    account = actions.do_set_fund_due(users["street_admin"], affair, world["c1"], "25000.00")
    assert account.amount_due == Decimal("25000.00")
    assert FundAccount.objects.filter(affair=affair, community=world["c1"]).count() == 1
    with pytest.raises(ValidationError) as exc:
        actions.do_set_fund_due(
            users["street_admin"], affair, world["c3"], "100"
        )  # another street's community
    assert "community" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        actions.do_set_fund_due(users["street_admin"], affair, world["c1"], "-5")
    assert "amount_due" in exc.value.message_dict
    account.refresh_from_db()
    assert account.amount_due == Decimal("25000.00")
