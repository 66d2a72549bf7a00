"""Self-government under the Organic Law of Urban Residents' Committees: committee terms (届),
elections (voter register, nomination, paper and online ballots, tally, second round),
resident assemblies, the resident charter, public notices and property-management coverage.

Split by topic: terms, elections, assemblies (with the charter), notices (with property
management); every model is importable from here.

The online ballot box (`Ballot`, `VoterParticipation`) is designed for secrecy: see
`gongzhi.selfgov.ballot_box` for the full explanation.
"""

from gongzhi.selfgov.models._paths import ASSEMBLY_PATHS, COMMUNITY_PATHS, ELECTION_PATHS
from gongzhi.selfgov.models.assemblies import (
    AgendaItem,
    Assembly,
    Attendance,
    CharterVersion,
    Petition,
)
from gongzhi.selfgov.models.elections import (
    Ballot,
    Candidate,
    Election,
    PollingStation,
    Proxy,
    RegisterChange,
    RoundResult,
    TallySheet,
    Voter,
    VoterParticipation,
)
from gongzhi.selfgov.models.notices import EstateManagement, Notice
from gongzhi.selfgov.models.terms import Term, TermMember

__all__ = [
    "ASSEMBLY_PATHS",
    "COMMUNITY_PATHS",
    "ELECTION_PATHS",
    "AgendaItem",
    "Assembly",
    "Attendance",
    "Ballot",
    "Candidate",
    "CharterVersion",
    "Election",
    "EstateManagement",
    "Notice",
    "Petition",
    "PollingStation",
    "Proxy",
    "RegisterChange",
    "RoundResult",
    "TallySheet",
    "Term",
    "TermMember",
    "Voter",
    "VoterParticipation",
]
