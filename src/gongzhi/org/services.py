"""Organization rules (Organic Law of Urban Residents' Committees): the internal steps of
org.actions.

Each rule is one function. Screens, the API and other apps' screens write through the actions
(`gongzhi.org.actions`: permission by role AND place, one transaction, one audit event); the
functions here are what the actions run, and stay importable for the places that are not a
user's write — the demo loader's records, the first street admin (`assign_role`: nobody
exists yet to grant it), test set-ups — and for reads (`roles_of`,
`current_members`, `community_warnings`, `committee_warnings`, `assignable_users`,
`station_serving`). A screen or endpoint must call the action, not these.

Hard rules refuse with a code of org.errors (`core.errors.refuse`, a ValidationError naming
the field at fault); soft rules return warnings citing the article.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, Exists, OuterRef, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongzhi.core.actions import out_of_scope
from gongzhi.core.errors import refuse
from gongzhi.org.errors import Code
from gongzhi.org.models import (
    CareCentre,
    CommitteeMember,
    Community,
    DispatchedCadre,
    Grid,
    PartyCommittee,
    Provider,
    ResidentsCommittee,
    RoleAssignment,
    ServiceStation,
    Staff,
    Street,
    WorkingCommittee,
)
from gongzhi.org.roles import ROLE_LEVELS, Level, Role

COMMITTEE_MIN_MEMBERS = 5  # Organic Law Art. 7
COMMITTEE_MAX_MEMBERS = 9
COMMUNITY_MIN_HOUSEHOLDS = 100  # Organic Law Art. 6
COMMUNITY_MAX_HOUSEHOLDS = 700


ARTICLE_LABELS = {
    "Art. 6": gettext_lazy("Organic Law of Urban Residents' Committees, Art. 6"),
    "Art. 7": gettext_lazy("Organic Law of Urban Residents' Committees, Art. 7"),
}


@dataclass(frozen=True)
class Warning:
    code: str
    message: str
    article: str  # "Art. 6", "Art. 7" or "" (a code; `citation` is the words to show)

    @property
    def citation(self) -> str:
        return str(ARTICLE_LABELS.get(self.article, self.article))


# --- who holds which role -------------------------------------------------------------


def roles_of(user) -> list[str]:
    """Roles the user holds today (cached on the user object for the request)."""
    if user is None or not user.is_authenticated:
        return []
    cached = getattr(user, "_gongzhi_roles", None)
    if cached is None:
        cached = sorted(
            set(RoleAssignment.objects.active().filter(user=user).values_list("role", flat=True))
        )
        user._gongzhi_roles = cached
    return cached


def validate_assignment(assignment: RoleAssignment) -> None:
    """A role is held at exactly one place, at a level it allows; department staff name their
    department; a care provider's organization must be a provider."""
    places = [p for p in (assignment.street_id, assignment.community_id, assignment.grid_id) if p]
    if len(places) != 1:
        refuse(
            Code.ONE_PLACE,
            _("A role is held at exactly one place: a street, a community or a grid."),
        )
    if assignment.role not in ROLE_LEVELS:
        refuse(Code.UNKNOWN_ROLE, _("Unknown role."), field="role")
    levels = {str(level) for level in ROLE_LEVELS[assignment.role]}
    if assignment.level not in levels:
        refuse(
            Code.ROLE_LEVEL,
            _("%(role)s is held at the level of: %(levels)s.")
            % {
                "role": Role(assignment.role).label,
                "levels": "、".join(str(Level(level).label) for level in sorted(levels)),
            },
            field="role",
        )
    if assignment.role == Role.DEPARTMENT_STAFF and not assignment.department_id:
        refuse(
            Code.DEPARTMENT_REQUIRED,
            _("Department staff must name their department."),
            field="department",
        )
    if assignment.department_id and assignment.role != Role.DEPARTMENT_STAFF:
        refuse(
            Code.NO_DEPARTMENT, _("Only department staff name a department."), field="department"
        )
    if assignment.provider_id and assignment.role not in (
        Role.CARE_PROVIDER,
        Role.SOCIAL_ORG_CONTACT,
    ):
        refuse(
            Code.NO_PROVIDER,
            _("Only care providers and social organization contacts name a provider."),
            field="provider",
        )
    if (
        assignment.start_date
        and assignment.end_date
        and assignment.end_date < assignment.start_date
    ):
        refuse(Code.END_BEFORE_START, _("The end date is before the start date."), field="end_date")


def set_place(assignment: RoleAssignment, place) -> None:
    assignment.street = assignment.community = assignment.grid = None
    if isinstance(place, Grid):
        assignment.grid = place
    elif isinstance(place, Community):
        assignment.community = place
    elif isinstance(place, Street):
        assignment.street = place
    else:
        refuse(Code.NOT_A_PLACE, _("A role is held at a street, a community or a grid."))


def new_assignment(
    user, role: str, place, *, department=None, provider=None, start_date=None, end_date=None
) -> RoleAssignment:
    """An unsaved assignment of `role` to `user` at `place` (org.actions.do_assign_role saves
    it under the rules)."""
    assignment = RoleAssignment(
        user=user,
        role=role,
        department=department,
        provider=provider,
        start_date=start_date,
        end_date=end_date,
    )
    set_place(assignment, place)
    return assignment


@transaction.atomic
def assign_role(user, role: str, place, **fields) -> RoleAssignment:
    """A set-up step, not a door: the first street admin of an installation (or of the demo,
    which has nobody yet to grant it) and test fixtures. Every screen, the API, the admin
    and the demo's other roles go through org.actions.do_assign_role."""
    assignment = new_assignment(user, role, place, **fields)
    validate_assignment(assignment)
    assignment.save()
    return assignment


# --- communities and their bodies (三位一体) ---------------------------------------------


def validate_community(community: Community) -> None:
    """A community of the 一委一居 model has no service station of its own."""
    if (
        community.pk
        and community.structure == Community.Structure.PARTY_COMMITTEE
        and ServiceStation.objects.filter(community_id=community.pk).exists()
    ):
        refuse(
            Code.STATION_EXISTS,
            _(
                "This community has its own service station; a community of the "
                "party committee and residents' committee model (一委一居) has none. "
                "Remove the station first."
            ),
            field="structure",
        )
    if community.household_count is not None and community.household_count < 0:
        refuse(
            Code.NEGATIVE_HOUSEHOLDS,
            _("The number of households cannot be negative."),
            field="household_count",
        )


@transaction.atomic
def ensure_bodies(community: Community) -> None:
    """Create the bodies the community's structure calls for (三位一体), if missing."""
    PartyCommittee.objects.get_or_create(
        community=community,
        defaults={"name": _("%(name)s Party Committee") % {"name": community.name}},
    )
    ResidentsCommittee.objects.get_or_create(
        community=community,
        defaults={"name": _("%(name)s Residents' Committee") % {"name": community.name}},
    )
    if community.has_station and not ServiceStation.objects.filter(community=community).exists():
        station = ServiceStation(
            street=community.street,
            community=community,
            name=_("%(name)s Service Station") % {"name": community.name},
        )
        save_object(station)


@transaction.atomic
def create_community(street: Street, **fields) -> Community:
    community = Community(street=street, **fields)
    community.full_clean()
    validate_community(community)
    community.save()
    ensure_bodies(community)
    return community


def validate_station(station: ServiceStation) -> None:
    """A station serves one community of a model that has a station, in the same street; or,
    without a community, the whole street of a street that runs one street-level station."""
    community = station.community
    if community is not None:
        if station.street_id and community.street_id != station.street_id:
            refuse(Code.OTHER_STREET, _("The community is not in this street."), field="community")
        if not community.has_station:
            refuse(
                Code.NO_OWN_STATION,
                _(
                    "%(name)s follows the 一委一居 model and is served by the street-level "
                    "work station; it has no station of its own."
                )
                % {"name": community.name},
                field="community",
            )
    elif station.street_id:
        if not station.street.has_street_work_station:
            refuse(
                Code.NO_STREET_STATION,
                _(
                    "This street has no street-level work station; choose the community "
                    "the station serves, or mark the street as running one station."
                ),
                field="community",
            )
        others = ServiceStation.objects.filter(street_id=station.street_id, community__isnull=True)
        if station.pk:
            others = others.exclude(pk=station.pk)
        if others.exists():
            refuse(
                Code.STREET_STATION_TAKEN,
                _("This street already has its street-level work station."),
                field="community",
            )


def street_station(street: Street) -> ServiceStation | None:
    return ServiceStation.objects.filter(street=street, community__isnull=True).first()


def station_serving(community: Community) -> ServiceStation | None:
    """The community's own station, or the street-level station that serves it (Xuanwu)."""
    own = ServiceStation.objects.filter(community=community).first()
    return own or street_station(community.street)


def validate_residents_committee(committee: ResidentsCommittee, duties=None) -> None:
    """A de-administrated committee keeps only duties on its street's list."""
    if duties is None:
        return
    street_id = committee.community.street_id
    if any(d.street_id != street_id for d in duties):
        refuse(Code.FOREIGN_DUTY, _("Choose duties from this street's list."), field="duties")


# --- residents' committee ---------------------------------------------------------------


def _active_on(member: CommitteeMember, day: date) -> bool:
    return member.start_date <= day and (member.end_date is None or member.end_date >= day)


POST_ORDER = Case(
    When(post=CommitteeMember.Post.CHAIR, then=Value(0)),
    When(post=CommitteeMember.Post.VICE_CHAIR, then=Value(1)),
    default=Value(2),
)


def current_members(committee: ResidentsCommittee, on: date | None = None):
    """Members serving on `on` (today), chair first, then vice chairs, then members."""
    day = on or timezone.localdate()
    return (
        committee.members.filter(start_date__lte=day)
        .exclude(end_date__lt=day)
        .order_by(POST_ORDER, "name", "pk")
    )


def validate_committee_size(committee: ResidentsCommittee, adding: int = 0) -> None:
    """Art. 7: a residents' committee has at most 9 members; the chair is one of them."""
    count = current_members(committee).count() + adding
    if count > COMMITTEE_MAX_MEMBERS:
        refuse(
            Code.COMMITTEE_TOO_LARGE,
            _(
                "A residents' committee has 5 to 9 members (Organic Law Art. 7); "
                "%(name)s would have %(count)d."
            )
            % {"name": committee.name, "count": count},
        )


def _others(member: CommitteeMember) -> list[CommitteeMember]:
    others = CommitteeMember.objects.filter(committee_id=member.committee_id)
    if member.pk:
        others = others.exclude(pk=member.pk)
    return list(others)


def validate_member_term_size(member: CommitteeMember) -> None:
    """Art. 7 over time: on no day of the member's term does the committee exceed 9 members.
    The most members at once during a term is reached on the first day of some term."""
    if not member.start_date:
        return
    others = _others(member)
    days = {member.start_date} | {
        o.start_date
        for o in others
        if o.start_date >= member.start_date
        and (member.end_date is None or o.start_date <= member.end_date)
    }
    for day in sorted(days):
        count = 1 + sum(1 for o in others if _active_on(o, day))
        if count > COMMITTEE_MAX_MEMBERS:
            refuse(
                Code.COMMITTEE_TOO_LARGE,
                _(
                    "A residents' committee has 5 to 9 members (Organic Law Art. 7); "
                    "%(name)s would have %(count)d on %(day)s."
                )
                % {"name": member.committee.name, "count": count, "day": day.isoformat()},
            )


def validate_single_chair(member: CommitteeMember) -> None:
    """A committee has one chair at a time (Art. 7: a chair, vice chairs and members)."""
    if member.post != CommitteeMember.Post.CHAIR or not member.start_date:
        return
    for other in _others(member):
        if other.post != CommitteeMember.Post.CHAIR:
            continue
        overlap = (other.end_date is None or other.end_date >= member.start_date) and (
            member.end_date is None or member.end_date >= other.start_date
        )
        if overlap:
            refuse(
                Code.SECOND_CHAIR,
                _("This committee already has a chair (%(name)s).") % {"name": other.name},
                field="post",
            )


def validate_member(member: CommitteeMember) -> None:
    """All hard rules on one committee member (used by forms, admin, API and demo)."""
    if member.start_date and member.end_date and member.end_date < member.start_date:
        refuse(Code.END_BEFORE_START, _("The end date is before the start date."), field="end_date")
    validate_single_chair(member)
    validate_member_term_size(member)


def _lock_committee(committee_id) -> None:
    # Lock the committee row so two clerks cannot both add the tenth member.
    list(ResidentsCommittee.objects.select_for_update().filter(pk=committee_id))


@transaction.atomic
def save_committee_member(member: CommitteeMember) -> CommitteeMember:
    _lock_committee(member.committee_id)
    member.full_clean(exclude=["committee"])
    validate_member(member)
    member.save()
    return member


def add_committee_member(committee: ResidentsCommittee, **fields) -> CommitteeMember:
    return save_committee_member(CommitteeMember(committee=committee, **fields))


def update_committee_member(member: CommitteeMember, **fields) -> CommitteeMember:
    for name, value in fields.items():
        setattr(member, name, value)
    return save_committee_member(member)


def end_committee_member(member: CommitteeMember, end_date: date | None = None) -> CommitteeMember:
    """The member leaves the committee (term over, recall or resignation)."""
    day = end_date or timezone.localdate()
    if day < member.start_date:
        refuse(Code.END_BEFORE_START, _("The end date is before the start date."), field="end_date")
    return update_committee_member(member, end_date=day)


def validate_working_committee(working_committee: WorkingCommittee, members=None) -> None:
    """Members of a sub-committee (Art. 13) come from its own residents' committee."""
    if members is None:
        return
    if any(m.committee_id != working_committee.committee_id for m in members):
        refuse(
            Code.NOT_ON_COMMITTEE,
            _("Members of a working committee must sit on its residents' committee."),
            field="members",
        )


def committee_warnings(committee: ResidentsCommittee, on: date | None = None) -> list[Warning]:
    """Warnings about the members serving on `on` (today), e.g. a term about to start."""
    members = list(current_members(committee, on=on))
    warnings = []
    if len(members) < COMMITTEE_MIN_MEMBERS:
        warnings.append(
            Warning(
                "committee_too_small",
                _("The committee has %(count)d members; the Organic Law requires 5 to 9.")
                % {"count": len(members)},
                "Art. 7",
            )
        )
    if committee.community.multi_ethnic and not any(m.is_minority for m in members):
        warnings.append(
            Warning(
                "no_minority_member",
                _(
                    "This multi-ethnic community's committee has no member from a minority "
                    "ethnic group (Organic Law Art. 7)."
                ),
                "Art. 7",
            )
        )
    if not any(m.post == CommitteeMember.Post.CHAIR for m in members):
        warnings.append(Warning("no_chair", _("The committee has no chair."), "Art. 7"))
    return warnings


def community_warnings(community: Community) -> list[Warning]:
    warnings = []
    if not COMMUNITY_MIN_HOUSEHOLDS <= community.household_count <= COMMUNITY_MAX_HOUSEHOLDS:
        warnings.append(
            Warning(
                "households_out_of_range",
                _(
                    "%(name)s has %(count)d households; the Organic Law (Art. 6) sets a "
                    "residents' committee at 100 to 700 households."
                )
                % {"name": community.name, "count": community.household_count},
                "Art. 6",
            )
        )
    committee = ResidentsCommittee.objects.filter(community=community).first()
    if committee is not None:
        warnings.extend(committee_warnings(committee))
    if community.has_station is False and street_station(community.street) is None:
        warnings.append(
            Warning(
                "no_station",
                _(
                    "No service station serves this community: it has none of its own and its "
                    "street has no street-level work station."
                ),
                "",
            )
        )
    return warnings


# --- staff, cadres, grids, care centres --------------------------------------------------


def validate_staff(staff: Staff) -> None:
    """A staff member's community, unit, station and working group belong together."""
    errors: dict[str, ValidationError] = {}
    if staff.community is not None and staff.community.street_id != staff.street_id:
        errors["community"] = ValidationError(
            _("The community is not in this street."), code=Code.OTHER_STREET
        )
    if staff.unit is not None and staff.unit.street_id != staff.street_id:
        errors["unit"] = ValidationError(
            _("The unit is not part of this street office."), code=Code.OTHER_STREET
        )
    station = staff.station
    if station is not None:
        if station.street_id != staff.street_id:
            errors["station"] = ValidationError(
                _("The station is not in this street."), code=Code.OTHER_STREET
            )
        elif station.community_id and station.community_id != staff.community_id:
            errors["station"] = ValidationError(
                _("The station serves another community."), code=Code.OTHER_COMMUNITY
            )
    if staff.working_group is not None:
        if not staff.station_id:
            errors["working_group"] = ValidationError(
                _("Choose the service station of the working group."), code=Code.STATION_REQUIRED
            )
        elif staff.working_group.station_id != staff.station_id:
            errors["working_group"] = ValidationError(
                _("The working group belongs to another station."), code=Code.OTHER_STATION
            )
    if errors:
        raise ValidationError(errors)


def validate_cadre(cadre: DispatchedCadre) -> None:
    if cadre.start_date and cadre.end_date and cadre.end_date < cadre.start_date:
        refuse(Code.END_BEFORE_START, _("The end date is before the start date."), field="end_date")


def validate_care_centre(centre: CareCentre) -> None:
    """Hefei: a provider runs the centre; the partner is a hospital."""
    errors: dict[str, ValidationError] = {}
    if (
        centre.partner_hospital is not None
        and centre.partner_hospital.kind != Provider.Kind.HOSPITAL
    ):
        errors["partner_hospital"] = ValidationError(
            _("The partner must be a hospital."), code=Code.NOT_A_HOSPITAL
        )
    if (
        centre.contract_start
        and centre.contract_end
        and centre.contract_end < centre.contract_start
    ):
        errors["contract_end"] = ValidationError(
            _("The end date is before the start date."), code=Code.END_BEFORE_START
        )
    if errors:
        raise ValidationError(errors)


# --- one entry point for every form, the admin and the API ------------------------------

VALIDATORS: dict[type, Callable] = {
    Community: validate_community,
    ServiceStation: validate_station,
    CommitteeMember: validate_member,
    Staff: validate_staff,
    DispatchedCadre: validate_cadre,
    CareCentre: validate_care_centre,
    RoleAssignment: validate_assignment,
}


def validate(obj, **related) -> None:
    """Run the service rules for `obj` (and its many-to-many choices, given by name)."""
    validator = VALIDATORS.get(type(obj))
    if validator is not None:
        validator(obj)
    if isinstance(obj, WorkingCommittee):
        validate_working_committee(obj, related.get("members"))
    elif isinstance(obj, ResidentsCommittee):
        validate_residents_committee(obj, related.get("duties"))


def is_visible(obj, user) -> bool:
    """Whether `user` may see the saved `obj` through the model's scope."""
    model = type(obj)
    manager = model.objects
    if not hasattr(manager, "visible_to"):
        return True
    return manager.visible_to(user).filter(pk=obj.pk).exists()


@transaction.atomic
def save_object(obj, *, user=None, **related):
    """Validate and save any organization record; with `user`, the record must end up inside
    the user's area (otherwise nothing is written). `related` holds many-to-many choices
    (saved here too)."""
    if isinstance(obj, CommitteeMember):
        _lock_committee(obj.committee_id)
    if isinstance(obj, RoleAssignment) and user is not None:
        check_assignable(user, obj)
    obj.full_clean(validate_unique=True)
    validate(obj, **related)
    created = obj.pk is None
    obj.save()
    for name, values in related.items():
        if values is not None:
            getattr(obj, name).set(values)
    if user is not None and not is_visible(obj, user):
        out_of_scope()
    if created and isinstance(obj, Community):
        ensure_bodies(obj)
    return obj


def assignable_users(user):
    """Accounts `user` may give a role to: those already holding a role inside the user's area,
    and new accounts with no role anywhere yet. A street admin cannot list or enlist the
    people of another street (PIPL: no cross-street look-ups)."""

    users = get_user_model().objects.filter(is_active=True)
    if getattr(user, "is_superuser", False):
        return users
    in_area = RoleAssignment.objects.visible_to(user).filter(user=OuterRef("pk"))
    any_role = RoleAssignment.objects.filter(user=OuterRef("pk"))
    return users.filter(Exists(in_area) | ~Exists(any_role))


def check_assignable(actor, assignment: RoleAssignment) -> None:
    """Only accounts of the actor's area, or without any role yet, receive a role from them;
    and nobody ends their own street-admin role (they would lock themselves and their street
    out: another street admin or a superuser does it)."""
    if assignment.user_id and not assignable_users(actor).filter(pk=assignment.user_id).exists():
        refuse(
            Code.USER_OUT_OF_AREA,
            _("This account works in another area: it cannot be given a role here."),
            field="user",
        )
    if assignment.pk and assignment.end_date is not None:
        check_removable(actor, assignment)


def check_removable(actor, assignment: RoleAssignment) -> None:
    if (
        assignment.user_id == actor.pk
        and assignment.role == Role.STREET_ADMIN
        and not actor.is_superuser
    ):
        refuse(
            Code.OWN_ADMIN_ROLE,
            _(
                "You cannot end or delete your own street-admin role: another street admin "
                "or a superuser must do it."
            ),
        )


@transaction.atomic
def delete_assignment(assignment: RoleAssignment, *, user) -> None:
    check_removable(user, assignment)
    assignment.delete()
