"""Elections: the election and its rules, the voter register, candidates, proxies, polling
stations, tally sheets, the secret ballot box (see selfgov.ballot_box) and round results."""

import uuid

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gongzhi.core.models import AuditedModel
from gongzhi.org.models import Community, ResidentsGroup
from gongzhi.org.scoping import ScopedManager, ScopePaths
from gongzhi.registry.models import Household, Resident
from gongzhi.selfgov import choices, rules
from gongzhi.selfgov.models._paths import COMMUNITY_PATHS, ELECTION_PATHS
from gongzhi.selfgov.models.terms import Term

# --- 2. elections -------------------------------------------------------------------------


class Election(AuditedModel):
    """An election of a community's residents' committee, with its own copy of every
    configurable threshold (defaults from domain.md §4)."""

    Method = choices.ElectionMethod

    Status = choices.ElectionStatus

    TieRule = choices.ElectionTieRule

    community = models.ForeignKey(
        Community, verbose_name=_("community"), on_delete=models.PROTECT, related_name="elections"
    )
    title = models.CharField(_("title"), max_length=150)
    term_number = models.PositiveSmallIntegerField(_("term to elect"), default=1)
    term_years = models.PositiveSmallIntegerField(
        _("term length (years)"), default=rules.TERM_YEARS, validators=[rules.validate_term_years]
    )
    method = models.CharField(
        _("method"), max_length=10, choices=Method.choices, default=Method.ALL_VOTERS
    )
    election_day = models.DateField(_("election day"))
    seats = models.PositiveSmallIntegerField(
        _("seats"), default=7, validators=[MinValueValidator(1)]
    )
    status = models.CharField(
        _("status"), max_length=14, choices=Status.choices, default=Status.DRAFT
    )
    round = models.PositiveSmallIntegerField(_("current round"), default=1)
    election_committee = models.TextField(
        _("election committee"),
        blank=True,
        help_text=_("Members of the election committee, one a line."),
    )
    online_voting = models.BooleanField(_("online secret ballot"), default=False)
    voting_opens = models.DateTimeField(_("voting opens"), null=True, blank=True)
    voting_closes = models.DateTimeField(_("voting closes"), null=True, blank=True)
    register_published_on = models.DateField(_("register published on"), null=True, blank=True)
    # configurable rules (store per election)
    voting_age = models.PositiveSmallIntegerField(
        _("voting age"),
        default=rules.VOTING_AGE,
        validators=[rules.validate_voting_age],
    )
    register_days_before = models.PositiveSmallIntegerField(
        _("register published at least (days before)"),
        default=rules.REGISTER_DAYS,
        validators=[
            MinValueValidator(
                rules.REGISTER_DAYS,
                _("The register must be published at least 20 days before election day."),
            )
        ],
    )
    nomination_supporters = models.PositiveSmallIntegerField(
        _("voters needed for a joint nomination"), default=10, validators=[MinValueValidator(1)]
    )
    allow_self_nomination = models.BooleanField(_("self-nomination allowed"), default=True)
    candidate_surplus = models.PositiveSmallIntegerField(
        _("candidates beyond seats (差额), at least"), default=1, validators=[MinValueValidator(1)]
    )
    turnout_num = models.PositiveSmallIntegerField(_("turnout: more than (numerator)"), default=1)
    turnout_den = models.PositiveSmallIntegerField(
        _("turnout: more than (denominator)"), default=2, validators=[MinValueValidator(1)]
    )
    majority_num = models.PositiveSmallIntegerField(
        _("elected with more than (numerator)"), default=1
    )
    majority_den = models.PositiveSmallIntegerField(
        _("elected with more than (denominator)"), default=2, validators=[MinValueValidator(1)]
    )
    second_round_num = models.PositiveSmallIntegerField(
        _("second round: at least (numerator)"), default=1
    )
    second_round_den = models.PositiveSmallIntegerField(
        _("second round: at least (denominator)"), default=3, validators=[MinValueValidator(1)]
    )
    max_proxies = models.PositiveSmallIntegerField(_("proxy votes per holder, at most"), default=3)
    tie_rule = models.CharField(
        _("tie rule"), max_length=6, choices=TieRule.choices, default=TieRule.ANOTHER_ROUND
    )
    term = models.OneToOneField(
        Term,
        verbose_name=_("term"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="election",
    )

    scope_paths = COMMUNITY_PATHS
    objects = ScopedManager()

    class Meta:
        verbose_name = _("election")
        verbose_name_plural = _("elections")
        ordering = ["-election_day"]
        permissions = [
            ("manage_election", _("Can run an election (register, candidates, stations, tally)")),
            ("enter_tally", _("Can enter paper tally sheets")),
            ("announce_election", _("Can announce an election result")),
            ("cast_ballot", _("Can vote online (a voter on the register)")),
        ]

    def __str__(self) -> str:
        return self.title


class Voter(AuditedModel):
    """A line of the voter register."""

    Source = choices.VoterSource

    election = models.ForeignKey(
        Election, verbose_name=_("election"), on_delete=models.CASCADE, related_name="voters"
    )
    resident = models.ForeignKey(
        Resident, verbose_name=_("resident"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    household = models.ForeignKey(
        Household,
        verbose_name=_("household"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    residents_group = models.ForeignKey(
        ResidentsGroup,
        verbose_name=_("residents' group"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("log-in for online voting"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.REGISTRY
    )
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    active = models.BooleanField(_("on the register"), default=True)
    # A resident whose hukou is elsewhere, on their own application (selfgov.actions.register.
    # apply_for_register): when they applied and, where the street requires it, the consent
    # of their home area.
    applied_on = models.DateField(_("applied on"), null=True, blank=True)
    home_consent = models.BooleanField(_("home area consents"), default=False)
    home_consent_reference = models.CharField(
        _("home area's consent: document"), max_length=100, blank=True
    )
    home_consent_date = models.DateField(_("home area's consent: date"), null=True, blank=True)

    scope_paths = ELECTION_PATHS
    objects = ScopedManager()

    class Meta:
        verbose_name = _("voter")
        verbose_name_plural = _("voter register")
        ordering = ["election", "name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["election", "resident"], name="selfgov_voter_once")
        ]

    def __str__(self) -> str:
        return self.name


class RegisterChange(AuditedModel):
    """An objection to, or a correction of, the voter register (logged)."""

    Kind = choices.RegisterChangeKind

    election = models.ForeignKey(
        Election,
        verbose_name=_("election"),
        on_delete=models.CASCADE,
        related_name="register_changes",
    )
    voter = models.ForeignKey(
        Voter,
        verbose_name=_("voter"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="changes",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    text = models.TextField(_("text"))
    resolution = models.TextField(_("resolution"), blank=True)

    scope_paths = ELECTION_PATHS
    objects = ScopedManager()

    class Meta:
        verbose_name = _("register change")
        verbose_name_plural = _("register changes")
        ordering = ["-created_at"]


class Candidate(AuditedModel):
    Nomination = choices.CandidateNomination

    election = models.ForeignKey(
        Election, verbose_name=_("election"), on_delete=models.CASCADE, related_name="candidates"
    )
    voter = models.ForeignKey(
        Voter, verbose_name=_("voter"), on_delete=models.PROTECT, related_name="candidacies"
    )
    nomination = models.CharField(_("nomination"), max_length=6, choices=Nomination.choices)
    supporters = models.ManyToManyField(
        Voter, verbose_name=_("nominated by"), blank=True, related_name="nominations"
    )
    statement = models.TextField(_("statement"), blank=True)
    withdrawn = models.BooleanField(pgettext_lazy("candidate", "withdrawn"), default=False)
    second_round = models.BooleanField(_("in the second round"), default=False)
    elected = models.BooleanField(_("elected"), default=False)
    votes = models.PositiveIntegerField(_("votes"), default=0)

    scope_paths = ELECTION_PATHS
    objects = ScopedManager()

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        ordering = ["election", "voter__name"]
        constraints = [
            models.UniqueConstraint(fields=["election", "voter"], name="selfgov_candidate_once")
        ]

    def __str__(self) -> str:
        return self.voter.name


class Proxy(AuditedModel):
    """A written proxy (委托投票): the holder votes for the principal, who authorised it."""

    election = models.ForeignKey(
        Election, verbose_name=_("election"), on_delete=models.CASCADE, related_name="proxies"
    )
    holder = models.ForeignKey(
        Voter, verbose_name=_("proxy holder"), on_delete=models.CASCADE, related_name="proxies_held"
    )
    principal = models.ForeignKey(
        Voter, verbose_name=_("principal"), on_delete=models.CASCADE, related_name="proxies_given"
    )
    authorization = models.CharField(_("principal's written authorization"), max_length=200)

    scope_paths = ELECTION_PATHS
    objects = ScopedManager()

    class Meta:
        verbose_name = _("proxy")
        verbose_name_plural = _("proxies")
        constraints = [
            models.UniqueConstraint(
                fields=["election", "principal"], name="selfgov_proxy_one_per_principal"
            )
        ]


class PollingStation(AuditedModel):
    Kind = choices.PollingStationKind

    election = models.ForeignKey(
        Election, verbose_name=_("election"), on_delete=models.CASCADE, related_name="stations"
    )
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.STATION)
    ballots_issued = models.PositiveIntegerField(_("ballots issued"), default=0)

    scope_paths = ELECTION_PATHS
    objects = ScopedManager()

    class Meta:
        verbose_name = _("polling station")
        verbose_name_plural = _("polling stations")
        ordering = ["election", "name"]

    def __str__(self) -> str:
        return self.name


class TallySheet(AuditedModel):
    """A paper tally of one station for one round, entered twice by two clerks."""

    station = models.ForeignKey(
        PollingStation,
        verbose_name=_("polling station"),
        on_delete=models.CASCADE,
        related_name="sheets",
    )
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    clerk = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("clerk"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    ballots_returned = models.PositiveIntegerField(_("ballots returned"))
    invalid_ballots = models.PositiveIntegerField(_("invalid ballots"), default=0)
    votes = models.JSONField(_("votes per candidate"), default=dict)

    scope_paths = ScopePaths(
        street="station__election__community__street", community="station__election__community"
    )
    objects = ScopedManager()

    class Meta:
        verbose_name = _("tally sheet")
        verbose_name_plural = _("tally sheets")
        constraints = [
            models.UniqueConstraint(
                fields=["station", "round", "clerk"], name="selfgov_sheet_once_per_clerk"
            )
        ]

    def figures(self) -> tuple:
        return (
            self.ballots_returned,
            self.invalid_ballots,
            {str(k): int(v) for k, v in self.votes.items()},
        )


class VoterParticipation(models.Model):
    """That a voter voted in a round — never how. The unique constraint is what makes "one
    voter, one ballot" hold under concurrency. Random UUID key, no timestamp."""

    Channel = choices.VoterParticipationChannel

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    election = models.ForeignKey(
        Election,
        verbose_name=_("election"),
        on_delete=models.CASCADE,
        related_name="participations",
    )
    voter = models.ForeignKey(
        Voter, verbose_name=_("voter"), on_delete=models.CASCADE, related_name="participations"
    )
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    channel = models.CharField(
        pgettext_lazy("vote", "channel"), max_length=6, choices=Channel.choices
    )
    station = models.ForeignKey(
        PollingStation,
        verbose_name=_("polling station"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    proxy_holder = models.ForeignKey(
        Voter,
        verbose_name=_("voted by proxy holder"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    scope_paths = ELECTION_PATHS
    objects = ScopedManager()

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.UniqueConstraint(
                fields=["election", "voter", "round"], name="selfgov_one_voter_one_ballot"
            )
        ]

    def __str__(self) -> str:
        return f"{self.voter} · {self.round}"


class Ballot(models.Model):
    """An online ballot. Deliberately: random UUID key, no voter, no participation, no time,
    nothing but the election, the round, the choices and the hash of the voter's receipt."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # Sealing rewrites every ballot of a round, so the table carries only the indexes it
    # needs: (election, round) also serves the foreign key, and the receipt hash is unique
    # through a constraint (no extra LIKE index on PostgreSQL: it is only compared exactly).
    election = models.ForeignKey(
        Election,
        verbose_name=_("election"),
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
    )
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    choices = models.JSONField(_("choices"), default=list)
    receipt_hash = models.CharField(_("receipt hash"), max_length=64)

    scope_paths = ELECTION_PATHS
    objects = ScopedManager()

    class Meta:
        verbose_name = _("online ballot")
        verbose_name_plural = _("online ballots")
        indexes = [models.Index(fields=["election", "round"])]
        constraints = [
            models.UniqueConstraint(fields=["receipt_hash"], name="selfgov_ballot_unique_receipt")
        ]

    def __str__(self) -> str:
        return str(_("online ballot"))


class RoundResult(AuditedModel):
    """The tally of one round, kept as counted."""

    election = models.ForeignKey(
        Election, verbose_name=_("election"), on_delete=models.CASCADE, related_name="results"
    )
    round = models.PositiveSmallIntegerField(_("round"))
    registered = models.PositiveIntegerField(_("registered voters"))
    voted = models.PositiveIntegerField(_("voters who voted"))
    votes_cast = models.PositiveIntegerField(_("ballots cast"))
    invalid = models.PositiveIntegerField(_("invalid ballots"), default=0)
    valid = models.BooleanField(_("election valid"))
    counts = models.JSONField(_("votes per candidate"), default=dict)
    elected = models.JSONField(_("elected candidates"), default=list)
    unfilled = models.PositiveSmallIntegerField(_("seats left unfilled"), default=0)
    notes = models.JSONField(_("notes"), default=list)

    scope_paths = ELECTION_PATHS
    objects = ScopedManager()

    class Meta:
        verbose_name = _("round result")
        verbose_name_plural = _("round results")
        ordering = ["election", "round"]
        constraints = [
            models.UniqueConstraint(fields=["election", "round"], name="selfgov_result_once")
        ]
