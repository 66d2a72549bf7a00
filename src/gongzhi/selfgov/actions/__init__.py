"""Every write of self-government: `do_<verb>(actor, obj_or_place, …)` under
`core.actions.action` (permission by role AND place — the election's, assembly's or
notice's community —, one transaction, one audit event, coded refusals from
selfgov.errors). Screens, the API, the demo and the tests call these; read-only questions are
in selfgov.queries, pure rules in selfgov.rules, the secret ballot box in selfgov.ballot_box.
Split by topic:

- elections: the election's rules and its state machine (MACHINE), opening the vote;
- register: generating, adding, applications, removal, objections, publication;
- candidates: nomination, withdrawal, the published list (差额);
- voting: proxies, polling stations, the online and the paper ballot;
- tally: tally sheets, counting, the second round, the announcement;
- terms: terms and the hand-over; assemblies, petitions, notices;
- charter: drafts and the filing's state machine (FILING).
"""

from gongzhi.selfgov.actions.assemblies import (
    assembly_size,
    do_add_item,
    do_convene,
    do_record_attendance,
    do_record_minutes,
    do_sign_in,
    do_vote_item,
)
from gongzhi.selfgov.actions.candidates import (
    do_nominate,
    do_publish_candidates,
    do_withdraw_candidate,
)
from gongzhi.selfgov.actions.charter import FILING, FILING_STEP_TO, do_draft_charter, do_filing_step
from gongzhi.selfgov.actions.elections import (
    BUTTONS,
    MACHINE,
    do_create_election,
    do_open_voting,
    do_update_election,
    validate_election,
)
from gongzhi.selfgov.actions.notices import (
    do_create_notice,
    do_delete_notice,
    do_save_management,
    do_update_notice,
)
from gongzhi.selfgov.actions.petitions import PETITION_SHARE, do_file_petition, signatory_lines
from gongzhi.selfgov.actions.register import (
    do_add_voter,
    do_apply_for_register,
    do_generate_register,
    do_link_voter_login,
    do_log_objection,
    do_publish_register,
    do_remove_voter,
    do_resolve_objection,
)
from gongzhi.selfgov.actions.tally import (
    do_announce,
    do_count_round,
    do_discard_sheets,
    do_enter_tally_sheet,
    do_start_second_round,
    validate_second_round_window,
)
from gongzhi.selfgov.actions.terms import (
    DEFAULT_TERM_YEARS,
    do_create_term,
    do_hand_over,
    do_seat_serving_members,
)
from gongzhi.selfgov.actions.voting import (
    do_add_proxy,
    do_add_station,
    do_cast_ballot,
    do_issue_paper_ballot,
    validate_choices,
)

__all__ = [
    "BUTTONS",
    "DEFAULT_TERM_YEARS",
    "FILING",
    "FILING_STEP_TO",
    "MACHINE",
    "PETITION_SHARE",
    "assembly_size",
    "do_add_item",
    "do_add_proxy",
    "do_add_station",
    "do_add_voter",
    "do_announce",
    "do_apply_for_register",
    "do_cast_ballot",
    "do_convene",
    "do_count_round",
    "do_create_election",
    "do_create_notice",
    "do_create_term",
    "do_discard_sheets",
    "do_draft_charter",
    "do_enter_tally_sheet",
    "do_file_petition",
    "do_filing_step",
    "do_generate_register",
    "do_hand_over",
    "do_issue_paper_ballot",
    "do_link_voter_login",
    "do_log_objection",
    "do_nominate",
    "do_open_voting",
    "do_publish_candidates",
    "do_publish_register",
    "do_record_attendance",
    "do_record_minutes",
    "do_remove_voter",
    "do_resolve_objection",
    "do_save_management",
    "do_seat_serving_members",
    "do_sign_in",
    "do_start_second_round",
    "do_update_election",
    "do_delete_notice",
    "do_update_notice",
    "do_vote_item",
    "do_withdraw_candidate",
    "signatory_lines",
    "validate_choices",
    "validate_election",
    "validate_second_round_window",
]
