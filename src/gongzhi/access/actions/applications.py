"""Access applications (准入申请): drafting, submitting and deciding, on one state machine.

    draft / returned ──submit──▶ submitted ──approve (not the last level)──▶ in_review ─┐
                                    │  └──approve (last level)──▶ approved ──admit──▶ admitted
                                    ├──return (reason)──▶ returned          (affairs.py) │
                                    └──reject (reason)──▶ rejected     admitted ──revoke / expire

`MACHINE` is the only code that changes Application.status; its log writes the
ApplicationTransition row, the action (core.actions) the one audit event.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongzhi.access.actions.base import parse_amount
from gongzhi.access.actions.base import today as _today
from gongzhi.access.errors import Code, refuse_fields
from gongzhi.access.models import Application, ApplicationTransition, ReviewLevel
from gongzhi.access.queries import (
    EDITABLE,
    OPEN_FOR_DECISION,
    is_department_user_of,
    may_decide,
    policy_for,
)
from gongzhi.core.actions import action
from gongzhi.core.errors import Common, refuse
from gongzhi.core.models import AuditEntry
from gongzhi.core.statemachine import StateMachine, Transition
from gongzhi.org.roles import Role
from gongzhi.workdays.services import Calendar

S = Application.Status
D = ApplicationTransition.Decision

_DECIDING = (S.SUBMITTED, S.IN_REVIEW)
TRANSITIONS: dict[str, Transition] = {
    "submit": Transition((S.DRAFT, S.RETURNED), S.SUBMITTED, D.SUBMIT.label),
    # Approving moves to the next review level, or to approved at the last one.
    "approve_level": Transition(_DECIDING, S.IN_REVIEW, D.APPROVE.label),
    "approve": Transition(_DECIDING, S.APPROVED, D.APPROVE.label),
    "return": Transition(
        _DECIDING,
        S.RETURNED,
        D.RETURN.label,
        note_required=True,
        note_label=gettext_lazy("reason"),
    ),
    "reject": Transition(
        _DECIDING,
        S.REJECTED,
        D.REJECT.label,
        note_required=True,
        note_label=gettext_lazy("reason"),
    ),
    "admit": Transition((S.APPROVED,), S.ADMITTED, D.ADMIT.label),
    "revoke": Transition(
        (S.ADMITTED,),
        S.REVOKED,
        D.REVOKE.label,
        note_required=True,
        note_label=gettext_lazy("reason"),
    ),
    "expire": Transition((S.ADMITTED,), S.EXPIRED, D.EXPIRE.label),
}
DECISION_OF = {"approve_level": D.APPROVE}


def _log(app: Application, step: str, before: str, after: str, actor, note: str = ""):
    decision = DECISION_OF.get(step, step)
    ApplicationTransition.objects.create(
        application=app,
        decision=decision,
        from_status=before,
        to_status=after,
        level=app.level,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        reason=note,
        # Approved although funding or personnel is missing: the override is on record.
        override=decision == D.APPROVE and not app.meets_four_sync,
    )


MACHINE = StateMachine(
    TRANSITIONS,
    log=_log,
    illegal=gettext_lazy("This application is %(status)s: it cannot be %(action)s."),
)

DEFAULT_LEVELS = [
    (1, "街道社区事务监管科", Role.STREET_STAFF),
    (2, "街道领导班子", Role.STREET_ADMIN),
]


def review_levels(street) -> list[ReviewLevel]:
    """The street's review levels in order; the default two levels are created on first use."""
    levels = list(ReviewLevel.objects.filter(street=street).order_by("order"))
    if not levels:
        for order, name, role in DEFAULT_LEVELS:
            levels.append(
                ReviewLevel.objects.create(street=street, order=order, name=name, role=role)
            )
    return levels


# --- the four synchronizations ---------------------------------------------------------------


def four_sync_errors(app: Application) -> dict[str, str]:
    """What is missing from the four synchronizations (四个同步): each must be declared."""
    errors: dict[str, str] = {}
    if not app.funding:
        errors["funding"] = _(
            "Declare the funding: provided (amount per community and source) or none."
        )
    elif app.funding == Application.Funding.PROVIDED:
        if not app.funding_per_community:
            errors["funding_per_community"] = _("Enter the funding per community.")
        if not app.funding_source.strip():
            errors["funding_source"] = _("Enter the source of the funding.")
    if not app.personnel:
        errors["personnel"] = _("Declare the personnel: staff sent (how many) or none.")
    elif app.personnel == Application.Personnel.SENT and not app.personnel_count:
        errors["personnel_count"] = _("Enter how many people are sent.")
    if not app.service_support.strip():
        errors["service_support"] = _(
            "Declare the service support (training, equipment, systems), or write 'none'."
        )
    if not app.task_definition.strip():
        errors["task_definition"] = _("Define the task the communities are to carry out.")
    return errors


def meets_four_sync(app: Application) -> bool:
    """Funding and personnel both actually provided (not merely declared)."""
    return (
        app.funding == Application.Funding.PROVIDED
        and bool(app.funding_per_community)
        and app.personnel == Application.Personnel.SENT
        and bool(app.personnel_count)
    )


# --- drafting ----------------------------------------------------------------------------------


def _validate_application(app: Application, communities) -> None:
    """Every problem at once, each on its field with its code."""
    errors: dict[str, list] = {}

    def add(field, error):
        if error.message not in [e.message for e in errors.get(field, [])]:
            errors.setdefault(field, []).append(error)

    try:
        app.full_clean(
            exclude=["communities", "street", "department", "created_by"],
            validate_constraints=False,
        )
    except ValidationError as exc:
        for field, errs in exc.error_dict.items():
            for error in errs:
                add(field, error)
    if app.start_date and app.end_date and app.end_date < app.start_date:
        add(
            "end_date",
            ValidationError(
                _("The end date must not be before the start date."), code=Code.DATE_ORDER
            ),
        )
    if app.funding_per_community is not None:
        try:
            parse_amount(app.funding_per_community, "funding_per_community")
        except ValidationError as exc:
            for field, errs in exc.error_dict.items():
                for error in errs:
                    add(field, error)
    if communities is not None:
        communities = list(communities)
        if not communities:
            add(
                "communities",
                ValidationError(_("Choose at least one community."), code=Code.NO_COMMUNITY),
            )
        elif any(c.street_id != app.street_id for c in communities):
            add(
                "communities",
                ValidationError(
                    _("All communities must belong to the application's street."),
                    code=Code.OTHER_STREET,
                ),
            )
    if errors:
        raise ValidationError(errors)


def _save(actor, app: Application, communities) -> Application:
    _validate_application(app, communities)
    app.meets_four_sync = meets_four_sync(app)
    app.save()
    if communities is not None:
        app.communities.set(communities)
    return app


@action("access.add_application", place=lambda app: app.street)
def do_create_application(actor, app: Application, communities=None) -> Application:
    """A new draft application, filed into its street (a department in its own name)."""
    if is_department_user_of(actor, app.department_id) is False:
        refuse(
            Code.OWN_DEPARTMENT,
            _("You can only apply for your own department."),
            field="department",
        )
    if getattr(actor, "is_authenticated", False):
        app.created_by = actor
    app.status = S.DRAFT
    return _save(actor, app, communities)


@action("access.change_application")
def do_save_application(actor, app: Application, communities=None) -> Application:
    """Edit an application while it is a draft or returned for changes."""
    stored = Application.objects.select_for_update().get(pk=app.pk)
    if stored.status not in EDITABLE:
        refuse(
            Code.NOT_EDITABLE,
            _(
                "An application can only be edited while it is a draft or returned for changes (it is %(status)s)."
            )
            % {"status": stored.get_status_display()},
        )
    app.status, app.level = stored.status, stored.level
    return _save(actor, app, communities)


def save_application(actor, app: Application, communities=None) -> Application:
    """Create or edit: the screens' and the API's one entry for the application form."""
    if app.pk:
        return do_save_application(actor, app, communities)
    return do_create_application(actor, app, communities)


def _illegal(app: Application, step: str):
    refuse(
        Common.ILLEGAL_TRANSITION,
        str(MACHINE.illegal) % {"status": app.get_status_display(), "action": MACHINE[step].label},
    )


def _lock(app: Application) -> Application:
    return Application.objects.select_for_update().get(pk=app.pk)


# --- submitting and deciding ----------------------------------------------------------------


@action("access.submit_application", kind=AuditEntry.Action.TRANSITION)
def do_submit(actor, app: Application, *, today=None) -> Application:
    """Submit (or resubmit) an application: complete four synchronizations, and a start at
    least `lead_days` working days after today. The decision is due `decision_days` working
    days after submission. (`today`: the day of submission, for back-dated paper records.)"""
    day = today or _today()
    app = _lock(app)
    MACHINE.check(app, "submit")
    errors = four_sync_errors(app)
    if errors:
        refuse_fields({field: (Code.FOUR_SYNC, message) for field, message in errors.items()})
    if not app.communities.exists():
        refuse(Code.NO_COMMUNITY, _("Choose at least one community."), field="communities")
    policy = policy_for(app.street)
    calendar = Calendar.load()
    earliest = calendar.add_working_days(day, policy.lead_days)
    if app.start_date < earliest:
        refuse(
            Code.LEAD_TIME,
            _(
                "Applications must be made %(days)d working days before the affair starts: "
                "the earliest start for an application submitted on %(today)s is %(earliest)s."
            )
            % {
                "days": policy.lead_days,
                "today": day.isoformat(),
                "earliest": earliest.isoformat(),
            },
            field="start_date",
        )
    review_levels(app.street)
    app.submitted_on = day
    app.decision_due = calendar.add_working_days(day, policy.decision_days)
    app.level = 1
    app.meets_four_sync = meets_four_sync(app)
    app.override_reason = ""
    MACHINE.apply(app, "submit", actor)
    return app


@action("access.review_application", kind=AuditEntry.Action.TRANSITION)
def do_decide(
    actor, app: Application, decision: str, *, reason: str = "", override_reason: str = ""
) -> Application:
    """A decision at the current review level: approve (to the next level, or approved at the
    last), return for changes, or reject. Returning and rejecting need a reason; approving an
    application that does not meet the four synchronizations needs an override reason."""
    reason = (reason or "").strip()
    override_reason = (override_reason or "").strip()
    if decision not in (D.APPROVE, D.RETURN, D.REJECT):
        refuse(
            Code.INVALID_CHOICE,
            _("Choose approve, return for changes or reject."),
            field="decision",
        )
    app = _lock(app)
    if app.status not in OPEN_FOR_DECISION:
        _illegal(app, decision)
    if not may_decide(actor, app):
        refuse(Code.NOT_DECIDER, _("You do not decide at this application's current review level."))
    if decision in (D.RETURN, D.REJECT):
        if not reason:
            refuse(
                Common.NOTE_REQUIRED,
                _("Give the reason for returning or rejecting."),
                field="reason",
            )
        MACHINE.apply(app, decision, actor, reason)
        return app
    if not app.meets_four_sync:
        if not override_reason:
            refuse(
                Code.OVERRIDE_REQUIRED,
                _(
                    "This application does not meet the four synchronizations (no funding or no "
                    "personnel): it can only be approved with an explicit override and its reason."
                ),
                field="override_reason",
            )
        app.override_reason = override_reason
        reason = reason or override_reason
    last = max((lv.order for lv in review_levels(app.street)), default=1)
    if app.level < last:
        app.level += 1
        MACHINE.apply(app, "approve_level", actor, reason)
    else:
        MACHINE.apply(app, "approve", actor, reason)
    return app
