"""What each role may do in self-government (see org.roles)."""

from gongzhi.org.roles import Role

_VIEW = {
    f"selfgov.view_{m}"
    for m in (
        "term",
        "election",
        "voter",
        "candidate",
        "proxy",
        "pollingstation",
        "tallysheet",
        "roundresult",
        "assembly",
        "petition",
        "agendaitem",
        "charterversion",
        "notice",
        "estatemanagement",
    )
}
_COMMITTEE = _VIEW | {
    "selfgov.add_election",
    "selfgov.change_election",
    "selfgov.manage_election",
    "selfgov.enter_tally",
    "selfgov.add_tallysheet",
    "selfgov.add_assembly",
    "selfgov.change_assembly",
    "selfgov.add_petition",
    "selfgov.add_charterversion",
    "selfgov.add_notice",
    "selfgov.change_notice",
    "selfgov.delete_notice",
    "selfgov.change_estatemanagement",
    "selfgov.add_estatemanagement",
}
_STREET = _COMMITTEE | {"selfgov.announce_election", "selfgov.change_charterversion"}

ROLE_PERMISSIONS = {
    Role.STREET_ADMIN: _STREET,
    Role.STREET_STAFF: _STREET,
    Role.PARTY_SECRETARY: _COMMITTEE | {"selfgov.announce_election"},
    Role.COMMITTEE_MEMBER: _COMMITTEE,
    Role.STATION_STAFF: _VIEW | {"selfgov.enter_tally", "selfgov.add_tallysheet"},
    Role.GRID_WORKER: {"selfgov.view_notice", "selfgov.view_estatemanagement"},
    Role.RESIDENT: {"selfgov.view_election", "selfgov.cast_ballot", "selfgov.view_notice"},
}
