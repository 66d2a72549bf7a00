"""Organization rules (Organic Law of Urban Residents' Committees) and use cases.

Each rule is one function; views, API, admin forms and the demo all call these.
Hard rules raise ValidationError; soft rules return warnings citing the article.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongzhi.org.models import (
    Community,
    CommitteeMember,
    Grid,
    ResidentsCommittee,
    RoleAssignment,
    Street,
)
from gongzhi.org.roles import ROLE_LEVELS, Level, Role

COMMITTEE_MIN_MEMBERS = 5  # Organic Law Art. 7
COMMITTEE_MAX_MEMBERS = 9
COMMUNITY_MIN_HOUSEHOLDS = 100  # Organic Law Art. 6
COMMUNITY_MAX_HOUSEHOLDS = 700


@dataclass(frozen=True)
class Warning:
    code: str
    message: str
    article: str


# --- who holds which role -------------------------------------------------------------


def roles_of(user) -> list[str]:
    """Roles the user holds today (cached on the user object for the request)."""
    if user is None or not user.is_authenticated:
        return []
    cached = getattr(user, "_gongzhi_roles", None)
    if cached is None:
        cached = sorted(set(RoleAssignment.objects.active().filter(user=user).values_list("role", flat=True)))
        user._gongzhi_roles = cached
    return cached


def validate_assignment(assignment: RoleAssignment) -> None:
    """A role is held at a level it allows, and department staff name their department."""
    levels = {str(level) for level in ROLE_LEVELS[assignment.role]}
    if assignment.level not in levels:
        raise ValidationError(
            {"role": _("%(role)s is held at the level of: %(levels)s.") % {
                "role": Role(assignment.role).label,
                "levels": "、".join(str(Level(level).label) for level in sorted(levels)),
            }}
        )
    if assignment.role == Role.DEPARTMENT_STAFF and not assignment.department_id:
        raise ValidationError({"department": _("Department staff must name their department.")})
    if assignment.start_date and assignment.end_date and assignment.end_date < assignment.start_date:
        raise ValidationError({"end_date": _("The end date is before the start date.")})


@transaction.atomic
def assign_role(user, role: str, place, *, department=None, provider=None, start_date=None, end_date=None) -> RoleAssignment:
    assignment = RoleAssignment(
        user=user, role=role, department=department, provider=provider,
        start_date=start_date, end_date=end_date,
    )
    if isinstance(place, Grid):
        assignment.grid = place
    elif isinstance(place, Community):
        assignment.community = place
    elif isinstance(place, Street):
        assignment.street = place
    else:
        raise ValidationError(_("A role is held at a street, a community or a grid."))
    validate_assignment(assignment)
    assignment.save()
    return assignment


# --- residents' committee ---------------------------------------------------------------


def current_members(committee: ResidentsCommittee):
    today = timezone.localdate()
    return committee.members.filter(start_date__lte=today).exclude(end_date__lt=today)


def validate_committee_size(committee: ResidentsCommittee, adding: int = 0) -> None:
    """Art. 7: a residents' committee has at most 9 members; the chair is one of them."""
    count = current_members(committee).count() + adding
    if count > COMMITTEE_MAX_MEMBERS:
        raise ValidationError(
            _("A residents' committee has 5 to 9 members (Organic Law Art. 7); %(name)s would have %(count)d.")
            % {"name": committee.name, "count": count},
            code="committee_too_large",
        )


def validate_single_chair(member: CommitteeMember) -> None:
    if member.post != CommitteeMember.Post.CHAIR:
        return
    others = current_members(member.committee).filter(post=CommitteeMember.Post.CHAIR)
    if member.pk:
        others = others.exclude(pk=member.pk)
    if others.exists():
        raise ValidationError({"post": _("This committee already has a chair.")})


def validate_member(member: CommitteeMember) -> None:
    if member.end_date and member.end_date < member.start_date:
        raise ValidationError({"end_date": _("The end date is before the start date.")})
    validate_single_chair(member)
    if member.pk is None:
        validate_committee_size(member.committee, adding=1)


@transaction.atomic
def add_committee_member(committee: ResidentsCommittee, **fields) -> CommitteeMember:
    # Lock the committee row so two clerks cannot both add the tenth member.
    ResidentsCommittee.objects.select_for_update().filter(pk=committee.pk).first()
    member = CommitteeMember(committee=committee, **fields)
    member.full_clean(exclude=["committee"])
    validate_member(member)
    member.save()
    return member


def committee_warnings(committee: ResidentsCommittee) -> list[Warning]:
    members = list(current_members(committee))
    warnings = []
    if len(members) < COMMITTEE_MIN_MEMBERS:
        warnings.append(Warning(
            "committee_too_small",
            _("The committee has %(count)d members; the Organic Law requires 5 to 9.") % {"count": len(members)},
            "Art. 7",
        ))
    if committee.community.multi_ethnic and not any(m.is_minority for m in members):
        warnings.append(Warning(
            "no_minority_member",
            _("This multi-ethnic community's committee has no member from a minority ethnic group "
              "(Organic Law Art. 7)."),
            "Art. 7",
        ))
    if not any(m.post == CommitteeMember.Post.CHAIR for m in members):
        warnings.append(Warning("no_chair", _("The committee has no chair."), "Art. 7"))
    return warnings


def community_warnings(community: Community) -> list[Warning]:
    warnings = []
    if not COMMUNITY_MIN_HOUSEHOLDS <= community.household_count <= COMMUNITY_MAX_HOUSEHOLDS:
        warnings.append(Warning(
            "households_out_of_range",
            _("%(name)s has %(count)d households; the Organic Law (Art. 6) sets a residents' "
              "committee at 100 to 700 households.") % {"name": community.name, "count": community.household_count},
            "Art. 6",
        ))
    committee = getattr(community, "residents_committee", None)
    if committee is not None:
        warnings.extend(committee_warnings(committee))
    return warnings

