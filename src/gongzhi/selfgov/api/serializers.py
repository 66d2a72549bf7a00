"""Serializers of the selfgov API: how each record is shown."""

from gongzhi.core.api import ScopedModelSerializer
from gongzhi.selfgov.models import (
    AgendaItem,
    Assembly,
    Attendance,
    Candidate,
    CharterVersion,
    Election,
    EstateManagement,
    Notice,
    Petition,
    PollingStation,
    Proxy,
    RegisterChange,
    RoundResult,
    Term,
    Voter,
)


def _serializer(model_, fields_):
    class S(ScopedModelSerializer):
        class Meta:
            model = model_
            fields = fields_

    S.__name__ = f"{model_.__name__}Serializer"
    return S


TermSerializer = _serializer(
    Term, ["id", "committee", "number", "start_date", "end_date", "status", "handed_over_on"]
)
ElectionSerializer = _serializer(
    Election,
    [
        "id",
        "community",
        "title",
        "term_number",
        "term_years",
        "method",
        "election_day",
        "seats",
        "election_committee",
        "status",
        "round",
        "online_voting",
        "voting_opens",
        "voting_closes",
        "register_published_on",
        "voting_age",
        "register_days_before",
        "nomination_supporters",
        "allow_self_nomination",
        "candidate_surplus",
        "turnout_num",
        "turnout_den",
        "majority_num",
        "majority_den",
        "second_round_num",
        "second_round_den",
        "max_proxies",
        "tie_rule",
    ],
)
ElectionSerializer.Meta.read_only_fields = ["status", "round", "register_published_on"]
ProxySerializer = _serializer(Proxy, ["id", "election", "holder", "principal", "authorization"])
VoterSerializer = _serializer(
    Voter,
    [
        "id",
        "election",
        "name",
        "household",
        "residents_group",
        "source",
        "reason",
        "active",
        "applied_on",
        "home_consent",
        "home_consent_reference",
        "home_consent_date",
    ],
)
CandidateSerializer = _serializer(
    Candidate,
    ["id", "election", "voter", "nomination", "withdrawn", "second_round", "elected", "votes"],
)
StationSerializer = _serializer(
    PollingStation, ["id", "election", "name", "kind", "ballots_issued"]
)
ResultSerializer = _serializer(
    RoundResult,
    [
        "id",
        "election",
        "round",
        "registered",
        "voted",
        "votes_cast",
        "invalid",
        "valid",
        "counts",
        "elected",
        "unfilled",
        "notes",
    ],
)
AssemblySerializer = _serializer(
    Assembly,
    [
        "id",
        "community",
        "title",
        "kind",
        "date",
        "place",
        "petition",
        "members_total",
        "status",
        "minutes",
    ],
)
ItemSerializer = _serializer(
    AgendaItem,
    [
        "id",
        "assembly",
        "title",
        "kind",
        "member",
        "candidate_name",
        "charter",
        "yes",
        "no",
        "abstain",
        "outcome",
    ],
)
AttendanceSerializer = _serializer(Attendance, ["id", "assembly", "name", "resident"])
RegisterChangeSerializer = _serializer(
    RegisterChange, ["id", "election", "voter", "kind", "text", "resolution"]
)
PetitionSerializer = _serializer(
    Petition, ["id", "community", "basis", "subject", "signatures", "required", "accepted"]
)
CharterSerializer = _serializer(
    CharterVersion,
    [
        "id",
        "community",
        "version",
        "text",
        "adopted_by",
        "adopted_on",
        "filing",
        "filing_reference",
        "filed_on",
    ],
)
NoticeSerializer = _serializer(
    Notice, ["id", "community", "category", "title", "body", "publish_on", "expire_on"]
)
EstateManagementSerializer = _serializer(
    EstateManagement,
    [
        "id",
        "estate",
        "mode",
        "company_name",
        "owners_committee",
        "owners_committee_elected_on",
        "contract_start",
        "contract_end",
    ],
)
