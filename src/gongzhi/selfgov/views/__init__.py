"""Screens of self-government. Thin: they turn forms into the arguments of the actions
(selfgov.actions), read rows through visible_to() (out of scope: 404) and the questions of
selfgov.queries. Split by topic: elections (and terms), steps (one view per election
step), assemblies (and petitions, charter; one view per assembly step and filing step),
notices (and property, the public pages)."""

from gongzhi.selfgov.views.assemblies import (
    ASSEMBLY_STEPS,
    CHARTER_STEPS,
    assembly_action,
    assembly_create,
    assembly_detail,
    assembly_list,
    assembly_people,
    charter_create,
    charter_list,
    petition_create,
)
from gongzhi.selfgov.views.elections import (
    election_certificate,
    election_create,
    election_detail,
    election_list,
    election_people,
    election_register_pdf,
    election_tally,
    election_vote,
    term_list,
)
from gongzhi.selfgov.views.notices import (
    notice_create,
    notice_list,
    notice_pdf,
    property_coverage,
    property_edit,
    public_notice_detail,
    public_notices,
    public_receipt,
    public_register,
)
from gongzhi.selfgov.views.steps import STEPS, election_action

__all__ = [
    "ASSEMBLY_STEPS",
    "CHARTER_STEPS",
    "STEPS",
    "assembly_action",
    "assembly_create",
    "assembly_detail",
    "assembly_list",
    "assembly_people",
    "charter_create",
    "charter_list",
    "election_action",
    "election_certificate",
    "election_create",
    "election_detail",
    "election_list",
    "election_people",
    "election_register_pdf",
    "election_tally",
    "election_vote",
    "notice_create",
    "notice_list",
    "notice_pdf",
    "petition_create",
    "property_coverage",
    "property_edit",
    "public_notice_detail",
    "public_notices",
    "public_receipt",
    "public_register",
    "term_list",
]
