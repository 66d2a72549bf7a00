"""Nomination (joint or self), withdrawal, and the published list of candidates (差额)."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from gongzhi.core.actions import action
from gongzhi.core.errors import refuse
from gongzhi.core.models import AuditEntry
from gongzhi.selfgov.actions._common import place_of, require_status, require_text
from gongzhi.selfgov.actions.elections import MACHINE, move
from gongzhi.selfgov.errors import Code
from gongzhi.selfgov.models import Candidate, Election, Voter

S = Election.Status
MANAGE = "selfgov.manage_election"


@action(MANAGE, place=place_of)
def do_nominate(
    actor, election: Election, voter: Voter, *, supporters=(), self_nomination=False, statement=""
) -> Candidate:
    """Joint nomination by at least `nomination_supporters` voters, or self-nomination
    where the election allows it. Candidates and supporters are voters of this election."""
    require_status(election, S.REGISTER_PUBLISHED)
    if voter.election_id != election.pk or not voter.active:
        refuse(
            Code.NOT_ON_REGISTER,
            _("A candidate must be on this election's register."),
            field="voter",
        )
    supporters = list(supporters)
    if self_nomination:
        if not election.allow_self_nomination:
            refuse(
                Code.SELF_NOMINATION,
                _("This election does not allow self-nomination."),
                field="nomination",
            )
    else:
        ids = [s.pk for s in supporters]
        if len(set(ids)) != len(ids):
            refuse(
                Code.SUPPORTERS,
                _("A voter is listed twice among the nominators."),
                field="supporters",
            )
        if any(s.election_id != election.pk or not s.active for s in supporters):
            refuse(
                Code.SUPPORTERS,
                _("Every nominator must be on this election's register."),
                field="supporters",
            )
        if len(supporters) < election.nomination_supporters:
            refuse(
                Code.SUPPORTERS,
                _("A joint nomination needs at least %(n)d voters; %(got)d given.")
                % {"n": election.nomination_supporters, "got": len(supporters)},
                field="supporters",
            )
    try:
        with transaction.atomic():
            candidate = Candidate.objects.create(
                election=election,
                voter=voter,
                statement=statement,
                nomination=Candidate.Nomination.SELF
                if self_nomination
                else Candidate.Nomination.JOINT,
            )
    except IntegrityError:
        refuse(Code.ALREADY_CANDIDATE, _("This voter is already a candidate."), field="voter")
    candidate.supporters.set(supporters)
    return candidate


@action(MANAGE, place=place_of, kind=AuditEntry.Action.TRANSITION)
def do_publish_candidates(actor, election: Election) -> Election:
    """差额: more candidates than seats (at least seats + `candidate_surplus`)."""
    return move(election, "publish_candidates", actor)


@action(MANAGE, place=place_of)
def do_withdraw_candidate(actor, candidate: Candidate, reason: str) -> Candidate:
    """A candidate withdraws (with the reason, audited) until voting opens. If the published
    list then no longer outnumbers the seats (差额), the election goes back to nomination:
    more candidates must be nominated and the list published again."""
    election = Election.objects.select_for_update().get(pk=candidate.election_id)
    require_status(
        election,
        S.REGISTER_PUBLISHED,
        S.CANDIDATES_PUBLISHED,
        message=_("A candidate can withdraw only before voting opens."),
    )
    if candidate.withdrawn:
        refuse(Code.ALREADY_WITHDRAWN, _("This candidate has already withdrawn."))
    require_text(reason, "reason", Code.REASON_REQUIRED, _("Record why the candidate withdraws."))
    candidate.withdrawn = True
    candidate.save(update_fields=["withdrawn", "updated_at"])
    if "reopen_nomination" in MACHINE.allowed(election, ["reopen_nomination"]):
        move(
            election,
            "reopen_nomination",
            actor,
            _("too few candidates after a withdrawal: nomination reopened"),
        )
    return candidate
