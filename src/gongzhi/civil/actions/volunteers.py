"""Volunteers and teams (issue #14 §3): a resident registers as a volunteer from the phone
page (`do_register_self`, a public action on the user's own registry record) or staff
register them (`do_register_volunteer`), with skills from the list, availability (week days
and hours), areas (grids of the street) and consent to the record keeping (which text, and
when). Teams belong to an organization or a community."""

import re

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongzhi.civil.errors import Code
from gongzhi.civil.models import Team, Volunteer
from gongzhi.core.actions import action
from gongzhi.core.errors import refuse
from gongzhi.registry.models import Resident

# The consent text a volunteer agrees to (《志愿服务记录与证明出具办法》; PIPL), by version:
# a new wording gets a new version, and each volunteer keeps the version they agreed to.
CONSENT_VERSION = "2026-1"
CONSENT_TEXT = gettext_lazy(
    "I agree that the street and community record my volunteer registration, the activities "
    "I take part in and my service hours, and keep them to issue records and certificates of "
    "my volunteer service. I can see my own records and ask for them to be corrected."
)
CONSENT_VERSIONS = (CONSENT_VERSION,)
MAX_SLOTS = 21
_HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


def clean_availability(slots) -> list[dict]:
    """A list of {"weekday": 0-6, "start": "HH:MM", "end": "HH:MM"}, each ending after it
    starts; refused (coded, on `availability`) otherwise."""
    out = []
    if not isinstance(slots, list | tuple) or len(slots) > MAX_SLOTS:
        refuse(Code.VOLUNTEER_AVAILABILITY, _("Give at most 21 time slots."), field="availability")
    for slot in slots:
        weekday = slot.get("weekday") if isinstance(slot, dict) else None
        start = slot.get("start") if isinstance(slot, dict) else None
        end = slot.get("end") if isinstance(slot, dict) else None
        ok = (
            isinstance(weekday, int)
            and not isinstance(weekday, bool)
            and 0 <= weekday <= 6
            and isinstance(start, str)
            and isinstance(end, str)
            and _HHMM.match(start)
            and _HHMM.match(end)
            and end > start
        )
        if not ok:
            refuse(
                Code.VOLUNTEER_AVAILABILITY,
                _("Each time slot is a week day (0–6) and hours HH:MM, ending after it starts."),
                field="availability",
            )
        out.append({"weekday": weekday, "start": start, "end": end})
    return out


def _check_areas(resident, areas) -> None:
    street_id = resident.community.street_id
    if any(grid.community.street_id != street_id for grid in areas):
        refuse(
            Code.VOLUNTEER_AREA,
            _("Areas are grids of the volunteer's own street."),
            field="areas",
        )


def _register(actor, resident, *, skills, areas, availability, consent_version) -> Volunteer:
    if consent_version not in CONSENT_VERSIONS:
        refuse(
            Code.VOLUNTEER_CONSENT,
            _("The volunteer must agree to the record keeping."),
            field="consent_version",
        )
    resident = Resident.objects.select_for_update().get(pk=resident.pk)
    if Volunteer.objects.filter(resident=resident).exists():
        refuse(Code.VOLUNTEER_EXISTS, _("This resident is already a volunteer."), field="resident")
    slots = clean_availability(availability or [])
    areas = list(areas or [])
    _check_areas(resident, areas)
    volunteer = Volunteer(
        resident=resident,
        community=resident.community,
        grid=resident.grid,
        availability=slots,
        consent_at=timezone.now(),
        consent_version=consent_version,
    )
    volunteer.save()
    volunteer.skills.set(skills or [])
    volunteer.areas.set(areas)
    return volunteer


@action("civil.add_volunteer", place=lambda resident: resident)
def do_register_volunteer(
    actor, resident, *, skills=(), areas=(), availability=(), consent_version=""
) -> Volunteer:
    """Staff register a resident of their area, who agreed to the consent text."""
    return _register(
        actor,
        resident,
        skills=skills,
        areas=areas,
        availability=availability,
        consent_version=consent_version,
    )


def own_resident(user):
    """The registry record linked to the user's account (registry's link), or None."""
    if user is None or not user.is_authenticated:
        return None
    return Resident.objects.filter(account=user).select_related("community").first()


# public: a resident registers themself; the record is the one linked to their account.
@action(None, public=True)
def do_register_self(
    actor, _scope=None, *, skills=(), areas=(), availability=(), consent_version=""
) -> Volunteer:
    resident = own_resident(actor)
    if resident is None:
        refuse(
            Code.VOLUNTEER_NO_RESIDENT,
            _("Link your account to your registry record first (verify your identity)."),
        )
    return _register(
        actor,
        resident,
        skills=skills,
        areas=areas,
        availability=availability,
        consent_version=consent_version,
    )


@action("civil.change_volunteer")
def do_update_volunteer(
    actor, volunteer, *, skills=None, areas=None, availability=None, active=None
):
    """Staff change a volunteer's skills, areas, availability or withdraw them (active)."""
    volunteer = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
    if availability is not None:
        volunteer.availability = clean_availability(availability)
    if active is not None:
        volunteer.active = bool(active)
    volunteer.save()
    if skills is not None:
        volunteer.skills.set(skills)
    if areas is not None:
        _check_areas(volunteer.resident, list(areas))
        volunteer.areas.set(areas)
    return volunteer


@action("civil.add_team", place=lambda place: place)
def do_create_team(actor, place, *, name, community=None, organization=None, members=()) -> Team:
    """A team of an organization or of a community (`place`: the community, or the street of
    an organization's team)."""
    if community is None and organization is None:
        refuse(
            Code.TEAM_OWNER,
            _("A team belongs to an organization or a community."),
            field="community",
        )
    street = (community or organization).street
    if organization is not None and organization.street_id != street.pk:
        refuse(Code.TEAM_OWNER, _("The organization is of another street."), field="organization")
    members = list(members or [])
    if any(v.community.street_id != street.pk for v in members):
        refuse(
            Code.TEAM_MEMBER_PLACE,
            _("Members are volunteers of the team's own street."),
            field="members",
        )
    team = Team(street=street, community=community, organization=organization, name=name)
    team.full_clean()
    team.save()
    team.members.set(members)
    return team
