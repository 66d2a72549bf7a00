"""The seven steps and their side paths, each rule named after itself (issue 13 §3)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from gongzhi.cases import actions
from gongzhi.cases.choices import Status
from gongzhi.cases.models import Case, CaseStep
from gongzhi.core.errors import Denied
from gongzhi.core.models import AuditEntry
from gongzhi.org.roles import Role
from tests.cases.conftest import jpeg
from tests.conftest import make_user


def codes(exc: ValidationError) -> set[str]:
    if hasattr(exc, "error_dict"):
        return {e.code for errs in exc.error_dict.values() for e in errs}
    return {e.code for e in exc.error_list}


def test_the_main_path_runs_through_the_seven_steps(report, walk, users):
    case = report()
    assert case.status == Status.REPORTED and case.due_accept is not None
    case = walk(case, "pass_verification")
    case = actions.do_rate(users["grid_worker"], case, "很好", stars=5)
    assert case.status == Status.RATED and case.stars == 5
    steps = list(CaseStep.objects.filter(case=case).values_list("step", flat=True))
    assert steps == [
        "report",
        "accept",
        "dispatch",
        "start",
        "report_done",
        "pass_verification",
        "rate",
    ]
    assert case.dispatched_on_time and case.handled_on_time and case.closed_on_time


def test_each_step_writes_exactly_one_audit_event(report, walk, users):
    case = report()
    before = AuditEntry.objects.count()
    actions.do_accept(users["street_staff"], case)
    assert AuditEntry.objects.count() == before + 1
    entry = AuditEntry.objects.latest("pk")
    assert entry.verb == "cases.do_accept" and entry.action == AuditEntry.Action.TRANSITION
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError):
        actions.do_not_accept(users["street_staff"], case, "no")
    assert AuditEntry.objects.count() == before


def test_report_writes_one_audit_event_with_its_photos(report, users):
    before = AuditEntry.objects.count()
    case = report(photos=[jpeg(), jpeg("b.jpg")])
    assert AuditEntry.objects.count() == before + 1
    assert AuditEntry.objects.latest("pk").verb == "cases.do_report"
    assert case.photos.count() == 2


def test_not_accepting_needs_a_reason(report, users):
    case = report()
    with pytest.raises(ValidationError) as exc:
        actions.do_not_accept(users["street_staff"], case, "")
    assert codes(exc.value) == {"note_required"}
    case = actions.do_not_accept(users["street_staff"], case, "不属于受理范围")
    assert case.status == Status.NOT_ACCEPTED


def test_a_duplicate_merges_into_a_live_case_of_the_street(report, users):
    main, dup = report(), report()
    with pytest.raises(ValidationError) as exc:
        actions.do_merge(users["street_staff"], dup, main=dup)
    assert codes(exc.value) == {"case_merge_target"}
    dup = actions.do_merge(users["street_staff"], dup, main=main)
    assert dup.status == Status.MERGED and dup.duplicate_of == main
    assert dup.reporter == users["grid_worker"]  # the duplicate keeps its reporter


def test_dispatch_routes_by_class_and_community(report, users, tree, world):
    noise = actions.do_accept(users["street_staff"], report())
    noise = actions.do_dispatch(users["street_staff"], noise)
    assert noise.unit == tree["units"]["c1"]  # the case's own community
    lamp = actions.do_accept(users["street_staff"], report(category=tree["lamp"]))
    lamp = actions.do_dispatch(users["street_staff"], lamp)
    assert lamp.unit == tree["units"]["centre"]  # the class's default unit
    other = actions.do_accept(users["street_staff"], report())
    other = actions.do_dispatch(users["street_staff"], other, unit=tree["units"]["dept"])
    assert other.unit == tree["units"]["dept"]  # the dispatcher may change it


def test_dispatch_without_a_unit_by_routing_is_refused(report, users, tree):
    tree["units"]["c1"].delete()
    case = actions.do_accept(users["street_staff"], report())
    with pytest.raises(ValidationError) as exc:
        actions.do_dispatch(users["street_staff"], case)
    assert codes(exc.value) == {"case_no_unit"}
    assert Case.objects.get(pk=case.pk).status == Status.ACCEPTED


def test_only_the_dispatcher_accepts(report, users):
    case = report()
    for who in ("grid_worker", "station_staff", "department_staff"):
        with pytest.raises(Denied):
            actions.do_accept(users[who], case)


def test_only_the_unit_the_case_is_dispatched_to_handles_it(report, walk, users, world):
    case = walk(report(), "dispatch")  # to community C1
    c2_staff = make_user("c2_staff", Role.STATION_STAFF, world["c2"])
    for outside in (c2_staff, users["department_staff"]):
        with pytest.raises(Denied):  # not in their place: they do not even see it
            actions.do_start(outside, case)
    with pytest.raises(ValidationError) as exc:  # the street sees it but is not the unit
        actions.do_start(users["street_staff"], case)
    assert codes(exc.value) == {"case_not_your_unit"}
    assert actions.do_start(users["station_staff"], case).status == Status.HANDLING


def test_department_handles_what_is_dispatched_to_it(report, users, tree):
    case = actions.do_accept(users["street_staff"], report())
    case = actions.do_dispatch(users["street_staff"], case, unit=tree["units"]["dept"])
    case = actions.do_start(users["department_staff"], case)
    assert case.status == Status.HANDLING


def test_extension_request_is_approved_by_the_dispatcher(report, walk, users):
    case = walk(report(), "start")
    due = case.due_handle
    with pytest.raises(ValidationError) as exc:
        actions.do_request_extension(users["station_staff"], case, "需要采购", amount=0)
    assert codes(exc.value) == {"case_extension_days"}
    case = actions.do_request_extension(users["station_staff"], case, "需要采购", amount=3)
    with pytest.raises(ValidationError) as exc:
        actions.do_request_extension(users["station_staff"], case, "再延", amount=3)
    assert codes(exc.value) == {"case_extension_pending"}
    case = actions.do_approve_extension(users["street_staff"], case)
    assert case.due_handle > due and case.extension_requested == 0


def test_extension_refusal_needs_a_pending_request_and_a_reason(report, walk, users):
    case = walk(report(), "start")
    with pytest.raises(ValidationError) as exc:
        actions.do_refuse_extension(users["street_staff"], case, "不行")
    assert codes(exc.value) == {"case_no_extension"}
    case = actions.do_request_extension(users["station_staff"], case, "需要采购", amount=2)
    case = actions.do_refuse_extension(users["street_staff"], case, "时限足够")
    assert case.extension_requested == 0 and case.status == Status.HANDLING


def test_send_back_returns_the_case_to_the_dispatcher(report, walk, users, tree):
    case = walk(report(), "dispatch")
    case = actions.do_send_back(users["station_staff"], case, "不属于社区职责")
    assert case.status == Status.RETURNED and case.unit is None
    case = actions.do_dispatch(users["street_staff"], case, unit=tree["units"]["centre"])
    assert case.status == Status.DISPATCHED


def test_a_contested_dispatch_is_decided_by_the_street(report, walk, users, tree):
    case = walk(report(), "dispatch")
    case = actions.do_contest(users["station_staff"], case, "应由城管处理")
    assert case.status == Status.DISPUTED
    case = actions.do_decide_dispute(
        users["street_staff"], case, "改派城管", unit=tree["units"]["centre"]
    )
    assert case.status == Status.DISPATCHED and case.unit == tree["units"]["centre"]


def test_reporting_done_needs_an_after_photo(report, walk, users):
    case = walk(report(), "start")
    with pytest.raises(ValidationError) as exc:
        actions.do_report_done(users["station_staff"], case, "已处理")
    assert codes(exc.value) == {"case_after_photo"}
    assert Case.objects.get(pk=case.pk).status == Status.HANDLING


def test_failed_verification_is_rework_back_to_the_unit(report, walk, users):
    case = walk(report(), "report_done")
    case = actions.do_fail_verification(users["grid_worker"], case, "仍未修好")
    assert case.status == Status.HANDLING and case.rework_count == 1


def test_grid_worker_of_g1_cannot_verify_a_g2_case(report, walk, users, world):
    case = walk(report(by=users["bob"], grid=world["g2"]), "report_done")
    with pytest.raises(Denied):
        actions.do_pass_verification(users["grid_worker"], case)
    case = actions.do_pass_verification(users["bob"], case)
    assert case.status == Status.CLOSED


def test_community_staff_cannot_verify(report, walk, users):
    case = walk(report(), "report_done")
    with pytest.raises(Denied):
        actions.do_pass_verification(users["station_staff"], case)


def test_hold_needs_a_future_review_date_and_resumes(report, users):
    case = actions.do_accept(users["street_staff"], report())
    with pytest.raises(ValidationError) as exc:
        actions.do_hold(users["street_staff"], case, "资金未到位", review_date=timezone.localdate())
    assert codes(exc.value) == {"case_review_date"}
    later = timezone.localdate() + datetime.timedelta(days=30)
    case = actions.do_hold(users["street_staff"], case, "资金未到位", review_date=later)
    assert case.status == Status.ON_HOLD and case.hold_review_date == later
    assert actions.do_resume(users["street_staff"], case).status == Status.ACCEPTED


def test_a_case_without_owner_is_referred_to_the_street(report, users, tree):
    case = actions.do_refer(users["street_staff"], report(), "无主")
    assert case.status == Status.REFERRED
    case = actions.do_dispatch(users["street_staff"], case, unit=tree["units"]["centre"])
    assert case.status == Status.DISPATCHED


def test_only_the_reporter_rates_and_reopens(report, walk, users):
    case = walk(report(), "pass_verification")
    with pytest.raises(ValidationError) as exc:
        actions.do_rate(users["bob"], case, stars=5)
    assert codes(exc.value) == {"case_not_reporter"}
    with pytest.raises(ValidationError) as exc:
        actions.do_rate(users["grid_worker"], case, stars=9)
    assert codes(exc.value) == {"case_stars"}


def test_reopen_within_30_days_counts_as_rework(report, walk, users):
    case = walk(report(), "pass_verification")
    case = actions.do_reopen(users["grid_worker"], case, "又坏了")
    assert case.status == Status.HANDLING and case.rework_count == 1 and case.reopened


def test_reopen_after_30_days_is_refused(report, walk, users):
    case = walk(report(), "pass_verification")
    Case.objects.filter(pk=case.pk).update(closed_at=timezone.now() - datetime.timedelta(days=31))
    with pytest.raises(ValidationError) as exc:
        actions.do_reopen(users["grid_worker"], Case.objects.get(pk=case.pk), "又坏了")
    assert codes(exc.value) == {"case_reopen_window"}


def test_an_illegal_step_is_refused_with_a_message(report, users):
    case = report()
    with pytest.raises(ValidationError) as exc:
        actions.do_dispatch(users["street_staff"], case)
    assert codes(exc.value) == {"illegal_transition"}
    assert "reported" in str(exc.value) or "已上报" in str(exc.value)


def test_allowed_steps_follow_role_and_place(report, walk, users, world):
    case = report()
    assert set(actions.allowed_steps(case, users["street_staff"])) >= {"accept", "refer"}
    assert actions.allowed_steps(case, users["station_staff"]) == []
    case = walk(case, "report_done")
    assert set(actions.allowed_steps(case, users["grid_worker"])) == {
        "pass_verification",
        "fail_verification",
    }
    assert actions.allowed_steps(case, users["bob"]) == []
