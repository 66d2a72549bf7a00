"""What each role may do in civil (see org.roles). A permission counts only in the place of
the role that grants it (org.scoping). An organization's contact (social_org_contact) acts on
the organizations whose `accounts` hold them (civil.scoping narrows their rows); a resident
registers themself as a volunteer, signs up and rates (public actions checking ownership)."""

from gongzhi.org.roles import Role

_MODELS = (
    "organization",
    "membership",
    "support",
    "assessment",
    "leader",
    "volunteer",
    "team",
    "activity",
    "assignment",
    "rating",
    "hoursentry",
    "certificate",
    "account",
    "redemption",
    "transfer",
)
_SEE = {f"civil.view_{m}" for m in _MODELS} | {"civil.view_skill", "civil.view_starlevel"}
_COORDINATE = {
    f"civil.{verb}_{m}"
    for verb in ("add", "change")
    for m in ("organization", "membership", "leader", "volunteer", "team", "activity")
} | {
    "civil.dispatch_activity",  # propose, dispatch, check in/out for volunteers
    "civil.add_hoursentry",  # record hours by hand
    "civil.confirm_hoursentry",
    "civil.correct_hoursentry",  # a reversing entry
    "civil.add_certificate",
    "civil.add_transfer",  # time-bank deposits, spending, transfers
    "civil.change_redemption",  # serve a redemption request
}
_STREET = {
    "civil.add_support",
    "civil.add_assessment",
    "civil.change_incubation",  # move an organization along the incubation path
    "civil.change_timebanksettings",
    "civil.view_timebanksettings",
    "civil.add_skill",
    "civil.change_skill",
    "civil.change_starlevel",
}

ROLE_PERMISSIONS = {
    Role.STREET_ADMIN: _SEE | _COORDINATE | _STREET,
    Role.STREET_STAFF: _SEE | _COORDINATE | _STREET,
    Role.PARTY_SECRETARY: _SEE,
    Role.COMMITTEE_MEMBER: _SEE | _COORDINATE | {"civil.add_support"},
    Role.STATION_STAFF: _SEE | _COORDINATE,
    Role.GRID_WORKER: {
        "civil.view_volunteer",
        "civil.view_activity",
        "civil.view_leader",
        "civil.view_organization",
        "civil.add_volunteer",
    },
    Role.SOCIAL_ORG_CONTACT: {
        "civil.view_organization",
        "civil.change_organization",
        "civil.view_membership",
        "civil.add_membership",
        "civil.change_membership",
        "civil.view_activity",
        "civil.add_activity",
        "civil.change_activity",
        "civil.dispatch_activity",
        "civil.view_assignment",
        "civil.view_team",
        "civil.view_volunteer",
        "civil.view_hoursentry",
        "civil.confirm_hoursentry",
    },
    # a volunteer signs up, answers, checks in and out and rates on the phone (their own)
    Role.RESIDENT: {"civil.view_activity", "civil.view_skill", "civil.add_assignment"},
}
