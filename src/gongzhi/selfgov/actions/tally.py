"""Counting: paper tally sheets (entered twice by two clerks, reconciled), the online ballot
box, the validity and majority rules, the second round (另行选举), ties, announcement.

Rules (thresholds from the election, defaults of domain.md §4):
- the round is valid only if MORE than turnout_num/turnout_den (1/2) of registered voters voted;
- round 1: a candidate is elected with MORE than majority_num/majority_den (1/2) of the
  ballots cast; if more candidates pass than there are seats, the most votes win;
- round 2 (seats left unfilled): the most votes win, provided they reach AT LEAST
  second_round_num/second_round_den (1/3) of the ballots cast;
- a tie for the last seat: drawing lots (recorded) or the tied seats go to another round.
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongzhi.core import audit
from gongzhi.core.actions import action
from gongzhi.core.errors import ActionError, refuse
from gongzhi.core.models import AuditEntry
from gongzhi.selfgov import ballot_box, queries
from gongzhi.selfgov.actions._common import Errors, place_of, require_status, require_text
from gongzhi.selfgov.actions.elections import MACHINE, move
from gongzhi.selfgov.actions.terms import new_term
from gongzhi.selfgov.errors import Code
from gongzhi.selfgov.models import Election, Notice, PollingStation, RoundResult, TallySheet
from gongzhi.selfgov.rules import at_least, more_than

S = Election.Status
MANAGE = "selfgov.manage_election"


@action("selfgov.enter_tally", place=place_of)
def do_enter_tally_sheet(
    actor, station: PollingStation, *, ballots_returned: int, invalid_ballots: int, votes: dict
) -> TallySheet:
    """One clerk's entry (the actor's) of a station's paper tally. Two different clerks
    enter each station."""
    election = Election.objects.get(pk=station.election_id)
    require_status(election, S.VOTING, S.SECOND_ROUND)
    round_ = election.round
    errors = Errors()
    issued = queries.issued(station, round_)
    if ballots_returned < 0 or invalid_ballots < 0:
        errors.add("ballots_returned", Code.BAD_FIGURES, _("Counts cannot be negative."))
    elif ballots_returned > issued:
        errors.add(
            "ballots_returned",
            Code.BAD_FIGURES,
            _("%(r)d ballots returned but only %(i)d issued at this station.")
            % {"r": ballots_returned, "i": issued},
        )
    if invalid_ballots > ballots_returned:
        errors.add(
            "invalid_ballots", Code.BAD_FIGURES, _("More invalid ballots than ballots returned.")
        )
    standing = {
        str(pk)
        for pk in queries.active_candidates(election, second_round=round_ > 1).values_list(
            "pk", flat=True
        )
    }
    clean = {}
    vote_error = None
    for key, value in (votes or {}).items():
        if str(key) not in standing:
            vote_error = _("Unknown candidate.")
            continue
        try:
            value = int(value)
        except (TypeError, ValueError):
            vote_error = _("Votes must be whole numbers.")
            continue
        if value < 0:
            vote_error = _("Counts cannot be negative.")
        elif value > ballots_returned - invalid_ballots:
            vote_error = _("A candidate has more votes than there are valid ballots.")
        clean[str(key)] = value
    seats = queries.seats_in_round(election, round_)
    if (
        not errors
        and vote_error is None
        and sum(clean.values()) > (ballots_returned - invalid_ballots) * seats
    ):
        vote_error = _("More marks than valid ballots × seats.")
    if vote_error is not None:
        errors.add("votes", Code.BAD_FIGURES, vote_error)
    errors.raise_if_any()
    if TallySheet.objects.filter(station=station, round=round_).exclude(clerk=actor).count() >= 2:
        refuse(Code.TALLY_COMPLETE, _("This station's tally has already been entered twice."))
    try:
        with transaction.atomic():
            sheet = TallySheet.objects.create(
                station=station,
                round=round_,
                clerk=actor,
                ballots_returned=ballots_returned,
                invalid_ballots=invalid_ballots,
                votes=clean,
            )
    except IntegrityError:
        refuse(
            Code.SAME_CLERK,
            _(
                "You have already entered this station's tally: the second entry must be by another clerk."
            ),
        )
    return sheet


@action(MANAGE, place=place_of)
def do_discard_sheets(actor, station: PollingStation, round_: int, *, reason: str) -> int:
    """Throw away both entries after a mismatch, so the paper sheet can be entered again.
    Only while the round is being counted, only entries that disagree (agreeing entries are
    the count: discarding them would let figures be changed after the fact), and with the
    reason, which goes into the audit event with the discarded figures. Returns the number
    of entries discarded."""
    election = Election.objects.select_for_update().get(pk=station.election_id)
    require_status(election, S.VOTING, S.SECOND_ROUND)
    if round_ != election.round:
        refuse(Code.WRONG_ROUND, _("Only the entries of the current round can be discarded."))
    reason = require_text(
        reason, "reason", Code.REASON_REQUIRED, _("Say why the tally entries are discarded.")
    )
    sheets = list(TallySheet.objects.select_for_update().filter(station=station, round=round_))
    try:
        queries.reconcile(station, round_)
    except ActionError:
        pass
    else:
        refuse(
            Code.NO_MISMATCH,
            _("The tally entries of %(station)s do not disagree: there is nothing to discard.")
            % {"station": station.name},
        )
    audit.record(
        AuditEntry.Action.OTHER,
        station,
        reason=_("tally entries discarded: %(r)s") % {"r": reason},
        extra={
            "round": round_,
            "sheets": [
                {
                    "clerk": s.clerk_id,
                    "ballots_returned": s.ballots_returned,
                    "invalid_ballots": s.invalid_ballots,
                    "votes": s.votes,
                }
                for s in sheets
            ],
        },
    )
    for sheet in sheets:
        sheet.delete()
    return len(sheets)


def _pick(election: Election, ranked: list[tuple[int, int]], seats: int, notes: list) -> list[int]:
    """Take `seats` from `ranked` (candidate id, votes), best first, applying the tie rule at
    the cut."""
    if len(ranked) <= seats:
        return [c for c, _v in ranked]
    cut_votes = ranked[seats - 1][1]
    above = [c for c, v in ranked if v > cut_votes]
    tied = [c for c, v in ranked if v == cut_votes]
    free = seats - len(above)
    if len(tied) <= free:
        return above + tied
    if election.tie_rule == Election.TieRule.LOT:
        drawn = random.SystemRandom().sample(tied, free)
        notes.append({"tie": tied, "drawn": drawn, "rule": "lot"})
        return above + drawn
    notes.append({"tie": tied, "rule": "round", "seats": free})
    return above


@action(MANAGE, place=place_of, kind=AuditEntry.Action.TRANSITION)
def do_count_round(actor, election: Election) -> RoundResult:
    """Close the round's voting and count it. Every paper station with ballots issued must
    have two agreeing tally entries (a mismatch blocks the result). Returns the election (the
    event's record: counted, or failed when too few voted) with `result`, the RoundResult."""
    election = Election.objects.select_for_update().get(pk=election.pk)
    MACHINE.check(election, "count")
    round_ = election.round
    paper_returned = paper_invalid = 0
    paper_votes: Counter = Counter()
    for station in election.stations.all():
        if not queries.issued(station, round_) and not station.sheets.filter(round=round_).exists():
            continue
        figures = queries.reconcile(station, round_)
        if figures is None:
            refuse(
                Code.TALLY_MISSING,
                _("The tally of %(station)s must be entered by two clerks first.")
                % {"station": station.name},
            )
        paper_returned += figures[0]
        paper_invalid += figures[1]
        paper_votes.update({int(k): v for k, v in figures[2].items()})
    ballot_box.seal_ballot_box(election, round_)
    online_n, online_votes = ballot_box.count_online(election, round_)
    counts = paper_votes + online_votes
    registered = queries.registered_count(election)
    votes_cast = online_n + paper_returned
    valid = more_than(votes_cast, registered, election.turnout_num, election.turnout_den)
    candidates = list(queries.active_candidates(election, second_round=round_ > 1))
    seats = queries.seats_in_round(election, round_)
    notes: list = []
    elected: list[int] = []
    if valid:
        if round_ == 1:
            passing = [
                c
                for c in candidates
                if more_than(counts[c.pk], votes_cast, election.majority_num, election.majority_den)
            ]
        else:
            passing = [
                c
                for c in candidates
                if counts[c.pk]
                and at_least(
                    counts[c.pk], votes_cast, election.second_round_num, election.second_round_den
                )
            ]
        ranked = sorted(((c.pk, counts[c.pk]) for c in passing), key=lambda cv: -cv[1])
        elected = _pick(election, ranked, seats, notes)
    for c in candidates:
        c.votes = counts[c.pk]
        c.elected = c.elected or c.pk in elected
        c.save(update_fields=["votes", "elected", "updated_at"])
    result = RoundResult.objects.create(
        election=election,
        round=round_,
        registered=registered,
        voted=votes_cast,
        votes_cast=votes_cast,
        invalid=paper_invalid,
        valid=valid,
        counts={str(k): v for k, v in counts.items()},
        elected=elected,
        unfilled=seats - len(elected) if valid else seats,
        notes=notes,
    )
    move(
        election,
        "count" if valid else "fail",
        actor,
        _("round %(n)d counted") % {"n": round_},
    )
    election.result = result  # the round's figures, for the screen and the API
    return election


def validate_second_round_window(opens, closes, *, now=None) -> None:
    """An online election's second round needs its own voting window: both times, closing
    after opening and still in the future (a window already over could take no vote)."""
    if opens is None or closes is None:
        refuse(Code.WINDOW, _("Give the second round's voting window."), field="voting_opens")
    if closes <= opens:
        refuse(Code.WINDOW, _("Voting must close after it opens."), field="voting_closes")
    if closes <= (now or timezone.now()):
        refuse(
            Code.WINDOW,
            _("The second round's voting must close in the future."),
            field="voting_closes",
        )


@action(MANAGE, place=place_of, kind=AuditEntry.Action.TRANSITION)
def do_start_second_round(actor, election: Election, *, opens=None, closes=None) -> Election:
    """另行选举 for the seats left unfilled: the best-placed unelected candidates, more of
    them than seats (差额) where there are enough."""
    election = Election.objects.select_for_update().get(pk=election.pk)
    MACHINE.check(election, "second_round")
    last = election.results.order_by("-round").first()
    if election.online_voting:
        validate_second_round_window(opens, closes)
    rest = sorted(
        election.candidates.filter(withdrawn=False, elected=False), key=lambda c: -c.votes
    )
    want = last.unfilled + election.candidate_surplus
    if len(rest) > want:
        cut = rest[want - 1].votes
        rest = [c for c in rest if c.votes >= cut]
    if len(rest) <= last.unfilled:
        refuse(
            Code.TOO_FEW_CANDIDATES,
            _(
                "Not enough unelected candidates for a competitive second round: nominate more first."
            ),
        )
    election.candidates.update(second_round=False)
    election.candidates.filter(pk__in=[c.pk for c in rest]).update(second_round=True)
    fields = {"round": last.round + 1}
    if opens and closes:
        fields.update(voting_opens=opens, voting_closes=closes)
    return move(
        election,
        "second_round",
        actor,
        _("second round for %(n)d seats") % {"n": last.unfilled},
        **fields,
    )


@action("selfgov.announce_election", place=place_of, kind=AuditEntry.Action.TRANSITION)
def do_announce(
    actor, election: Election, *, on: date | None = None, term_start: date | None = None
) -> Election:
    """Announce the result: an election notice on the community board; the election moves to
    announced (the event's primary record; the notice is under "also") and its term is
    created, starting on `term_start` (default: the day of the announcement, never before
    it). The hand-over follows (terms.do_hand_over). Returns the election, with `notice`
    set."""
    election = Election.objects.select_for_update().get(pk=election.pk)
    MACHINE.check(election, "announce")
    winners = list(queries.elected_candidates(election))
    on = on or timezone.localdate()
    if term_start is not None and term_start < on:
        refuse(
            Code.TERM_BEFORE_RESULT,
            _("The new term cannot start before the result is announced."),
            field="term_start",
        )
    committee = election.community.residents_committee
    fields = {}
    if election.term_id is None:
        fields["term"] = new_term(
            committee, term_start or on, number=election.term_number, years=election.term_years
        )
    lines = [
        _("%(name)s — %(votes)d votes") % {"name": c.voter.name, "votes": c.votes} for c in winners
    ]
    notice = Notice.objects.create(
        community=election.community,
        category=Notice.Category.ELECTION,
        title=_("Result of %(title)s") % {"title": election.title},
        body=_("Elected members of the residents' committee:") + "\n" + "\n".join(lines),
        publish_on=on,
    )
    election = move(election, "announce", actor, _("result announced"), **fields)
    election.notice = notice
    return election
