"""The escalation ladder: 催办 by the dispatcher, 督办 by the street, recorded as steps that
keep the status and counted on the case; the periodic job `gongzhi escalate_cases` marks
overdue cases, reminds once per overdue step, supervises after the further delay, and does
nothing more when run again."""

import datetime
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from gongzhi.cases import actions
from gongzhi.cases.actions.escalation import escalate
from gongzhi.cases.choices import Status
from gongzhi.cases.models import Case, CaseStep
from gongzhi.core.errors import Denied
from gongzhi.core.models import AuditEntry

API = "/api/cases/cases/"


@pytest.fixture
def dispatched(report, walk):
    return walk(report(), "dispatch")


def test_remind_is_a_step_that_keeps_the_status_and_is_counted(dispatched, users):
    events = AuditEntry.objects.count()
    case = actions.do_remind(users["street_staff"], dispatched, note="请尽快处理")
    assert case.status == Status.DISPATCHED and case.remind_count == 1 and case.reminded_at
    step = case.steps.get(step="remind")
    assert step.from_status == step.to_status == Status.DISPATCHED and step.note == "请尽快处理"
    assert AuditEntry.objects.count() == events + 1


def test_supervise_by_the_street_not_by_a_grid_worker(dispatched, users):
    with pytest.raises(Denied):
        actions.do_supervise(users["grid_worker"], dispatched, note="x")
    with pytest.raises(Denied):
        actions.do_remind(users["grid_worker"], dispatched)
    case = actions.do_supervise(users["street_admin"], dispatched, note="督办")
    assert case.supervise_count == 1 and case.steps.filter(step="supervise").count() == 1


def test_a_reported_case_cannot_be_reminded(report, users):
    case = report()
    with pytest.raises(ValidationError) as exc:
        actions.do_remind(users["street_staff"], case)
    assert exc.value.code == "case_not_remindable"


def test_another_streets_admin_cannot_escalate(dispatched, users, verified_client):
    with pytest.raises(Denied):
        actions.do_supervise(users["outsider"], dispatched)
    client = verified_client(users["outsider"])
    assert client.post(f"{API}{dispatched.pk}/supervise/", {}).status_code == 404
    assert Case.objects.get(pk=dispatched.pk).supervise_count == 0


def test_api_remind_and_supervise(dispatched, users, verified_client):
    staff = verified_client(users["street_staff"])
    r = staff.post(f"{API}{dispatched.pk}/remind/", {"note": "催"}, content_type="application/json")
    assert r.status_code == 200, r.content
    assert r.json()["remind_count"] == 1 and r.json()["status"] == "dispatched"
    r = staff.post(f"{API}{dispatched.pk}/supervise/", {}, content_type="application/json")
    assert r.status_code == 200 and r.json()["supervise_count"] == 1
    worker = verified_client(users["grid_worker"])
    assert worker.post(f"{API}{dispatched.pk}/supervise/", {}).status_code == 403


def test_buttons_on_the_case_page(dispatched, users, verified_client):
    staff = verified_client(users["street_staff"])
    page = staff.get(reverse("cases:detail", args=[dispatched.pk]))
    assert reverse("cases:escalate", args=[dispatched.pk, "remind"]).encode() in page.content
    r = staff.post(reverse("cases:escalate", args=[dispatched.pk, "remind"]), {"note": "快"})
    assert r.status_code == 302
    assert Case.objects.get(pk=dispatched.pk).remind_count == 1
    worker = verified_client(users["grid_worker"])
    page = worker.get(reverse("cases:detail", args=[dispatched.pk]))
    assert b"/escalate/" not in page.content
    worker.post(reverse("cases:escalate", args=[dispatched.pk, "supervise"]))
    assert Case.objects.get(pk=dispatched.pk).supervise_count == 0


def test_the_job_marks_reminds_once_supervises_later_and_is_idempotent(dispatched):
    due = dispatched.due_handle
    later = due + datetime.timedelta(minutes=5)
    first = escalate(later)
    assert (first.marked, first.reminded, first.supervised) == (1, 1, 0)
    case = Case.objects.get(pk=dispatched.pk)
    assert case.overdue_since == due and case.remind_count == 1
    events = AuditEntry.objects.count()
    steps = CaseStep.objects.count()
    again = escalate(later)
    assert (again.marked, again.reminded, again.supervised) == (0, 0, 0)
    assert AuditEntry.objects.count() == events and CaseStep.objects.count() == steps
    much_later = due + datetime.timedelta(hours=25)
    assert escalate(much_later).supervised == 1
    assert escalate(much_later).supervised == 0
    case = Case.objects.get(pk=dispatched.pk)
    assert (case.remind_count, case.supervise_count) == (1, 1)


def test_the_job_clears_the_mark_when_the_step_is_done(dispatched, users):
    escalate(dispatched.due_handle + datetime.timedelta(minutes=1))
    case = actions.do_start(users["station_staff"], Case.objects.get(pk=dispatched.pk))
    Case.objects.filter(pk=case.pk).update(status=Status.CLOSED)
    assert escalate().cleared == 1
    assert Case.objects.get(pk=case.pk).overdue_since is None


def test_the_command(dispatched):
    Case.objects.filter(pk=dispatched.pk).update(
        due_handle=timezone.now() - datetime.timedelta(hours=1)
    )
    out = StringIO()
    call_command("escalate_cases", stdout=out)
    assert "1 case(s) newly overdue" in out.getvalue()
    assert Case.objects.get(pk=dispatched.pk).remind_count == 1
    out = StringIO()
    call_command("escalate_cases", stdout=out)
    assert "0 case(s) newly overdue" in out.getvalue() and "0 reminder(s)" in out.getvalue()
