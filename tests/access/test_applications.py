"""Applications (准入申请): four synchronizations, lead time, decision deadline, review levels,
override, the state machine and its log."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from gongzhi.access import actions
from gongzhi.access.models import AccessPolicy, Application, ApplicationTransition
from gongzhi.core.models import AuditEntry
from gongzhi.workdays.services import add_working_days

from .conftest import TODAY, street_then_bureau_levels

S = Application.Status


def test_application_missing_four_synchronizations_cannot_be_submitted(make_app, users):
    app = make_app(funding="", personnel="", service_support="", task_definition="")
    with pytest.raises(ValidationError) as exc:
        actions.do_submit(users["department_staff"], app, today=TODAY)
    errors = exc.value.message_dict
    assert {"funding", "personnel", "service_support", "task_definition"} <= set(errors)
    app.refresh_from_db()
    assert app.status == S.DRAFT and app.submitted_on is None
    assert not app.transitions.exists()


def test_funding_provided_needs_amount_and_source(make_app, users):
    app = make_app(funding_per_community=None, funding_source="")
    with pytest.raises(ValidationError) as exc:
        actions.do_submit(users["department_staff"], app, today=TODAY)
    assert {"funding_per_community", "funding_source"} <= set(exc.value.message_dict)


def test_negative_funding_is_refused(make_app):
    with pytest.raises(ValidationError) as exc:
        make_app(funding_per_community=Decimal("-5"))
    assert "funding_per_community" in exc.value.message_dict
    assert not Application.objects.exists()


def test_absurd_funding_is_refused(make_app):
    with pytest.raises(ValidationError) as exc:
        make_app(funding_per_community=Decimal("5000000000"))
    assert "funding_per_community" in exc.value.message_dict
    assert not Application.objects.exists()


def test_dates_in_wrong_order_are_refused(make_app):
    with pytest.raises(ValidationError) as exc:
        make_app(
            start_date=TODAY + datetime.timedelta(days=90),
            end_date=TODAY + datetime.timedelta(days=60),
        )
    assert "end_date" in exc.value.message_dict
    assert not Application.objects.exists()


def test_communities_of_another_street_are_refused(make_app, world):
    with pytest.raises(ValidationError) as exc:
        make_app(communities=[world["c3"]])
    assert "communities" in exc.value.message_dict


def test_lead_time_30_working_days(make_app, users):
    earliest = add_working_days(TODAY, 30)
    app = make_app(start_date=earliest - datetime.timedelta(days=1))
    with pytest.raises(ValidationError) as exc:
        actions.do_submit(users["department_staff"], app, today=TODAY)
    assert earliest.isoformat() in exc.value.message_dict["start_date"][0]
    app.refresh_from_db()
    assert app.status == S.DRAFT
    app.start_date = earliest
    app.save()
    assert actions.do_submit(users["department_staff"], app, today=TODAY).status == S.SUBMITTED


def test_lead_time_configurable_per_street_above_the_legal_30(make_app, users, world):
    AccessPolicy.objects.create(street=world["s1"], lead_days=40, decision_days=3)
    app = make_app(start_date=add_working_days(TODAY, 40))
    app = actions.do_submit(users["department_staff"], app, today=TODAY)
    assert app.decision_due == add_working_days(TODAY, 3)


def test_decision_deadline_15_working_days(submitted):
    assert submitted.submitted_on == TODAY
    assert submitted.decision_due == add_working_days(TODAY, 15)


def test_overdue_decisions_are_visible(submitted, users):
    late = submitted.decision_due + datetime.timedelta(days=1)
    assert list(Application.objects.overdue(late)) == [submitted]
    assert not Application.objects.overdue(submitted.decision_due).exists()


def test_review_levels_in_order(submitted, users):
    # level 1 is street staff: the street admin (level 2) cannot decide yet
    with pytest.raises(ValidationError):
        actions.do_decide(users["street_admin"], submitted, "approve")
    app = actions.do_decide(users["street_staff"], submitted, "approve")
    assert app.status == S.IN_REVIEW and app.level == 2
    with pytest.raises(ValidationError):
        actions.do_decide(users["street_staff"], app, "approve")
    app = actions.do_decide(users["street_admin"], app, "approve")
    assert app.status == S.APPROVED


def test_review_level_of_district_bureau_by_department(make_app, users, world):
    street_then_bureau_levels(world["s1"], world["dept"], "区民政局")
    app = actions.do_submit(users["department_staff"], make_app(), today=TODAY)
    app = actions.do_decide(users["street_staff"], app, "approve")
    app = actions.do_decide(users["department_staff"], app, "approve")
    assert app.status == S.APPROVED


def test_return_and_reject_need_reason(submitted, users):
    with pytest.raises(ValidationError) as exc:
        actions.do_decide(users["street_staff"], submitted, "reject")
    assert "reason" in exc.value.message_dict
    submitted.refresh_from_db()
    assert submitted.status == S.SUBMITTED


def test_returned_application_can_be_changed_and_resubmitted(submitted, users):
    app = actions.do_decide(users["street_staff"], submitted, "return", reason="补充经费来源")
    assert app.status == S.RETURNED
    app.funding_source = "区财政社区专项"
    actions.save_application(users["department_staff"], app)
    app = actions.do_submit(users["department_staff"], app, today=TODAY)
    assert app.status == S.SUBMITTED and app.level == 1


def test_no_funding_or_no_personnel_does_not_meet_four_sync(make_app, users):
    app = make_app(funding=Application.Funding.NONE, funding_per_community=None, funding_source="")
    assert app.meets_four_sync is False
    app = make_app(personnel=Application.Personnel.NONE, personnel_count=None)
    assert app.meets_four_sync is False
    assert make_app().meets_four_sync is True


def test_approval_without_four_sync_requires_override_reason(make_app, users):
    app = make_app(funding=Application.Funding.NONE, funding_per_community=None, funding_source="")
    app = actions.do_submit(users["department_staff"], app, today=TODAY)
    with pytest.raises(ValidationError) as exc:
        actions.do_decide(users["street_staff"], app, "approve")
    assert "override_reason" in exc.value.message_dict
    app.refresh_from_db()
    assert app.status == S.SUBMITTED and app.level == 1
    app = actions.do_decide(
        users["street_staff"], app, "approve", override_reason="市级统一部署, 经费次年拨付"
    )
    step = app.transitions.order_by("-pk").first()
    assert step.override and "经费次年拨付" in step.reason
    assert app.override_reason


def test_second_decision_on_closed_application_is_refused(submitted, users):
    app = actions.do_decide(users["street_staff"], submitted, "reject", reason="属于部门自身职责")
    before = ApplicationTransition.objects.count()
    with pytest.raises(ValidationError) as exc:
        actions.do_decide(users["street_staff"], app, "approve")
    app.refresh_from_db()
    assert str(app.get_status_display()) in str(exc.value)
    assert app.status == S.REJECTED
    assert ApplicationTransition.objects.count() == before


def test_illegal_transition_admit_before_approval(submitted, users):
    with pytest.raises(ValidationError):
        actions.do_admit(users["street_admin"], submitted)
    submitted.refresh_from_db()
    assert submitted.status == S.SUBMITTED


def test_closed_application_cannot_be_edited(approved, users):
    approved.title = "changed"
    with pytest.raises(ValidationError):
        actions.save_application(users["department_staff"], approved)
    approved.refresh_from_db()
    assert approved.title != "changed"


def test_every_transition_is_logged_with_actor_time_and_reason(affair, users):
    app = affair.application
    steps = list(app.transitions.order_by("pk"))
    assert [s.to_status for s in steps] == [S.SUBMITTED, S.IN_REVIEW, S.APPROVED, S.ADMITTED]
    assert steps[0].actor == users["department_staff"] and steps[1].actor == users["street_staff"]
    assert all(s.at for s in steps)
    # One audit event per action: three steps on the application; admitting is the event
    # of the affair it creates (the application's step listed under extra["also"]).
    on_app = AuditEntry.objects.filter(
        action=AuditEntry.Action.TRANSITION,
        object_id=str(app.pk),
        content_type__model="application",
    ).order_by("pk")
    assert [e.verb for e in on_app] == ["access.do_submit", "access.do_decide", "access.do_decide"]
    admitted = AuditEntry.objects.get(verb="access.do_admit")
    assert admitted.object_id == str(affair.pk)
    assert any(
        a["model"] == "application" and a["after"]["status"] == S.ADMITTED
        for a in admitted.extra["also"]
    )


def test_state_machine_is_explicit():
    reach: dict[str, set] = {}
    for step in actions.MACHINE.transitions.values():
        for source in step.sources:
            reach.setdefault(source, set()).add(step.target)
    assert S.REJECTED not in reach  # final
    assert reach[S.ADMITTED] == {S.REVOKED, S.EXPIRED}
    assert set(reach) | {t for targets in reach.values() for t in targets} == set(S.values)


def test_department_staff_see_only_their_departments_applications(make_app, users, world):
    from gongzhi.org.models import Department

    other = Department.objects.create(name="区卫健委", code="health")
    mine = make_app()
    with pytest.raises(ValidationError):
        make_app(department=other)
    theirs = make_app(department=other, as_user=users["street_admin"])
    visible = set(Application.objects.visible_to(users["department_staff"]))
    assert mine in visible and theirs not in visible
    assert {mine, theirs} <= set(Application.objects.visible_to(users["street_staff"]))
    assert not Application.objects.visible_to(users["outsider"]).exists()


def test_department_applies_only_for_its_own_department(make_app, users):
    from gongzhi.org.models import Department

    health = Department.objects.create(name="区卫健委", code="health")
    before = Application.objects.count()
    with pytest.raises(ValidationError) as exc:
        make_app(department=health)
    assert "department" in exc.value.message_dict
    assert Application.objects.count() == before
    # The street office may file for any department.
    assert make_app(department=health, as_user=users["street_admin"]).department == health


def test_admission_validity_dates_in_wrong_order_refused(approved, users):
    with pytest.raises(ValidationError) as exc:
        actions.do_admit(
            users["street_admin"],
            approved,
            valid_from=datetime.date(2027, 1, 1),
            valid_until=datetime.date(2026, 12, 31),
        )
    assert "valid_until" in exc.value.message_dict
    approved.refresh_from_db()
    assert approved.status == S.APPROVED and not hasattr(approved, "affair")
