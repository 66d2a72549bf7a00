from django.utils.translation import gettext_lazy as _

from gongzhi.core.nav import NavItem

NAV = [
    NavItem(
        label=_("Elections"),
        url_name="selfgov:election_list",
        permission="selfgov.view_election",
        icon="bi-check2-square",
        order=40,
        mobile=True,
        description=_("Residents' committee elections: register, candidates, ballots, results"),
    ),
    NavItem(
        label=_("Resident assemblies"),
        url_name="selfgov:assembly_list",
        permission="selfgov.view_assembly",
        icon="bi-people",
        order=41,
        description=_("Assemblies, petitions, resolutions, recall"),
    ),
    NavItem(
        label=_("Committee terms"),
        url_name="selfgov:term_list",
        permission="selfgov.view_term",
        icon="bi-calendar-range",
        order=42,
        description=_("Terms and hand-over"),
    ),
    NavItem(
        label=_("Resident charter"),
        url_name="selfgov:charter_list",
        permission="selfgov.view_charterversion",
        icon="bi-journal-bookmark",
        order=43,
        description=_("Versions, adoption and filing"),
    ),
    NavItem(
        label=_("Public notices"),
        url_name="selfgov:notice_list",
        permission="selfgov.view_notice",
        icon="bi-megaphone",
        order=44,
        description=_("The community notice board"),
    ),
    NavItem(
        label=_("Property management"),
        url_name="selfgov:property",
        permission="selfgov.view_estatemanagement",
        icon="bi-house-gear",
        order=45,
        description=_("Estates by management mode; estates without one"),
    ),
]
