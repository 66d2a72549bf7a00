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

import random
from collections import Counter
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongzhi.core import audit
from gongzhi.core.models import AuditEntry
from gongzhi.selfgov import ballots as ballot_box
from gongzhi.selfgov import terms
from gongzhi.selfgov.elections import (
    S,
    active_candidates,
    registered_count,
    require_status,
    transition,
)
from gongzhi.selfgov.models import (
    Ballot,
    Election,
    Notice,
    PollingStation,
    RoundResult,
    TallySheet,
    VoterParticipation,
)
from gongzhi.selfgov.rules import at_least, more_than

# --- paper tally sheets ----------------------------------------------------------------------


def _issued(station: PollingStation, round_: int) -> int:
    return VoterParticipation.objects.filter(
        station=station, round=round_, channel=VoterParticipation.Channel.PAPER
    ).count()


@transaction.atomic
def enter_tally_sheet(
    station: PollingStation, clerk, *, ballots_returned: int, invalid_ballots: int, votes: dict
) -> TallySheet:
    """One clerk's entry of a station's paper tally. Two different clerks enter each station."""
    election = Election.objects.get(pk=station.election_id)
    require_status(election, S.VOTING, S.SECOND_ROUND)
    round_ = election.round
    errors = {}
    issued = _issued(station, round_)
    if ballots_returned < 0 or invalid_ballots < 0:
        errors["ballots_returned"] = _("Counts cannot be negative.")
    elif ballots_returned > issued:
        errors["ballots_returned"] = _(
            "%(r)d ballots returned but only %(i)d issued at this station."
        ) % {"r": ballots_returned, "i": issued}
    if invalid_ballots > ballots_returned:
        errors["invalid_ballots"] = _("More invalid ballots than ballots returned.")
    standing = {
        str(pk)
        for pk in active_candidates(election, second_round=round_ > 1).values_list("pk", flat=True)
    }
    clean = {}
    for key, value in (votes or {}).items():
        if str(key) not in standing:
            errors["votes"] = _("Unknown candidate.")
            continue
        try:
            value = int(value)
        except (TypeError, ValueError):
            errors["votes"] = _("Votes must be whole numbers.")
            continue
        if value < 0:
            errors["votes"] = _("Counts cannot be negative.")
        elif value > ballots_returned - invalid_ballots:
            errors["votes"] = _("A candidate has more votes than there are valid ballots.")
        clean[str(key)] = value
    seats = ballot_box.seats_in_round(election, round_)
    if not errors and sum(clean.values()) > (ballots_returned - invalid_ballots) * seats:
        errors["votes"] = _("More marks than valid ballots × seats.")
    if errors:
        raise ValidationError(errors)
    if TallySheet.objects.filter(station=station, round=round_).exclude(clerk=clerk).count() >= 2:
        raise ValidationError(_("This station's tally has already been entered twice."))
    try:
        with transaction.atomic():
            sheet = TallySheet.objects.create(
                station=station,
                round=round_,
                clerk=clerk,
                ballots_returned=ballots_returned,
                invalid_ballots=invalid_ballots,
                votes=clean,
            )
    except IntegrityError:
        raise ValidationError(
            _(
                "You have already entered this station's tally: the second entry must be by another clerk."
            )
        ) from None
    return sheet


def reconcile(station: PollingStation, round_: int) -> tuple | None:
    """The station's figures if two clerks' entries agree; raises if they differ, None if
    fewer than two entries."""
    sheets = list(TallySheet.objects.filter(station=station, round=round_))
    if len(sheets) < 2:
        return None
    a, b = sheets[0].figures(), sheets[1].figures()
    a_votes = {k: v for k, v in a[2].items() if v}
    b_votes = {k: v for k, v in b[2].items() if v}
    if (a[0], a[1], a_votes) != (b[0], b[1], b_votes):
        raise ValidationError(
            _(
                "The two tally entries of %(station)s do not agree: check the paper sheet and re-enter."
            )
            % {"station": station.name},
            code="tally_mismatch",
        )
    return a[0], a[1], a_votes


def disagreeing_stations(election: Election) -> list[PollingStation]:
    """The stations of the current round whose two tally entries differ (they block the
    count until the entries are discarded and entered again)."""
    out = []
    for station in election.stations.all():
        try:
            reconcile(station, election.round)
        except ValidationError:
            out.append(station)
    return out


@transaction.atomic
def discard_sheets(station: PollingStation, round_: int, *, reason: str) -> int:
    """Throw away both entries after a mismatch, so the paper sheet can be entered again.
    Only while the round is being counted, only entries that disagree (agreeing entries are
    the count: discarding them would let figures be changed after the fact), and with the
    reason, which goes into the audit log with the discarded figures. Returns the number of
    entries discarded."""
    election = Election.objects.select_for_update().get(pk=station.election_id)
    require_status(election, S.VOTING, S.SECOND_ROUND)
    if round_ != election.round:
        raise ValidationError(_("Only the entries of the current round can be discarded."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the tally entries are discarded.")})
    sheets = list(TallySheet.objects.select_for_update().filter(station=station, round=round_))
    try:
        reconcile(station, round_)
    except ValidationError:
        pass
    else:
        raise ValidationError(
            _("The tally entries of %(station)s do not disagree: there is nothing to discard.")
            % {"station": station.name},
            code="no_mismatch",
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
        sheet.delete()  # each deletion is audited too (AuditedModel)
    return len(sheets)


# --- counting --------------------------------------------------------------------------------


# Counting the online box: one rule — every mark on a ballot is a vote for that candidate,
# every ballot (blank ones too) is a ballot cast — with two implementations that the tests
# check against each other: in SQL where the database can unnest the JSON list of choices
# (PostgreSQL, SQLite), and in Python everywhere else.
_COUNT_SQL = {
    "postgresql": (
        "SELECT (c.value)::integer, count(*) FROM {table} b "
        "CROSS JOIN LATERAL jsonb_array_elements_text(b.choices) AS c(value) "
        "WHERE b.election_id = %s AND b.round = %s GROUP BY 1"
    ),
    "sqlite": (
        "SELECT CAST(c.value AS INTEGER), count(*) FROM {table} b, json_each(b.choices) c "
        "WHERE b.election_id = %s AND b.round = %s GROUP BY 1"
    ),
}


def count_online(election: Election, round_: int) -> tuple[int, Counter]:
    """(ballots cast, votes per candidate id) of the round's online box."""
    sql = _COUNT_SQL.get(connection.vendor)
    if sql is None:
        return count_online_python(election, round_)
    with connection.cursor() as cursor:
        cursor.execute(
            sql.format(table=connection.ops.quote_name(Ballot._meta.db_table)),
            [election.pk, round_],
        )
        counts = Counter({int(candidate): n for candidate, n in cursor.fetchall()})
    return Ballot.objects.filter(election=election, round=round_).count(), counts


def count_online_python(election: Election, round_: int) -> tuple[int, Counter]:
    counts: Counter = Counter()
    n = 0
    for choices in (
        Ballot.objects.filter(election=election, round=round_)
        .values_list("choices", flat=True)
        .iterator(chunk_size=10000)
    ):
        n += 1
        counts.update(int(c) for c in choices)
    return n, counts


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


@transaction.atomic
def count_round(election: Election) -> RoundResult:
    """Close the round's voting and count it. Every paper station with ballots issued must
    have two agreeing tally entries (a mismatch blocks the result)."""
    election = Election.objects.select_for_update().get(pk=election.pk)
    require_status(election, S.VOTING, S.SECOND_ROUND)
    round_ = election.round
    paper_returned = paper_invalid = 0
    paper_votes: Counter = Counter()
    for station in election.stations.all():
        if not _issued(station, round_) and not station.sheets.filter(round=round_).exists():
            continue
        figures = reconcile(station, round_)
        if figures is None:
            raise ValidationError(
                _("The tally of %(station)s must be entered by two clerks first.")
                % {"station": station.name},
                code="tally_missing",
            )
        paper_returned += figures[0]
        paper_invalid += figures[1]
        paper_votes.update({int(k): v for k, v in figures[2].items()})
    ballot_box.seal_ballot_box(election, round_)
    online_n, online_votes = count_online(election, round_)
    counts = paper_votes + online_votes
    registered = registered_count(election)
    votes_cast = online_n + paper_returned
    valid = more_than(votes_cast, registered, election.turnout_num, election.turnout_den)
    candidates = list(active_candidates(election, second_round=round_ > 1))
    seats = ballot_box.seats_in_round(election, round_)
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
    transition(
        election, S.COUNTED if valid else S.FAILED, reason=_("round %(n)d counted") % {"n": round_}
    )
    return result


def validate_second_round_window(opens, closes, *, now=None) -> None:
    """An online election's second round needs its own voting window: both times, closing
    after opening and still in the future (a window already over could take no vote)."""
    if opens is None or closes is None:
        raise ValidationError({"voting_opens": _("Give the second round's voting window.")})
    if closes <= opens:
        raise ValidationError({"voting_closes": _("Voting must close after it opens.")})
    if closes <= (now or timezone.now()):
        raise ValidationError(
            {"voting_closes": _("The second round's voting must close in the future.")}
        )


@transaction.atomic
def start_second_round(election: Election, *, opens=None, closes=None) -> Election:
    """另行选举 for the seats left unfilled: the best-placed unelected candidates, more of
    them than seats (差额) where there are enough."""
    election = Election.objects.select_for_update().get(pk=election.pk)
    require_status(election, S.COUNTED)
    last = election.results.order_by("-round").first()
    if not last or last.unfilled < 1:
        raise ValidationError(_("All seats are filled: there is no second round."))
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
        raise ValidationError(
            _(
                "Not enough unelected candidates for a competitive second round: nominate more first."
            )
        )
    election.candidates.update(second_round=False)
    election.candidates.filter(pk__in=[c.pk for c in rest]).update(second_round=True)
    election.round = last.round + 1
    if opens and closes:
        election.voting_opens, election.voting_closes = opens, closes
    election.save()
    return transition(
        election, S.SECOND_ROUND, reason=_("second round for %(n)d seats") % {"n": last.unfilled}
    )


def elected_candidates(election: Election):
    return (
        election.candidates.filter(elected=True)
        .select_related("voter")
        .order_by("-votes", "voter__name")
    )


@transaction.atomic
def announce(election: Election, *, on: date | None = None) -> Notice:
    """Announce the result: an election notice on the community board; the election moves to
    announced. The new term and the hand-over follow (terms.hand_over)."""

    election = Election.objects.select_for_update().get(pk=election.pk)
    require_status(election, S.COUNTED)
    winners = list(elected_candidates(election))
    if not winners:
        raise ValidationError(_("Nobody was elected: there is nothing to announce."))
    on = on or timezone.localdate()
    committee = election.community.residents_committee
    if election.term_id is None:
        number = election.term_number
        if committee.terms.filter(number=number).exists():
            raise ValidationError(
                {"term_number": _("This committee already has a term %(n)d.") % {"n": number}}
            )
        election.term = terms.create_term(committee, on, number=number, years=election.term_years)
        election.save(update_fields=["term", "updated_at"])
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
    transition(election, S.ANNOUNCED, reason=_("result announced"))
    return notice
