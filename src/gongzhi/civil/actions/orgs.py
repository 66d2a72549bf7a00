"""Social organizations (issue #14 §1): create and edit with the legal-status rules, the
contact accounts, the incubation path on a StateMachine, support given, annual assessments
and members. Every refusal is coded (civil.errors) and leaves nothing written."""

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from stdnum.cn import uscc
from stdnum.exceptions import ValidationError as StdnumError

from gongzhi.civil.choices import LegalStatus, Stage, SupportKind
from gongzhi.civil.errors import Code
from gongzhi.civil.models import Assessment, Membership, Organization, Support
from gongzhi.core.actions import action, check_place
from gongzhi.core.errors import refuse
from gongzhi.core.models import AuditEntry
from gongzhi.core.statemachine import StateMachine, Transition
from gongzhi.org.roles import Role
from gongzhi.registry.models import Resident

FIRST_YEAR = 2000  # the earliest year an assessment is recorded for


def _place(org: Organization):
    """Where a new organization goes: its community, else its street."""
    return org.community or org.street


def _stored(obj):
    """The record as saved (an edit is checked where it was)."""
    if obj is None or not getattr(obj, "pk", None):
        return obj
    return type(obj)._default_manager.filter(pk=obj.pk).first() or obj


def _org_of(record):
    return record.organization


# --- the organization's own record ----------------------------------------------------------


def clean_credit_code(value: str) -> str:
    """The unified social credit code in its compact form, or a coded refusal."""
    code = uscc.compact(value or "")
    try:
        return uscc.validate(code)
    except StdnumError:
        refuse(
            Code.CREDIT_CODE,
            _(
                "This is not a valid unified social credit code (18 characters, the last one "
                "a check digit)."
            ),
            field="credit_code",
        )


def _check_organization(org: Organization) -> None:
    if org.community_id and org.community.street_id != org.street_id:
        refuse(
            Code.ORG_PLACE,
            _("The community is not in the organization's street."),
            field="community",
        )
    if org.legal_status == LegalStatus.REGISTERED:
        org.credit_code = clean_credit_code(org.credit_code)
        org.filing_number = ""
        taken = Organization.objects.filter(credit_code=org.credit_code).exclude(pk=org.pk)
        if taken.exists():
            refuse(
                Code.CREDIT_CODE_TAKEN,
                _("Another organization is registered with this credit code."),
                field="credit_code",
            )
    elif org.legal_status == LegalStatus.FILED:
        org.credit_code = ""
        if not (org.filing_number or "").strip():
            refuse(
                Code.FILING_NUMBER,
                _("An organization filed at the street needs its filing number."),
                field="filing_number",
            )
    if org.founded_on and org.founded_on > timezone.localdate():
        refuse(
            Code.FOUNDED_FUTURE, _("The founding date cannot be after today."), field="founded_on"
        )
    if org.name:
        same = Organization.objects.filter(street_id=org.street_id, name=org.name.strip())
        if same.exclude(pk=org.pk).exists():
            refuse(
                Code.ORG_NAME_TAKEN,
                _("The street already has an organization of this name."),
                field="name",
            )
    if org.leader_id:
        _check_resident(org, org.leader, "leader")
        if not org.leader_name:
            org.leader_name = org.leader.name
    org.full_clean(validate_constraints=False)


def _check_resident(org: Organization, resident: Resident, field: str) -> None:
    """A resident linked to an organization lives in its community (its street for a
    street-wide organization)."""
    if org.community_id:
        inside = resident.community_id == org.community_id
    else:
        inside = resident.community.street_id == org.street_id
    if not inside:
        refuse(
            Code.RESIDENT_ELSEWHERE,
            _("The resident lives outside the organization's area."),
            field=field,
        )


def _check_accounts(users) -> list:
    """Contact accounts hold the social-organization contact role."""
    users = list(users)
    if not users:
        return users
    holding = set(
        get_user_model()
        .objects.filter(
            pk__in=[u.pk for u in users],
            role_assignments__role=Role.SOCIAL_ORG_CONTACT,
        )
        .values_list("pk", flat=True)
    )
    if any(u.pk not in holding for u in users):
        refuse(
            Code.ACCOUNT_ROLE,
            _("A contact account must hold the social organization contact role."),
            field="accounts",
        )
    return users


@action("civil.add_organization", place=_place)
def do_create_organization(actor, org: Organization, accounts=None) -> Organization:
    """A new organization of the street or of one of its communities."""
    _check_organization(org)
    org.save()
    if accounts is not None:
        org.accounts.set(_check_accounts(accounts))
    check_place(actor, "civil.add_organization", org)
    return org


@action("civil.change_organization", place=_stored)
def do_update_organization(actor, org: Organization) -> Organization:
    """An edit of an organization's record (its contacts edit their own page)."""
    _check_organization(org)
    org.save()
    check_place(actor, "civil.change_organization", org)
    return org


@action("civil.add_organization", place=_stored)
def do_set_accounts(actor, org: Organization, accounts) -> Organization:
    """The log-ins that manage the organization (role social_org_contact)."""
    org.accounts.set(_check_accounts(accounts))
    org.save(update_fields=["updated_at"])
    return org


# --- the incubation path (申请入驻 → 孵化中 → 出壳, or withdrawn) ----------------------------

TRANSITIONS = {
    "apply": Transition(
        (Stage.NONE, Stage.WITHDRAWN), Stage.APPLIED, gettext_lazy("Apply to enter")
    ),
    "admit": Transition((Stage.APPLIED,), Stage.INCUBATING, gettext_lazy("Admit to incubation")),
    "graduate": Transition((Stage.INCUBATING,), Stage.GRADUATED, gettext_lazy("Graduate")),
    "withdraw": Transition(
        (Stage.APPLIED, Stage.INCUBATING),
        Stage.WITHDRAWN,
        gettext_lazy("Withdraw"),
        note_required=True,
        note_label=gettext_lazy("reason"),
    ),
}
MACHINE = StateMachine(
    TRANSITIONS,
    field="stage",
    illegal=gettext_lazy("An organization that is “%(status)s” cannot “%(action)s”."),
)
# Applying is the organization's (or its community's) step; the street decides the rest.
STEP_PERMISSION = {
    "apply": "civil.change_organization",
    "admit": "civil.change_incubation",
    "graduate": "civil.change_incubation",
    "withdraw": "civil.change_incubation",
}


def _make_steps() -> dict:
    made = {}
    for step, permission in STEP_PERMISSION.items():

        def run(actor, org: Organization, note: str = "", _step=step) -> Organization:
            org = Organization.objects.select_for_update().get(pk=org.pk)
            MACHINE.apply(org, _step, actor, note)
            return org

        run.__name__ = run.__qualname__ = f"do_{step}_incubation"
        run.__doc__ = f"The incubation step “{step}” (civil.actions.orgs.TRANSITIONS)."
        made[step] = action(permission, kind=AuditEntry.Action.TRANSITION)(run)
    return made


STEP_ACTIONS = _make_steps()
do_apply_incubation = STEP_ACTIONS["apply"]
do_admit_incubation = STEP_ACTIONS["admit"]
do_graduate_incubation = STEP_ACTIONS["graduate"]
do_withdraw_incubation = STEP_ACTIONS["withdraw"]


def do_incubation_step(actor, org: Organization, step: str, note: str = "") -> Organization:
    """The step's own action (each under its permission); an unknown step is refused by the
    machine."""
    if step not in STEP_ACTIONS:
        MACHINE.check(org, step, note)
    return STEP_ACTIONS[step](actor, org, note)


# --- support, assessments, members --------------------------------------------------------


@action("civil.add_support", place=_org_of)
def do_add_support(actor, support: Support) -> Support:
    """Support the incubator gave: space, money (with its amount) or training."""
    if support.kind == SupportKind.MONEY and not support.amount:
        refuse(Code.SUPPORT_AMOUNT, _("Money given needs its amount."), field="amount")
    if support.amount is not None and support.amount <= Decimal(0):
        refuse(Code.SUPPORT_AMOUNT, _("The amount must be more than zero."), field="amount")
    support.full_clean()
    support.save()
    return support


@action("civil.add_assessment", place=_org_of)
def do_assess(actor, assessment: Assessment) -> Assessment:
    """The organization's annual assessment: one per year, for this year or a past one."""
    this_year = timezone.localdate().year
    if not FIRST_YEAR <= (assessment.year or 0) <= this_year:
        refuse(
            Code.ASSESSMENT_YEAR,
            _("An assessment is for a year from %(first)d to this year.") % {"first": FIRST_YEAR},
            field="year",
        )
    done = Assessment.objects.filter(organization=assessment.organization, year=assessment.year)
    if done.exclude(pk=assessment.pk).exists():
        refuse(
            Code.ASSESSMENT_YEAR,
            _("The organization already has its assessment for this year."),
            field="year",
        )
    assessment.assessed_by = actor
    assessment.full_clean(validate_constraints=False)
    assessment.save()
    return assessment


def _check_member(actor, member: Membership) -> None:
    if member.resident_id:
        seen = Resident.objects.visible_to(actor, "registry.view_resident")
        if not seen.filter(pk=member.resident_id).exists():
            refuse(
                Code.RESIDENT_ELSEWHERE,
                _("Pick a resident of the registry in your area, or give a name."),
                field="resident",
            )
        _check_resident(member.organization, member.resident, "resident")
        member.name = member.resident.name
        twice = Membership.objects.filter(
            organization=member.organization, resident=member.resident
        ).exclude(pk=member.pk)
        if twice.exists():
            refuse(
                Code.ALREADY_MEMBER,
                _("The resident is already a member of the organization."),
                field="resident",
            )
    elif not (member.name or "").strip():
        refuse(Code.MEMBER_NAME, _("Pick a resident or give the member's name."), field="name")
    member.full_clean(validate_constraints=False)


@action("civil.add_membership", place=_org_of)
def do_add_member(actor, member: Membership) -> Membership:
    """A member: a registry resident in the actor's area (their name copied), or a name."""
    _check_member(actor, member)
    member.save()
    return member


@action("civil.change_membership", place=_stored)
def do_update_member(actor, member: Membership) -> Membership:
    """An edit of a membership (ended: `active` off); it stays with an organization the
    actor manages."""
    _check_member(actor, member)
    member.save()
    check_place(actor, "civil.change_membership", member)
    return member
