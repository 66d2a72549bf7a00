"""The election itself: its rules (saved while a draft) and its states, declared once.

    draft ──publish_register──▶ register ──publish_candidates──▶ candidates ──open_voting──▶ voting
                                    ▲                                │
                                    └──────reopen_nomination─────────┘ (a withdrawal left too few)
    voting / second_round ──count──▶ counted ──announce──▶ announced
                          └─fail───▶ failed  (turnout too low)
    counted ──second_round──▶ second_round   (seats left unfilled)

Each step is taken by its action (register.do_publish_register, candidates.do_publish_candidates,
do_open_voting here, tally.do_count_round, do_start_second_round, do_announce); screens ask
`MACHINE.allowed(election)` which buttons to show. The audit event of the step (kind
TRANSITION, the status before and after) is its log.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from gongzhi.core.actions import action
from gongzhi.core.errors import refuse
from gongzhi.core.models import AuditEntry
from gongzhi.core.statemachine import StateMachine, Transition
from gongzhi.selfgov import queries
from gongzhi.selfgov.actions._common import Errors, place_of, require_status
from gongzhi.selfgov.errors import Code
from gongzhi.selfgov.models import Election

S = Election.Status


def _register_ready(election: Election):
    if not election.voters.filter(active=True).exists():
        return (
            Code.REGISTER_EMPTY,
            _("The register is empty: generate it from the registry first."),
        )
    return queries.group_representatives_problem(election)


def _competitive(election: Election):
    """差额: more candidates than seats (at least seats + `candidate_surplus`)."""
    problem = queries.group_representatives_problem(election)
    if problem:
        return problem
    count = queries.active_candidates(election).count()
    needed = election.seats + election.candidate_surplus
    if count < needed:
        return (
            Code.NOT_COMPETITIVE,
            _(
                "A competitive election (差额) needs at least %(n)d candidates for %(seats)d seats; there are %(count)d."
            )
            % {"n": needed, "seats": election.seats, "count": count},
        )
    return None


def _too_few_candidates(election: Election):
    needed = election.seats + election.candidate_surplus
    if queries.active_candidates(election).count() >= needed:
        return _("The published list still outnumbers the seats.")
    return None


def _seats_unfilled(election: Election):
    last = election.results.order_by("-round").first()
    if not last or last.unfilled < 1:
        return (Code.ALL_SEATS_FILLED, _("All seats are filled: there is no second round."))
    return None


def _somebody_elected(election: Election):
    if not queries.elected_candidates(election).exists():
        return (Code.NOBODY_ELECTED, _("Nobody was elected: there is nothing to announce."))
    return None


MACHINE = StateMachine(
    {
        "publish_register": Transition(
            (S.DRAFT,),
            S.REGISTER_PUBLISHED,
            gettext_lazy("Publish the register"),
            guard=_register_ready,
        ),
        "publish_candidates": Transition(
            (S.REGISTER_PUBLISHED,),
            S.CANDIDATES_PUBLISHED,
            gettext_lazy("Publish the candidates"),
            guard=_competitive,
        ),
        # back to nomination when a withdrawal leaves too few candidates for 差额
        "reopen_nomination": Transition(
            (S.CANDIDATES_PUBLISHED,),
            S.REGISTER_PUBLISHED,
            gettext_lazy("Reopen nomination"),
            guard=_too_few_candidates,
        ),
        "open_voting": Transition(
            (S.CANDIDATES_PUBLISHED,),
            S.VOTING,
            gettext_lazy("Open voting"),
            # a representative may have been taken off since the candidates were published
            guard=queries.group_representatives_problem,
        ),
        "count": Transition(
            (S.VOTING, S.SECOND_ROUND), S.COUNTED, pgettext_lazy("election step", "Count")
        ),
        "fail": Transition(
            (S.VOTING, S.SECOND_ROUND), S.FAILED, gettext_lazy("Record the election as invalid")
        ),
        "second_round": Transition(
            (S.COUNTED,), S.SECOND_ROUND, gettext_lazy("Second round"), guard=_seats_unfilled
        ),
        "announce": Transition(
            (S.COUNTED,), S.ANNOUNCED, gettext_lazy("Announce"), guard=_somebody_elected
        ),
    },
    illegal=gettext_lazy("Not possible while the election is “%(status)s” (%(action)s)."),
)
# The steps a screen offers as buttons (reopen and fail follow from other steps).
BUTTONS = ("publish_register", "publish_candidates", "open_voting", "count", "second_round")


def validate_election(election: Election) -> None:
    errors = Errors()
    if (
        election.voting_opens
        and election.voting_closes
        and election.voting_closes <= election.voting_opens
    ):
        errors.add("voting_closes", Code.WINDOW, _("Voting must close after it opens."))
    if election.online_voting and not (election.voting_opens and election.voting_closes):
        errors.add(
            "voting_opens", Code.WINDOW, _("Online voting needs an opening and a closing time.")
        )
    for num, den in (
        ("turnout_num", "turnout_den"),
        ("majority_num", "majority_den"),
        ("second_round_num", "second_round_den"),
    ):
        if getattr(election, num) > getattr(election, den):
            errors.add(num, Code.SHARE_OVER_ONE, _("A share cannot exceed one."))
    errors.raise_if_any()


@action("selfgov.add_election", place=place_of)
def do_create_election(actor, election: Election) -> Election:
    """A new election of the community, with its rules (thresholds, method, window)."""
    if election.pk:
        refuse(Code.STATUS, _("This election exists already."))
    election.full_clean()
    validate_election(election)
    election.save()
    return election


@action("selfgov.change_election", place=place_of)
def do_update_election(actor, election: Election) -> Election:
    """The election's rules changed, only while it is a draft (the register fixes them)."""
    require_status(
        Election.objects.get(pk=election.pk),
        S.DRAFT,
        message=_("The rules of an election are fixed once its register is published."),
    )
    election.full_clean()
    validate_election(election)
    election.save()
    return election


def move(election: Election, step: str, actor, note: str = "", **fields) -> Election:
    """Take a step of MACHINE on the locked row, setting `fields` with it (inside an
    action); the caller's copy follows."""
    locked = Election.objects.select_for_update().get(pk=election.pk)

    def effects(obj, spec, note):
        for name, value in fields.items():
            setattr(obj, name, value)

    MACHINE.apply(locked, step, actor, note, effects=effects)
    for name in ("status", *fields):
        setattr(election, name, getattr(locked, name))
    return locked


@action("selfgov.manage_election", place=place_of, kind=AuditEntry.Action.TRANSITION)
def do_open_voting(actor, election: Election) -> Election:
    return move(election, "open_voting", actor)
