"""Menu entries of self-government (core.nav), the workbench's to-dos (selfgov.todos) and
the steps that count as done."""

from django.utils.translation import gettext_lazy as _

from gongzhi.core.nav import Done, NavItem, Todo
from gongzhi.selfgov import todos

# The sidebar section of this app's entries (core.nav.GROUPS).
GROUP = "selfgov"

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


TODOS = [
    Todo(
        "selfgov-register",
        _("Voter registers to publish (legal last day within 14 days or past)"),
        todos.MANAGE,
        todos.registers_to_publish,
        "selfgov:election_list",
        order=50,
        tone="danger",
    ),
    Todo(
        "selfgov-vote",
        _("Elections voting within 14 days"),
        todos.MANAGE,
        todos.votes_ahead,
        "selfgov:election_list",
        order=51,
    ),
    Todo(
        "selfgov-assembly",
        _("Assemblies convened, still to hold"),
        "selfgov.change_assembly",
        todos.assemblies_to_prepare,
        "selfgov:assembly_list",
        order=52,
    ),
    Todo(
        "selfgov-assembly-record",
        _("Assemblies past their date with no vote recorded"),
        "selfgov.change_assembly",
        todos.assemblies_to_record,
        "selfgov:assembly_list",
        order=53,
        tone="danger",
    ),
    Todo(
        "selfgov-notices",
        _("Notices waiting for their publish date"),
        "selfgov.change_notice",
        todos.notices_waiting,
        "selfgov:notice_list",
        order=54,
    ),
]

# 已办: an election's published steps and result, an assembly's vote and minutes, a notice.
DONE = [
    Done(
        "selfgov.do_publish_register",
        _("Voter register published"),
        url_name="selfgov:election_detail",
    ),
    Done(
        "selfgov.do_publish_candidates",
        _("Candidates published"),
        url_name="selfgov:election_detail",
    ),
    Done("selfgov.do_count_round", _("Votes counted")),
    Done("selfgov.do_announce", _("Election result announced"), url_name="selfgov:election_detail"),
    Done(
        "selfgov.do_record_minutes",
        _("Assembly minutes recorded"),
        url_name="selfgov:assembly_detail",
    ),
    Done("selfgov.do_create_notice", _("Notice written")),
]
