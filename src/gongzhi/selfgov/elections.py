"""Elections of the residents' committee: the voter register, nomination, proxies, polling
stations and the election's states. Online and paper ballots are in `ballots`, counting in
`tally`. Every rule reads its threshold from the election (configurable per election).

States: draft → register → candidates → voting → counted → (second_round → counted) →
announced; or failed when turnout is too low. One function per transition, each audited.
"""

from datetime import date, timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from gongzhi.core import audit, idnumber
from gongzhi.core.fields import index_lookup
from gongzhi.core.models import AuditEntry
from gongzhi.org.models import ResidentsGroup
from gongzhi.registry.choices import ResidenceType, ResidentStatus
from gongzhi.registry.models import Household, Resident
from gongzhi.selfgov.models import (
    Candidate,
    Election,
    PollingStation,
    Proxy,
    RegisterChange,
    Voter,
)
from gongzhi.selfgov.rules import add_months, age_on

S = Election.Status

TRANSITIONS = {
    S.DRAFT: {S.REGISTER_PUBLISHED},
    S.REGISTER_PUBLISHED: {S.CANDIDATES_PUBLISHED},
    # back to nomination when a withdrawal leaves too few candidates for 差额
    S.CANDIDATES_PUBLISHED: {S.VOTING, S.REGISTER_PUBLISHED},
    S.VOTING: {S.COUNTED, S.FAILED},
    S.COUNTED: {S.SECOND_ROUND, S.ANNOUNCED},
    S.SECOND_ROUND: {S.COUNTED, S.FAILED},
    S.ANNOUNCED: set(),
    S.FAILED: set(),
}


def transition(election: Election, to: str, *, reason: str = "") -> Election:
    if to not in TRANSITIONS[election.status]:
        raise ValidationError(
            _("An election cannot go from “%(a)s” to “%(b)s”.")
            % {"a": S(election.status).label, "b": S(to).label},
            code="transition",
        )
    before = election.status
    election.status = to
    election.save(update_fields=["status", "updated_at"])
    audit.record(
        AuditEntry.Action.TRANSITION,
        election,
        before={"status": before},
        after={"status": to},
        reason=reason,
    )
    return election


def require_status(election: Election, *statuses, message=None):
    if election.status not in statuses:
        raise ValidationError(
            message
            or _("Not possible while the election is “%(s)s”.") % {"s": S(election.status).label},
            code="status",
        )


def validate_election(election: Election) -> None:
    errors = {}
    if (
        election.voting_opens
        and election.voting_closes
        and election.voting_closes <= election.voting_opens
    ):
        errors["voting_closes"] = _("Voting must close after it opens.")
    if election.online_voting and not (election.voting_opens and election.voting_closes):
        errors["voting_opens"] = _("Online voting needs an opening and a closing time.")
    for num, den in (
        ("turnout_num", "turnout_den"),
        ("majority_num", "majority_den"),
        ("second_round_num", "second_round_den"),
    ):
        if getattr(election, num) > getattr(election, den):
            errors[num] = _("A share cannot exceed one.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def save_election(election: Election) -> Election:
    if election.pk:
        require_status(
            election,
            S.DRAFT,
            message=_("The rules of an election are fixed once its register is published."),
        )
    election.full_clean()
    validate_election(election)
    election.save()
    return election


# --- voter register ------------------------------------------------------------------------


def holds_prc_id(number: str) -> bool:
    """Whether the registry holds a PRC resident ID number (GB 11643) for the person. The
    registry checked the number when it was entered (core.idnumber); here only whether there
    is one and whether it is a citizen's: a foreigner's permanent residence card of 2023 has
    the same 18-character form and check digit but begins with 9, which no division code
    does."""
    number = idnumber.normalize(number)
    return len(number) == 18 and not number.startswith("9")


def residence_condition_met(resident: Resident, election: Election) -> bool:
    """The province's residence condition (the street's setting): living in the community
    at least `migrant_residence_months` by election day, counted from `living_here_since`."""
    since = resident.living_here_since
    months = election.community.street.migrant_residence_months
    return since is not None and add_months(since, months) <= election.election_day


def eligible(resident: Resident, election: Election, *, applied: bool = False) -> str | None:
    """None if the resident may be on the register; otherwise the reason. The one place of
    the rule (Organic Law Art. 8 and the provincial election rules, domain.md §4): PRC
    citizens aged `voting_age` on election day living in the community, not deprived of
    political rights; foreign nationals never; a resident whose hukou is elsewhere only on
    their own application (`applied`) and after the street's residence period."""
    if resident.status != ResidentStatus.ACTIVE:
        return _("no longer lives in the community")
    if resident.residence_type == ResidenceType.FOREIGN or not holds_prc_id(resident.id_number):
        return _("not a PRC citizen with a resident ID number")
    if resident.deprived_of_political_rights:
        return _("deprived of political rights")
    if resident.birth_date is None:
        return _("birth date unknown")
    if age_on(resident.birth_date, election.election_day) < election.voting_age:
        return _("under %(age)d on election day") % {"age": election.voting_age}
    if resident.residence_type == ResidenceType.MIGRANT:
        if not applied:
            return _(
                "hukou registered elsewhere: joins the register only on their own application "
                "(“add on application”)"
            )
        if not residence_condition_met(resident, election):
            return _(
                "has not lived here %(months)d months by election day (living here since: "
                "%(since)s)"
            ) % {
                "months": election.community.street.migrant_residence_months,
                "since": resident.living_here_since.isoformat()
                if resident.living_here_since
                else _("not recorded"),
            }
    return None


# When the register may change (the screens show their forms from the same tuples): voters
# are added until nomination closes, taken off and objected to until voting opens.
ADD_VOTER_STATUSES = (S.DRAFT, S.REGISTER_PUBLISHED)
REMOVE_VOTER_STATUSES = (S.DRAFT, S.REGISTER_PUBLISHED, S.CANDIDATES_PUBLISHED)
OBJECTION_STATUSES = REMOVE_VOTER_STATUSES

GROUP_REPRESENTATIVES = (2, 3)  # Organic Law Art. 8: 2–3 representatives per residents' group


def _registry_voter(election: Election, r: Resident) -> Voter:
    return Voter(election=election, resident_id=r.id, name=r.name, household_id=r.household_id)


@transaction.atomic
def generate_register(election: Election) -> int:
    """Voters from the registry: residents of the community who may vote (`eligible`: PRC
    citizens aged `voting_age` or more on election day, not deprived of political rights,
    hukou here; a migrant only through `apply_for_register`). Registry residents and
    applicants who no longer qualify are taken off; hand-added voters stay. Returns the
    number of voters.

    By the election's method (Art. 8): all voters; or one representative per household (the
    head if eligible, else the oldest eligible member; the committee may swap by hand); or
    2–3 representatives per residents' group, chosen by the groups and so added by hand."""
    require_status(election, S.DRAFT)
    if election.method == Election.Method.GROUP:
        raise ValidationError(
            _(
                "In an election by residents' group representatives the register is not taken "
                "from the registry: add each group's 2 or 3 representatives by hand."
            ),
            code="method_group",
        )
    residents = Resident.objects.filter(community=election.community, status=ResidentStatus.ACTIVE)
    existing = {v.resident_id: v for v in election.voters.all()}
    new = []
    rows = residents.only(
        "id",
        "name",
        "household_id",
        "birth_date",
        "deprived_of_political_rights",
        "status",
        "id_number",
        "residence_type",
        "living_here_since",
    ).order_by("birth_date", "pk")
    per_household = election.method == Election.Method.HOUSEHOLD
    heads = set()
    if per_household:
        heads = set(
            Household.objects.filter(community=election.community)
            .exclude(head=None)
            .values_list("head_id", flat=True)
        )
    represented = {
        v.household_id for v in existing.values() if v.active and v.household_id is not None
    }
    chosen = {}
    for r in rows:
        voter = existing.get(r.id)
        applied = voter is not None and voter.source == Voter.Source.APPLICATION
        ok = eligible(r, election, applied=applied) is None
        if voter is not None:
            # Registry lines and applications follow the rule again (a migrant never comes
            # in without their application); lines added by hand stay as decided.
            if voter.source != Voter.Source.MANUAL and voter.active != ok:
                voter.active = ok
                voter.save(update_fields=["active", "updated_at"])
            continue
        if not ok:
            continue
        if per_household and r.household_id is not None:
            if r.household_id in represented:
                continue
            # the head first, else the oldest (rows come oldest first)
            if r.household_id in chosen and r.id not in heads:
                continue
            chosen[r.household_id] = r
            continue
        new.append(_registry_voter(election, r))
    new += [_registry_voter(election, r) for r in chosen.values()]
    # Created in name order: ids in birth order would rank every voter's birthday, and
    # with it the masked part of the ID number (core.masking).
    new.sort(key=lambda v: (v.name, v.resident_id))
    Voter.objects.bulk_create(new)
    count = election.voters.filter(active=True).count()
    audit.record(
        AuditEntry.Action.OTHER,
        election,
        reason=_("voter register generated"),
        extra={"voters": count},
    )
    return count


@transaction.atomic
def add_voter(
    election: Election, resident: Resident, reason: str, *, user=None, residents_group=None
) -> Voter:
    """A voter added by hand (e.g. a group's representative, or a correction), with a
    reason, logged. The method's limits hold: one voter per household, or at most 3
    representatives of a residents' group. The rule of `eligible` holds too: a migrant comes
    only through `apply_for_register`, a foreign national never."""
    statuses = ADD_VOTER_STATUSES
    if election.method == Election.Method.GROUP:
        # a representative taken off after the candidates are out can still be replaced
        statuses = (*ADD_VOTER_STATUSES, S.CANDIDATES_PUBLISHED)
    require_status(election, *statuses)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why this person is added to the register.")})
    _check_place_on_register(election, resident, residents_group)
    why = eligible(resident, election)
    if why:
        raise ValidationError({"resident": _("This resident cannot vote: %(why)s.") % {"why": why}})
    return _put_on_register(
        election, resident, source=Voter.Source.MANUAL, text=reason, residents_group=residents_group
    )


def _check_place_on_register(election: Election, resident: Resident, residents_group) -> None:
    """The election method's limits: one voter per household, or at most 3 representatives
    of a residents' group; and the resident lives in the election's community."""
    active = election.voters.filter(active=True).exclude(resident=resident)
    if election.method == Election.Method.HOUSEHOLD and resident.household_id is not None:
        if active.filter(household_id=resident.household_id).exists():
            raise ValidationError(
                {
                    "resident": _(
                        "This household already has its representative on the register: "
                        "take that voter off first."
                    )
                }
            )
    if election.method == Election.Method.GROUP:
        if residents_group is None or residents_group.community_id != election.community_id:
            raise ValidationError(
                {"residents_group": _("Give the residents' group this person represents.")}
            )
        most = GROUP_REPRESENTATIVES[1]
        if active.filter(residents_group=residents_group).count() >= most:
            raise ValidationError(
                {
                    "residents_group": _(
                        "A residents' group has at most %(n)d representatives on the register."
                    )
                    % {"n": most}
                }
            )
    if resident.community_id != election.community_id:
        raise ValidationError(
            {"resident": _("This resident does not live in the election's community.")}
        )


def _put_on_register(
    election: Election, resident: Resident, *, source: str, text: str, residents_group=None, **extra
) -> Voter:
    fields = {"source": source, "reason": text[:200], "residents_group": residents_group, **extra}
    voter, created = Voter.objects.get_or_create(
        election=election,
        resident=resident,
        defaults={"name": resident.name, "household_id": resident.household_id, **fields},
    )
    if not created:
        if voter.active:
            raise ValidationError({"resident": _("This resident is already on the register.")})
        voter.active = True
        for name, value in fields.items():
            if name != "residents_group" or value is not None:
                setattr(voter, name, value)
        voter.save()
    RegisterChange.objects.create(
        election=election, voter=voter, kind=RegisterChange.Kind.ADDED, text=text
    )
    return voter


def possible_applicants(election: Election, user, limit: int = 500) -> list[Resident]:
    """Residents of the community the user may see whose hukou is elsewhere and who are not
    on the register: the people the "add on application" form offers."""
    on_register = election.voters.filter(active=True).values("resident_id")
    return list(
        Resident.objects.visible_to(user)
        .filter(
            community=election.community,
            status=ResidentStatus.ACTIVE,
            residence_type=ResidenceType.MIGRANT,
        )
        .exclude(pk__in=on_register)
        .select_related("household")
        .only("id", "name", "living_here_since", "household__number")
        .order_by("name", "pk")[:limit]
    )


@transaction.atomic
def apply_for_register(
    election: Election,
    resident: Resident,
    *,
    applied_on: date | None = None,
    home_consent: bool = False,
    home_consent_reference: str = "",
    home_consent_date: date | None = None,
    residents_group=None,
) -> Voter:
    """A resident whose hukou is registered elsewhere (流动人口 / 人户分离) joins the register
    on their own application, if they have lived in the community the street's
    `migrant_residence_months` by election day and, where the street requires it, their home
    area consents (a recorded yes with the document and its date). Foreign nationals never
    join. Refused with a field error, writing nothing, when a condition is not met."""
    statuses = ADD_VOTER_STATUSES
    if election.method == Election.Method.GROUP:
        statuses = (*ADD_VOTER_STATUSES, S.CANDIDATES_PUBLISHED)
    require_status(election, *statuses)
    today = timezone.localdate()
    applied_on = applied_on or today
    if applied_on > today:
        raise ValidationError({"applied_on": _("The application date cannot be in the future.")})
    _check_place_on_register(election, resident, residents_group)
    if resident.residence_type == ResidenceType.REGISTERED:
        raise ValidationError(
            {
                "resident": _(
                    "This resident's hukou is registered here: they come onto the register "
                    "from the registry, without an application."
                )
            }
        )
    why = eligible(resident, election, applied=True)
    if why:
        raise ValidationError({"resident": _("This resident cannot vote: %(why)s.") % {"why": why}})
    street = election.community.street
    home_consent_reference = (home_consent_reference or "").strip()
    if street.migrant_home_consent_required:
        errors = {}
        if not home_consent:
            errors["home_consent"] = _(
                "This street requires the consent of the applicant's home area: record it."
            )
        if not home_consent_reference:
            errors["home_consent_reference"] = _("Give the home area's consent document.")
        if home_consent_date is None:
            errors["home_consent_date"] = _("Give the date of the home area's consent.")
        elif home_consent_date > today:
            errors["home_consent_date"] = _("The consent cannot be dated in the future.")
        if errors:
            raise ValidationError(errors)
    consent = bool(home_consent and home_consent_reference)
    text = _("on own application (hukou elsewhere, living here since %(since)s)") % {
        "since": resident.living_here_since.isoformat()
    }
    if consent:
        text += _("; home area consents: %(ref)s") % {"ref": home_consent_reference}
    return _put_on_register(
        election,
        resident,
        source=Voter.Source.APPLICATION,
        text=text,
        residents_group=residents_group,
        applied_on=applied_on,
        home_consent=consent,
        home_consent_reference=home_consent_reference[:100] if consent else "",
        home_consent_date=home_consent_date if consent else None,
    )


@transaction.atomic
def remove_voter(voter: Voter, reason: str) -> Voter:
    require_status(voter.election, *REMOVE_VOTER_STATUSES)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why this voter is removed.")})
    if not voter.active:
        raise ValidationError({"voter": _("This person is not on the register.")})
    voter.active = False
    voter.save()
    RegisterChange.objects.create(
        election=voter.election, voter=voter, kind=RegisterChange.Kind.REMOVED, text=reason
    )
    return voter


def group_by_number(election: Election, number):
    """The residents' group of the election's community with this number, or None."""

    try:
        number = int(number)
    except (TypeError, ValueError):
        return None
    return ResidentsGroup.objects.filter(community=election.community_id, number=number).first()


def log_objection(election: Election, text: str, voter: Voter | None = None) -> RegisterChange:
    """An objection to the register, logged, while the register may still be corrected."""
    require_status(
        election,
        *OBJECTION_STATUSES,
        message=_("Objections to the register are taken until voting opens."),
    )
    if not text.strip():
        raise ValidationError({"text": _("Write the objection.")})
    return RegisterChange.objects.create(
        election=election, voter=voter, kind=RegisterChange.Kind.OBJECTION, text=text
    )


@transaction.atomic
def resolve_objection(objection: RegisterChange, decision: str) -> RegisterChange:
    """The decision on an objection to the register, recorded once (the row is locked so two
    managers cannot both decide) and only while the register may still be corrected: after
    voting opens a decision could no longer change the register. Audited by the model."""
    objection = RegisterChange.objects.select_for_update().get(pk=objection.pk)
    require_status(
        objection.election,
        *OBJECTION_STATUSES,
        message=_("Objections can only be decided until voting opens."),
    )
    if objection.kind != RegisterChange.Kind.OBJECTION:
        raise ValidationError(_("Only an objection can be decided."))
    if objection.resolution.strip():
        raise ValidationError({"resolution": _("This objection has already been decided.")})
    if not decision.strip():
        raise ValidationError({"resolution": _("Write the decision on the objection.")})
    objection.resolution = decision.strip()
    objection.save(update_fields=["resolution", "updated_at"])
    return objection


def link_voter_login(voter: Voter, user) -> Voter:
    """A log-in linked to this line of the register by hand (for this election only). The
    usual way is the registry's link (Resident.account): see voter_for."""
    voter.user = user
    voter.save(update_fields=["user", "updated_at"])
    return voter


def voter_for(election: Election, user) -> Voter | None:
    """The active line of the register this log-in votes for — the one place that decides it
    (online ballot, API, the "vote online" button, "you have voted").

    The registry's link decides: the voter whose resident record is linked to this account
    (Resident.account, set when the person proved who they are online or at the window). It
    is read when the voter votes, never copied onto the register, so a resident who links
    their account after the register was made votes online at once, and an account unlinked
    at the window (say, the wrong person was linked) can no longer vote for that record.
    Failing that, a log-in linked by hand to this election's register line (Voter.user, see
    link_voter_login) — only while the record is linked to no account. Each look-up goes by a
    unique index, never through the register."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    voters = Voter.objects.filter(election=election, active=True).order_by()
    voter = next(iter(voters.filter(resident__account=user)), None)
    if voter is None:
        voter = next(iter(voters.filter(user=user, resident__account__isnull=True)), None)
    return voter


def register_changes(election: Election, limit: int = 100) -> list[RegisterChange]:
    """The register's changes, newest first, each with `recorded_by`: who entered it, taken
    from the audit log (the change's creation entry)."""

    changes = list(election.register_changes.select_related("voter")[:limit])
    ct = ContentType.objects.get_for_model(RegisterChange)
    who = dict(
        AuditEntry.objects.filter(
            content_type=ct,
            object_id__in=[str(c.pk) for c in changes],
            action=AuditEntry.Action.CREATE,
        ).values_list("object_id", "actor_name")
    )
    for c in changes:
        c.recorded_by = who.get(str(c.pk), "")
    return changes


def publish_register(election: Election, today: date | None = None) -> Election:
    """The register is published at least `register_days_before` days before election day."""
    today = today or timezone.localdate()
    latest = election.election_day - timedelta(days=election.register_days_before)
    if today > latest:
        raise ValidationError(
            _(
                "The register must be published at least %(days)d days before election day (by %(date)s)."
            )
            % {"days": election.register_days_before, "date": latest.isoformat()},
            code="register_late",
        )
    if not election.voters.filter(active=True).exists():
        raise ValidationError(_("The register is empty: generate it from the registry first."))
    check_group_representatives(election)
    election.register_published_on = today
    election.save(update_fields=["register_published_on", "updated_at"])
    return transition(election, S.REGISTER_PUBLISHED)


def check_group_representatives(election: Election) -> None:
    """By residents' group representatives (Art. 8): every group of the community sends 2 or 3.
    A group with nobody on the register blocks the election as much as a group with one."""
    if election.method != Election.Method.GROUP:
        return
    fewest, most = GROUP_REPRESENTATIVES
    counts = dict(
        election.voters.filter(active=True, residents_group__isnull=False)
        .values("residents_group")
        .annotate(n=Count("pk"))
        .values_list("residents_group", "n")
    )
    groups = list(ResidentsGroup.objects.filter(community_id=election.community_id))
    if not groups:
        raise ValidationError(
            _("The community has no residents' groups: record them before this election."),
            code="group_representatives",
        )
    wrong = [str(g.number) for g in groups if not fewest <= counts.get(g.pk, 0) <= most]
    if wrong:
        raise ValidationError(
            _("Each residents' group sends %(n)d or %(m)d representatives; not so for group %(g)s.")
            % {"n": fewest, "m": most, "g": "、".join(wrong)},
            code="group_representatives",
        )


def registered_count(election: Election) -> int:
    return election.voters.filter(active=True).count()


# --- nomination ----------------------------------------------------------------------------


def find_voter(election: Election, *, id_number: str | None = None, pk=None) -> Voter | None:
    qs = election.voters.filter(active=True)
    if pk is not None:
        return qs.filter(pk=pk).first()
    if id_number:
        return qs.filter(
            **{
                f"resident__{k}": v
                for k, v in index_lookup(Resident, "id_number", id_number.strip()).items()
            }
        ).first()
    return None


@transaction.atomic
def nominate(
    election: Election, voter: Voter, *, supporters=(), self_nomination=False, statement=""
) -> Candidate:
    """Joint nomination by at least `nomination_supporters` voters, or self-nomination
    where the election allows it. Candidates and supporters are voters of this election."""
    require_status(election, S.REGISTER_PUBLISHED)
    if voter.election_id != election.pk or not voter.active:
        raise ValidationError({"voter": _("A candidate must be on this election's register.")})
    supporters = list(supporters)
    if self_nomination:
        if not election.allow_self_nomination:
            raise ValidationError(
                {"nomination": _("This election does not allow self-nomination.")}
            )
    else:
        ids = [s.pk for s in supporters]
        if len(set(ids)) != len(ids):
            raise ValidationError(
                {"supporters": _("A voter is listed twice among the nominators.")}
            )
        if any(s.election_id != election.pk or not s.active for s in supporters):
            raise ValidationError(
                {"supporters": _("Every nominator must be on this election's register.")}
            )
        if len(supporters) < election.nomination_supporters:
            raise ValidationError(
                {
                    "supporters": _(
                        "A joint nomination needs at least %(n)d voters; %(got)d given."
                    )
                    % {"n": election.nomination_supporters, "got": len(supporters)}
                }
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
        raise ValidationError({"voter": _("This voter is already a candidate.")}) from None
    candidate.supporters.set(supporters)
    return candidate


def active_candidates(election: Election, second_round: bool = False):
    qs = election.candidates.filter(withdrawn=False).select_related("voter")
    if second_round:
        qs = qs.filter(second_round=True)
    return qs


def publish_candidates(election: Election) -> Election:
    """差额: more candidates than seats (at least seats + `candidate_surplus`)."""
    require_status(election, S.REGISTER_PUBLISHED)
    check_group_representatives(election)
    count = active_candidates(election).count()
    needed = election.seats + election.candidate_surplus
    if count < needed:
        raise ValidationError(
            _(
                "A competitive election (差额) needs at least %(n)d candidates for %(seats)d seats; there are %(count)d."
            )
            % {"n": needed, "seats": election.seats, "count": count},
            code="not_competitive",
        )
    return transition(election, S.CANDIDATES_PUBLISHED)


@transaction.atomic
def withdraw_candidate(candidate: Candidate, reason: str) -> Candidate:
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
        raise ValidationError(_("This candidate has already withdrawn."))
    if not reason.strip():
        raise ValidationError({"reason": _("Record why the candidate withdraws.")})
    candidate.withdrawn = True
    candidate.save(update_fields=["withdrawn", "updated_at"])
    audit.record(
        AuditEntry.Action.OTHER, candidate, reason=_("candidate withdrew: %(r)s") % {"r": reason}
    )
    needed = election.seats + election.candidate_surplus
    if election.status == S.CANDIDATES_PUBLISHED and active_candidates(election).count() < needed:
        transition(
            election,
            S.REGISTER_PUBLISHED,
            reason=_("too few candidates after a withdrawal: nomination reopened"),
        )
    return candidate


def open_voting(election: Election) -> Election:
    check_group_representatives(election)  # a representative may have been taken off since
    return transition(election, S.VOTING)


# --- proxies and stations ------------------------------------------------------------------


@transaction.atomic
def add_proxy(election: Election, holder: Voter, principal: Voter, authorization: str) -> Proxy:
    """A proxy needs the principal's written authorization; a holder carries at most
    `max_proxies` of them; nobody holds their own or passes one on."""
    require_status(election, S.REGISTER_PUBLISHED, S.CANDIDATES_PUBLISHED, S.VOTING, S.SECOND_ROUND)
    errors = {}
    if not authorization.strip():
        errors["authorization"] = _("Record the principal's written authorization.")
    if holder.pk == principal.pk:
        errors["principal"] = _("A voter cannot be their own proxy.")
    for v in (holder, principal):
        if v.election_id != election.pk or not v.active:
            errors["holder"] = _("Holder and principal must both be on this election's register.")
    if errors:
        raise ValidationError(errors)
    # Lock the holder's row so two clerks cannot both record the fourth proxy.
    list(Voter.objects.select_for_update().filter(pk=holder.pk))
    if Proxy.objects.filter(election=election, principal=principal).exists():
        raise ValidationError({"principal": _("This voter has already given a proxy.")})
    if Proxy.objects.filter(election=election, principal=holder).exists():
        raise ValidationError(
            {"holder": _("This voter has given their own vote by proxy and cannot hold proxies.")}
        )
    held = Proxy.objects.filter(election=election, holder=holder).count()
    if held >= election.max_proxies:
        raise ValidationError(
            {
                "holder": _(
                    "A voter may hold at most %(n)d proxies; %(name)s already holds %(held)d."
                )
                % {"n": election.max_proxies, "name": holder.name, "held": held}
            }
        )
    return Proxy.objects.create(
        election=election, holder=holder, principal=principal, authorization=authorization
    )


def add_station(election: Election, name: str, kind=PollingStation.Kind.STATION) -> PollingStation:
    require_status(
        election, S.DRAFT, S.REGISTER_PUBLISHED, S.CANDIDATES_PUBLISHED, S.VOTING, S.SECOND_ROUND
    )
    if not name.strip():
        raise ValidationError({"name": _("Name the polling station.")})
    return PollingStation.objects.create(election=election, name=name, kind=kind)
