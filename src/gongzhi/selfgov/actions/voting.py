"""Proxies, polling stations and the ballots: the secret online ballot (selfgov.ballot_box
keeps it secret and single) and the paper ballot issued at a station."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from gongzhi.core import audit
from gongzhi.core.actions import action
from gongzhi.core.errors import refuse
from gongzhi.core.models import AuditEntry
from gongzhi.selfgov import ballot_box, queries
from gongzhi.selfgov.actions._common import Errors, place_of, require_status, require_text
from gongzhi.selfgov.errors import Code
from gongzhi.selfgov.models import (
    Ballot,
    Election,
    PollingStation,
    Proxy,
    Voter,
    VoterParticipation,
)

S = Election.Status
MANAGE = "selfgov.manage_election"


@action(MANAGE, place=place_of)
def do_add_proxy(
    actor, election: Election, holder: Voter, principal: Voter, authorization: str
) -> Proxy:
    """A proxy needs the principal's written authorization; a holder carries at most
    `max_proxies` of them; nobody holds their own or passes one on."""
    require_status(election, S.REGISTER_PUBLISHED, S.CANDIDATES_PUBLISHED, S.VOTING, S.SECOND_ROUND)
    errors = Errors()
    if not authorization.strip():
        errors.add(
            "authorization",
            Code.AUTHORIZATION_REQUIRED,
            _("Record the principal's written authorization."),
        )
    if holder.pk == principal.pk:
        errors.add("principal", Code.OWN_PROXY, _("A voter cannot be their own proxy."))
    if any(v.election_id != election.pk or not v.active for v in (holder, principal)):
        errors.add(
            "holder",
            Code.NOT_ON_REGISTER,
            _("Holder and principal must both be on this election's register."),
        )
    errors.raise_if_any()
    # Lock the holder's row so two clerks cannot both record the fourth proxy.
    list(Voter.objects.select_for_update().filter(pk=holder.pk))
    if Proxy.objects.filter(election=election, principal=principal).exists():
        refuse(Code.PROXY_GIVEN, _("This voter has already given a proxy."), field="principal")
    if Proxy.objects.filter(election=election, principal=holder).exists():
        refuse(
            Code.PROXY_GIVEN,
            _("This voter has given their own vote by proxy and cannot hold proxies."),
            field="holder",
        )
    held = Proxy.objects.filter(election=election, holder=holder).count()
    if held >= election.max_proxies:
        refuse(
            Code.TOO_MANY_PROXIES,
            _("A voter may hold at most %(n)d proxies; %(name)s already holds %(held)d.")
            % {"n": election.max_proxies, "name": holder.name, "held": held},
            field="holder",
        )
    return Proxy.objects.create(
        election=election, holder=holder, principal=principal, authorization=authorization
    )


@action(MANAGE, place=place_of)
def do_add_station(
    actor, election: Election, name: str, kind=PollingStation.Kind.STATION
) -> PollingStation:
    require_status(
        election, S.DRAFT, S.REGISTER_PUBLISHED, S.CANDIDATES_PUBLISHED, S.VOTING, S.SECOND_ROUND
    )
    require_text(name, "name", Code.NAME_REQUIRED, _("Name the polling station."))
    return PollingStation.objects.create(election=election, name=name, kind=kind)


def voting_round_open(election: Election, now=None) -> None:
    if election.status not in (S.VOTING, S.SECOND_ROUND):
        refuse(Code.NOT_VOTING, _("Voting is not open in this election."))
    now = now or timezone.now()
    if election.voting_opens and now < election.voting_opens:
        refuse(
            Code.OUTSIDE_WINDOW,
            _("Voting has not opened yet (opens %(t)s).")
            % {"t": timezone.localtime(election.voting_opens).strftime("%Y-%m-%d %H:%M")},
        )
    if election.voting_closes and now >= election.voting_closes:
        refuse(
            Code.OUTSIDE_WINDOW,
            _("Voting closed at %(t)s.")
            % {"t": timezone.localtime(election.voting_closes).strftime("%Y-%m-%d %H:%M")},
        )


def validate_choices(election: Election, choices) -> list[int]:
    """A ballot marks at most as many candidates as there are seats in the round, each at
    most once, all standing in the round. A blank ballot is allowed (it still counts as cast)."""
    try:
        ids = [int(c) for c in choices]
    except (TypeError, ValueError):
        refuse(Code.BAD_CHOICES, _("Unknown candidate."), field="choices")
    if len(set(ids)) != len(ids):
        refuse(Code.BAD_CHOICES, _("A candidate is marked twice."), field="choices")
    seats = queries.seats_in_round(election)
    if len(ids) > seats:
        refuse(
            Code.BAD_CHOICES,
            _("This ballot marks %(n)d candidates; at most %(seats)d may be chosen.")
            % {"n": len(ids), "seats": seats},
            field="choices",
        )
    standing = set(
        queries.active_candidates(election, second_round=election.round > 1)
        .order_by()  # no join to the voters for the default ordering: only ids are needed
        .values_list("pk", flat=True)
    )
    if not set(ids) <= standing:
        refuse(Code.BAD_CHOICES, _("Unknown candidate."), field="choices")
    return sorted(ids)


@action(None, public=True)
def do_cast_ballot(actor, election: Election, choices, *, now=None) -> str:
    """Cast the signed-in voter's secret ballot; return the receipt code (shown once). The
    voter is whoever the log-in votes for (queries.voter_for); the audit event says that
    they voted (the marked register is public), never how."""
    election = Election.objects.get(pk=election.pk)
    if not election.online_voting:
        refuse(Code.NO_ONLINE, _("This election has no online voting."))
    voting_round_open(election, now)
    voter = queries.voter_for(election, actor)
    if voter is None:
        refuse(Code.NOT_VOTER, _("You are not on this election's voter register."))
    ids = validate_choices(election, choices)
    if not ballot_box.record_participation(election, voter, VoterParticipation.Channel.ONLINE):
        refuse(Code.ALREADY_VOTED, _("You have already voted in this round."))
    code = ballot_box.new_receipt()
    Ballot.objects.create(
        election=election,
        round=election.round,
        choices=ids,
        receipt_hash=ballot_box.receipt_hash(election.pk, code),
    )
    audit.record(
        AuditEntry.Action.OTHER, voter, reason=_("voted online"), extra={"round": election.round}
    )
    return code


@action(MANAGE, place=place_of)
def do_issue_paper_ballot(
    actor, station: PollingStation, voter: Voter, *, proxy_holder: Voter | None = None
) -> VoterParticipation:
    """The clerk checks the voter off the register and hands out a ballot (to the proxy
    holder if one votes for them). The same unique constraint as online: one ballot each."""
    election = Election.objects.get(pk=station.election_id)
    voting_round_open(election)
    if voter.election_id != election.pk or not voter.active:
        refuse(Code.NOT_ON_REGISTER, _("This person is not on the register."), field="voter")
    if (
        proxy_holder is not None
        and not Proxy.objects.filter(
            election=election, holder=proxy_holder, principal=voter
        ).exists()
    ):
        refuse(
            Code.NO_PROXY,
            _("No written proxy from this voter to that holder."),
            field="proxy_holder",
        )
    audit.record(
        AuditEntry.Action.OTHER,
        voter,
        reason=_("paper ballot issued"),
        extra={
            "station": station.name,
            "round": election.round,
            "proxy_holder": proxy_holder.name if proxy_holder else "",
        },
    )
    try:
        with transaction.atomic():
            participation = VoterParticipation.objects.create(
                election=election,
                voter=voter,
                round=election.round,
                channel=VoterParticipation.Channel.PAPER,
                station=station,
                proxy_holder=proxy_holder,
            )
    except IntegrityError:
        refuse(Code.ALREADY_VOTED, _("This voter has already voted in this round."), field="voter")
    PollingStation.objects.filter(pk=station.pk).update(ballots_issued=F("ballots_issued") + 1)
    return participation
