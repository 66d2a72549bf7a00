"""Read-only questions of self-government: who votes for a log-in, the register's changes,
the standing candidates, a round's seats, an assembly's quorum, the board's notices, property
coverage. No writes here: every write is an action (selfgov.actions)."""

from __future__ import annotations

from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from gongzhi.core.errors import ActionError, refuse
from gongzhi.core.fields import index_lookup
from gongzhi.core.models import AuditEntry
from gongzhi.org.models import Community, ResidentsCommittee, ResidentsGroup
from gongzhi.registry.choices import ResidenceType, ResidentStatus
from gongzhi.registry.models import Estate, Household, Resident
from gongzhi.selfgov.ballot_box import receipt_hash
from gongzhi.selfgov.errors import Code
from gongzhi.selfgov.models import (
    Assembly,
    Ballot,
    CharterVersion,
    Election,
    EstateManagement,
    Notice,
    Petition,
    PollingStation,
    RegisterChange,
    RoundResult,
    TallySheet,
    Term,
    Voter,
    VoterParticipation,
)
from gongzhi.selfgov.rules import more_than

S = Election.Status

# When the register may change (the screens show their forms from the same tuples): voters
# are added until nomination closes, taken off and objected to until voting opens.
ADD_VOTER_STATUSES = (S.DRAFT, S.REGISTER_PUBLISHED)
REMOVE_VOTER_STATUSES = (S.DRAFT, S.REGISTER_PUBLISHED, S.CANDIDATES_PUBLISHED)
OBJECTION_STATUSES = REMOVE_VOTER_STATUSES
# The actions whose event names who changed a voter's line (register_changes).
REGISTER_VERBS = (
    "selfgov.do_add_voter",
    "selfgov.do_apply_for_register",
    "selfgov.do_remove_voter",
)
GROUP_REPRESENTATIVES = (2, 3)  # Organic Law Art. 8: 2–3 representatives per residents' group

# --- the register ------------------------------------------------------------------------


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


def group_by_number(election: Election, number):
    """The residents' group of the election's community with this number, or None."""

    try:
        number = int(number)
    except (TypeError, ValueError):
        return None
    return ResidentsGroup.objects.filter(community=election.community_id, number=number).first()


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


def register_changes(election: Election, limit: int = 100) -> list[RegisterChange]:
    """The register's changes, newest first, each with `recorded_by`: who entered it, taken
    from the audit log — an objection's own event, or the event of the action that added or
    took off the voter (the change is one of the records it touched)."""
    changes = list(election.register_changes.select_related("voter")[:limit])
    ct = ContentType.objects.get_for_model(RegisterChange)
    who = dict(
        AuditEntry.objects.filter(
            content_type=ct,
            object_id__in=[str(c.pk) for c in changes],
            action=AuditEntry.Action.CREATE,
        ).values_list("object_id", "actor_name")
    )
    missing = [c for c in changes if str(c.pk) not in who and c.voter_id]
    events = list(
        AuditEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Voter),
            object_id__in={str(c.voter_id) for c in missing},
            verb__in=REGISTER_VERBS,
        )
        .order_by("timestamp", "pk")
        .values_list("object_id", "timestamp", "actor_name")
    )
    for c in changes:
        c.recorded_by = who.get(str(c.pk), "")
        if not c.recorded_by and c.voter_id:
            before = [
                name
                for voter, at, name in events
                if voter == str(c.voter_id) and at <= c.created_at
            ]
            c.recorded_by = before[-1] if before else ""
    return changes


def registered_count(election: Election) -> int:
    return election.voters.filter(active=True).count()


def group_representatives_problem(election: Election):
    """By residents' group representatives (Art. 8): every group of the community sends 2 or
    3. Why not (a code and a message), or None. A group with nobody on the register blocks
    the election as much as a group with one."""
    if election.method != Election.Method.GROUP:
        return None
    fewest, most = GROUP_REPRESENTATIVES
    counts = dict(
        election.voters.filter(active=True, residents_group__isnull=False)
        .values("residents_group")
        .annotate(n=Count("pk"))
        .values_list("residents_group", "n")
    )
    groups = list(ResidentsGroup.objects.filter(community_id=election.community_id))
    if not groups:
        return (
            Code.GROUP_REPRESENTATIVES,
            _("The community has no residents' groups: record them before this election."),
        )
    wrong = [str(g.number) for g in groups if not fewest <= counts.get(g.pk, 0) <= most]
    if wrong:
        return (
            Code.GROUP_REPRESENTATIVES,
            _("Each residents' group sends %(n)d or %(m)d representatives; not so for group %(g)s.")
            % {"n": fewest, "m": most, "g": "、".join(wrong)},
        )
    return None


# --- candidates and ballots ---------------------------------------------------------------


def active_candidates(election: Election, second_round: bool = False):
    qs = election.candidates.filter(withdrawn=False).select_related("voter")
    if second_round:
        qs = qs.filter(second_round=True)
    return qs


def elected_candidates(election: Election):
    return (
        election.candidates.filter(elected=True)
        .select_related("voter")
        .order_by("-votes", "voter__name")
    )


def seats_in_round(election: Election, round_: int | None = None) -> int:
    round_ = round_ or election.round
    if round_ == 1:
        return election.seats
    previous = RoundResult.objects.filter(election=election, round=round_ - 1).first()
    return previous.unfilled if previous else election.seats


def has_voted(election: Election, user) -> bool:
    voter = voter_for(election, user)
    return (
        voter is not None
        and VoterParticipation.objects.filter(
            election=election, round=election.round, voter=voter
        ).exists()
    )


def check_receipt(election: Election, code: str) -> Ballot | None:
    """The ballot carrying this receipt, if any (its round tells in which count it is)."""
    return Ballot.objects.filter(
        election=election, receipt_hash=receipt_hash(election.pk, code)
    ).first()


# --- tally ---------------------------------------------------------------------------------


def issued(station: PollingStation, round_: int) -> int:
    return VoterParticipation.objects.filter(
        station=station, round=round_, channel=VoterParticipation.Channel.PAPER
    ).count()


def reconcile(station: PollingStation, round_: int) -> tuple | None:
    """The station's figures if two clerks' entries agree; refuses (Code.TALLY_MISMATCH) if
    they differ, None if fewer than two entries."""
    sheets = list(TallySheet.objects.filter(station=station, round=round_))
    if len(sheets) < 2:
        return None
    a, b = sheets[0].figures(), sheets[1].figures()
    a_votes = {k: v for k, v in a[2].items() if v}
    b_votes = {k: v for k, v in b[2].items() if v}
    if (a[0], a[1], a_votes) != (b[0], b[1], b_votes):
        refuse(
            Code.TALLY_MISMATCH,
            _(
                "The two tally entries of %(station)s do not agree: check the paper sheet and re-enter."
            )
            % {"station": station.name},
        )
    return a[0], a[1], a_votes


def disagreeing_stations(election: Election) -> list[PollingStation]:
    """The stations of the current round whose two tally entries differ (they block the
    count until the entries are discarded and entered again)."""
    out = []
    for station in election.stations.all():
        try:
            reconcile(station, election.round)
        except ActionError:
            out.append(station)
    return out


# --- assemblies, charter, terms ------------------------------------------------------------


def adults(community: Community, on: date | None = None):
    on = on or timezone.localdate()
    cutoff = (
        on.replace(year=on.year - 18)
        if not (on.month == 2 and on.day == 29)
        else on.replace(year=on.year - 18, day=28)
    )
    return Resident.objects.filter(
        community=community, status=ResidentStatus.ACTIVE, birth_date__lte=cutoff
    )


def base_count(community: Community, basis: str, on: date | None = None) -> int:
    if basis in (Petition.Basis.ADULTS, Assembly.Kind.ADULTS):
        return adults(community, on).count()
    if basis in (Petition.Basis.HOUSEHOLDS, Assembly.Kind.HOUSEHOLDS):
        return Household.objects.filter(community=community, active=True).count()
    return ResidentsGroup.objects.filter(community=community).count()


def present(assembly: Assembly) -> int:
    return assembly.attendance.count()


def has_quorum(assembly: Assembly) -> bool:
    return more_than(
        present(assembly), assembly.members_total, assembly.quorum_num, assembly.quorum_den
    )


def current_charter(community: Community) -> CharterVersion | None:
    return community.charters.filter(adopted_by__isnull=False).order_by("-version").first()


def current_term(committee: ResidentsCommittee) -> Term | None:
    return committee.terms.filter(status=Term.Status.CURRENT).first()


# --- notices and property --------------------------------------------------------------------


def on_board(community: Community, today: date | None = None):
    """Notices showing today: published and not yet expired."""
    today = today or timezone.localdate()
    return Notice.objects.filter(community=community, publish_on__lte=today).filter(
        Q(expire_on__isnull=True) | Q(expire_on__gte=today)
    )


def coverage(communities) -> list[dict]:
    """Per community: estates, how many under each mode, and the estates with no mode."""
    rows = []
    for community in communities:
        estates = list(
            Estate.objects.filter(community=community).select_related("management").order_by("name")
        )
        counts = {m: 0 for m in EstateManagement.Mode.values}
        uncovered = []
        for e in estates:
            mode = getattr(getattr(e, "management", None), "mode", "")
            if mode:
                counts[mode] += 1
            else:
                uncovered.append(e)
        covered = len(estates) - len(uncovered)
        rows.append(
            {
                "community": community,
                "estates": len(estates),
                "counts": counts,
                "modes": [
                    (EstateManagement.Mode(m).label, counts[m])
                    for m in EstateManagement.Mode.values
                ],
                "uncovered": uncovered,
                "covered": covered,
                "percent": round(100 * covered / len(estates)) if estates else 100,
            }
        )
    return rows
