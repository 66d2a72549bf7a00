"""The write contract (core.actions) in the access system: every do_ action writes exactly
one audit event carrying its verb, and a role counts only in its own place — a street admin
of another street is refused (Denied, audited) and nothing is written."""

import datetime
from decimal import Decimal

import pytest

from gongzhi.access import actions
from gongzhi.access.models import (
    AdmittedAffair,
    Application,
    CommunityTask,
    FundAccount,
    Ledger,
    Plaque,
)
from gongzhi.core.errors import Denied
from gongzhi.core.models import AuditEntry

from .conftest import TODAY


def _one_event(verb, run):
    """Run `run()`; exactly one new audit entry, with `verb`."""
    before = AuditEntry.objects.count()
    result = run()
    new = list(AuditEntry.objects.order_by("pk")[before:])
    assert [e.verb for e in new] == [verb], [(e.verb, e.action, e.object_repr) for e in new]
    return result


def _denied(verb, run, *models):
    """Run `run()` as an actor without the right here: Denied, one `denied` entry, no rows."""
    counts = [m.objects.count() for m in models]
    before = AuditEntry.objects.count()
    with pytest.raises(Denied):
        run()
    new = list(AuditEntry.objects.order_by("pk")[before:])
    assert [(e.action, e.verb) for e in new] == [(AuditEntry.Action.DENIED, verb)]
    assert [m.objects.count() for m in models] == counts


def _app_data(world, **kw):
    return dict(
        street=world["s1"],
        department=world["dept"],
        title="入户调查",
        content="协助",
        legal_basis="法",
        body="station",
        start_date=TODAY + datetime.timedelta(days=70),
        end_date=TODAY + datetime.timedelta(days=400),
        hours_per_month=Decimal("4"),
        funding="none",
        personnel="none",
        service_support="无",
        task_definition="按月上报",
        **kw,
    )


def test_application_actions_one_event_each(make_app, users, world):
    staff, admin = users["department_staff"], users["street_admin"]
    app = _one_event(
        "access.do_create_application",
        lambda: actions.do_create_application(
            staff, Application(**_app_data(world)), [world["c1"]]
        ),
    )
    app.title = "入户调查(修订)"
    _one_event("access.do_save_application", lambda: actions.do_save_application(staff, app))
    _one_event("access.do_submit", lambda: actions.do_submit(staff, app, today=TODAY))
    _one_event(
        "access.do_decide",
        lambda: actions.do_decide(users["street_staff"], app, "approve", override_reason="特批"),
    )
    _one_event(
        "access.do_decide",
        lambda: actions.do_decide(admin, app, "approve", override_reason="法定职责"),
    )
    entry = AuditEntry.objects.filter(verb="access.do_decide").latest("pk")
    assert entry.action == AuditEntry.Action.TRANSITION
    assert entry.after["status"] == Application.Status.APPROVED
    assert entry.after["override_reason"] == "法定职责"
    affair = _one_event("access.do_admit", lambda: actions.do_admit(admin, app))
    _one_event(
        "access.do_revoke_affair",
        lambda: actions.do_revoke_affair(admin, affair, reason="回归部门"),
    )
    app.refresh_from_db()
    assert app.status == Application.Status.REVOKED
    assert list(app.transitions.values_list("decision", flat=True)) == [
        "submit",
        "approve",
        "approve",
        "admit",
        "revoke",
    ]


def test_application_actions_refused_outside_the_roles_place(make_app, submitted, users, world):
    outsider = users["outsider"]  # street admin of s2: every access right, but not in s1
    _denied(
        "access.do_create_application",
        lambda: actions.do_create_application(outsider, Application(**_app_data(world))),
        Application,
    )
    draft = make_app()
    _denied("access.do_save_application", lambda: actions.do_save_application(outsider, draft))
    _denied("access.do_submit", lambda: actions.do_submit(outsider, draft, today=TODAY))
    _denied("access.do_decide", lambda: actions.do_decide(outsider, submitted, "approve"))
    submitted.refresh_from_db()
    assert submitted.status == Application.Status.SUBMITTED and submitted.level == 1


def test_affair_task_fund_actions_one_event_each(affair, users, world):
    admin, secretary = users["street_admin"], users["party_secretary"]
    tasks = _one_event(
        "access.do_assign_task",
        lambda: actions.do_assign_task(
            admin, affair, [world["c1"], world["c2"]], title="评估", today=affair.valid_from
        ),
    )
    assert len(tasks) == 2
    task = _one_event(
        "access.do_record_unadmitted_task",
        lambda: actions.do_record_unadmitted_task(admin, world["c1"], title="临时统计"),
    )
    _one_event(
        "access.do_refuse_task",
        lambda: actions.do_refuse_task(secretary, task, reason="不在清单"),
    )
    _one_event(
        "access.do_classify_task",
        lambda: actions.do_classify_task(admin, task, "returned"),
    )
    account = _one_event(
        "access.do_set_fund_due",
        lambda: actions.do_set_fund_due(admin, affair, world["c1"], "25000.00"),
    )
    _one_event(
        "access.do_record_transfer",
        lambda: actions.do_record_transfer(
            admin, account, date=TODAY, amount="100", voucher="PZ-1", today=TODAY
        ),
    )
    assert AdmittedAffair.objects.filter(pk=affair.pk, valid_until__isnull=False).exists()
    assert (
        _one_event(
            "access.do_expire_affair",
            lambda: actions.expire_affairs(today=affair.valid_until + datetime.timedelta(days=1)),
        )
        == 1
    )


def test_affair_task_fund_actions_refused_outside_the_roles_place(affair, users, world):
    outsider, admin = users["outsider"], users["street_admin"]
    task = actions.do_record_unadmitted_task(admin, world["c1"], title="临时统计")
    account = FundAccount.objects.get(affair=affair, community=world["c1"])
    _denied(
        "access.do_assign_task",
        lambda: actions.do_assign_task(
            outsider, affair, [world["c1"]], title="评估", today=affair.valid_from
        ),
        CommunityTask,
    )
    _denied(
        "access.do_record_unadmitted_task",
        lambda: actions.do_record_unadmitted_task(outsider, world["c1"], title="x"),
        CommunityTask,
    )
    # The party secretary of c1 refuses in c1 only; the role's right does not reach c2.
    far = actions.do_record_unadmitted_task(admin, world["c2"], title="y")
    _denied(
        "access.do_refuse_task",
        lambda: actions.do_refuse_task(users["party_secretary"], far, reason="不在清单"),
    )
    _denied("access.do_classify_task", lambda: actions.do_classify_task(outsider, task, "kept"))
    _denied(
        "access.do_set_fund_due",
        lambda: actions.do_set_fund_due(outsider, affair, world["c1"], "1"),
    )
    _denied(
        "access.do_record_transfer",
        lambda: actions.do_record_transfer(
            outsider, account, date=TODAY, amount="1", voucher="PZ", today=TODAY
        ),
    )
    _denied(
        "access.do_revoke_affair",
        lambda: actions.do_revoke_affair(outsider, affair, reason="x"),
    )
    far.refresh_from_db()
    task.refresh_from_db()
    assert far.status == CommunityTask.Status.OPEN and task.disposition == ""


def test_ledger_and_plaque_actions_one_event_each(users, world):
    admin = users["street_admin"]
    ledger = _one_event(
        "access.do_create_ledger",
        lambda: actions.do_create_ledger(
            admin, Ledger(street=world["s1"], name="台帐", category="民政")
        ),
    )
    ledger.note = "备注"
    _one_event("access.do_save_ledger", lambda: actions.do_save_ledger(admin, ledger))
    _one_event(
        "access.do_decide_ledger",
        lambda: actions.do_decide_ledger(admin, ledger, "cancelled"),
    )
    _one_event("access.do_delete_ledger", lambda: actions.do_delete_ledger(admin, ledger))
    plaque = _one_event(
        "access.do_record_plaque",
        lambda: actions.do_record_plaque(
            admin, Plaque(community=world["c1"], kind="other", name="牌子")
        ),
    )
    plaque.name = "牌子二"
    _one_event("access.do_save_plaque", lambda: actions.do_save_plaque(admin, plaque))
    _one_event(
        "access.do_take_down_plaque",
        lambda: actions.do_take_down_plaque(admin, plaque, on=datetime.date.today()),
    )
    _one_event("access.do_delete_plaque", lambda: actions.do_delete_plaque(admin, plaque))


def test_ledger_and_plaque_actions_refused_outside_the_roles_place(users, world):
    outsider = users["outsider"]
    ledger = Ledger.objects.create(street=world["s1"], name="台帐", category="民政")
    plaque = Plaque.objects.create(community=world["c1"], kind="other", name="牌子")
    _denied(
        "access.do_create_ledger",
        lambda: actions.do_create_ledger(
            outsider, Ledger(street=world["s1"], name="x", category="y")
        ),
        Ledger,
    )
    _denied(
        "access.do_decide_ledger",
        lambda: actions.do_decide_ledger(outsider, ledger, "cancelled"),
    )
    _denied("access.do_delete_ledger", lambda: actions.do_delete_ledger(outsider, ledger), Ledger)
    _denied(
        "access.do_record_plaque",
        lambda: actions.do_record_plaque(
            outsider, Plaque(community=world["c1"], kind="other", name="x")
        ),
        Plaque,
    )
    _denied(
        "access.do_take_down_plaque",
        lambda: actions.do_take_down_plaque(outsider, plaque, on=datetime.date.today()),
    )
    _denied("access.do_delete_plaque", lambda: actions.do_delete_plaque(outsider, plaque), Plaque)
    ledger.refresh_from_db()
    plaque.refresh_from_db()
    assert ledger.decision == Ledger.Decision.PENDING and plaque.removed_on is None


def test_out_of_place_writes_through_the_doors_change_nothing(
    verified_client, client, affair, users, world
):
    """Through the API and the screens the outsider's write stops at the door (the record is
    not in the places where their role grants the verb): 404, no row changed, no event."""
    writes = AuditEntry.objects.filter(verb__startswith="access.").exclude(
        action=AuditEntry.Action.DENIED
    )
    before = writes.count()
    api = verified_client(users["outsider"])
    app = affair.application
    assert api.post(f"/api/access/affairs/{affair.pk}/revoke/", {"reason": "x"}).status_code == 404
    assert api.post(f"/api/access/applications/{app.pk}/decide/", {}).status_code == 404
    client.force_login(users["outsider"])
    assert client.post(f"/access/affairs/{affair.pk}/revoke/", {"reason": "x"}).status_code in (
        403,
        404,
    )
    affair.refresh_from_db()
    assert affair.status == AdmittedAffair.Status.ACTIVE
    assert writes.count() == before


def test_every_access_write_is_an_action():
    from gongzhi.core.actions import REGISTRY

    verbs = {v for v in REGISTRY if v.startswith("access.")}
    assert verbs == {f"access.{name}" for name in actions.__all__ if name.startswith("do_")}
