"""Casting ballots: the secret online ballot and the paper ballot issued at a station.

How the online ballot stays secret and single
=============================================

Two tables, written in ONE transaction, that share nothing but the election and the round:

* ``VoterParticipation(election, voter, round, channel)`` says *that* a voter voted. A
  database UNIQUE constraint on (election, voter, round) is the only guard of "one voter, one
  ballot": fifty simultaneous attempts by the same voter all try to insert the same key; the
  database lets exactly one commit, the others fail with an integrity error, and because the
  ballot is inserted in the same transaction *after* the participation row, a failed attempt
  leaves no ballot behind. (On PostgreSQL the insert is ``ON CONFLICT DO NOTHING``: the
  losers insert nothing and are told so, by the same constraint; see _record_participation.) No application-level check-then-insert race is involved, and the
  same constraint stops a voter who took a paper ballot at a station from voting online too.
* ``Ballot(id, election, round, choices, receipt_hash)`` says *how* someone voted. It has no
  foreign key or column naming a voter, a user or a participation; no timestamp at all (the
  day of the vote is the election's day); its primary key is a random UUID (no sequence
  that would follow the order of voting); the chosen candidate ids are stored sorted, so not
  even the order of ticking leaks.

So no query — not even a database administrator's — can join a ballot to a voter: there is
no key to join on and no time to correlate. One channel is left to close: a table's physical
order (PostgreSQL's ctid, SQLite's rowid) follows insertion order in both tables during
voting. When voting closes, ``seal_ballot_box`` therefore rewrites the round's ballots in a
cryptographically random order with fresh UUIDs, before anything is counted; after that the
ballot table's storage order says nothing. (Someone watching the live database server —
statement logs, WAL — during voting is outside what an application can defend against;
the deployment guide says to keep statement logging off on the election database. The same
holds for the old row versions the rewrite leaves in PostgreSQL's pages until VACUUM reclaims
them, and for WAL archives and backups taken during voting.)

The audit log records that a voter voted (that is public anyway: the marked register), never
the ballot. The voter receives a random receipt code (not derived from anything about them);
only its SHA-256 (salted with the election) is stored, with the ballot, so the voter can
later check that a ballot carrying their receipt was counted — and the receipt reveals
nothing about who holds it.
"""

import hashlib
import random
import secrets
import uuid

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from gongzhi.core import audit
from gongzhi.core.models import AuditEntry
from gongzhi.selfgov.elections import S, active_candidates, voter_for
from gongzhi.selfgov.models import (
    Ballot,
    Election,
    PollingStation,
    Proxy,
    RoundResult,
    Voter,
    VoterParticipation,
)

RECEIPT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I


def new_receipt() -> str:
    raw = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def receipt_hash(election_id: int, code: str) -> str:
    code = code.strip().upper().replace(" ", "")
    return hashlib.sha256(f"gongzhi-ballot:{election_id}:{code}".encode()).hexdigest()


def seats_in_round(election: Election, round_: int | None = None) -> int:
    round_ = round_ or election.round
    if round_ == 1:
        return election.seats
    previous = RoundResult.objects.filter(election=election, round=round_ - 1).first()
    return previous.unfilled if previous else election.seats


def _voting_round_open(election: Election, now=None) -> None:
    if election.status not in (S.VOTING, S.SECOND_ROUND):
        raise ValidationError(_("Voting is not open in this election."), code="not_voting")
    now = now or timezone.now()
    if election.voting_opens and now < election.voting_opens:
        raise ValidationError(
            _("Voting has not opened yet (opens %(t)s).")
            % {"t": timezone.localtime(election.voting_opens).strftime("%Y-%m-%d %H:%M")},
            code="outside_window",
        )
    if election.voting_closes and now >= election.voting_closes:
        raise ValidationError(
            _("Voting closed at %(t)s.")
            % {"t": timezone.localtime(election.voting_closes).strftime("%Y-%m-%d %H:%M")},
            code="outside_window",
        )


def validate_choices(election: Election, choices) -> list[int]:
    """A ballot marks at most as many candidates as there are seats in the round, each at
    most once, all standing in the round. A blank ballot is allowed (it still counts as cast)."""
    try:
        ids = [int(c) for c in choices]
    except (TypeError, ValueError):
        raise ValidationError({"choices": _("Unknown candidate.")}) from None
    if len(set(ids)) != len(ids):
        raise ValidationError({"choices": _("A candidate is marked twice.")})
    seats = seats_in_round(election)
    if len(ids) > seats:
        raise ValidationError(
            {
                "choices": _("This ballot marks %(n)d candidates; at most %(seats)d may be chosen.")
                % {"n": len(ids), "seats": seats}
            }
        )
    standing = set(
        active_candidates(election, second_round=election.round > 1)
        .order_by()  # no join to the voters for the default ordering: only ids are needed
        .values_list("pk", flat=True)
    )
    if not set(ids) <= standing:
        raise ValidationError({"choices": _("Unknown candidate.")})
    return sorted(ids)


def cast_online_ballot(election: Election, user, choices, *, now=None) -> str:
    """Cast the signed-in voter's secret ballot; return the receipt code (shown once)."""
    with transaction.atomic():
        election = Election.objects.get(pk=election.pk)
        if not election.online_voting:
            raise ValidationError(_("This election has no online voting."), code="no_online")
        _voting_round_open(election, now)
        voter = voter_for(election, user)
        if voter is None:
            raise ValidationError(
                _("You are not on this election's voter register."), code="not_voter"
            )
        ids = validate_choices(election, choices)
        if not _record_participation(election, voter, VoterParticipation.Channel.ONLINE):
            raise ValidationError(_("You have already voted in this round."), code="already_voted")
        code = new_receipt()
        Ballot.objects.create(
            election=election,
            round=election.round,
            choices=ids,
            receipt_hash=receipt_hash(election.pk, code),
        )
        audit.record(
            AuditEntry.Action.OTHER,
            voter,
            reason=_("voted online"),
            extra={"round": election.round},
        )
    return code


def _record_participation(election: Election, voter: Voter, channel: str) -> bool:
    """Insert the row saying the voter voted in this round; False if one is already there.
    The UNIQUE (election, voter, round) constraint decides, whichever way the row goes in:

    - PostgreSQL: one statement, INSERT … ON CONFLICT DO NOTHING RETURNING — a conflicting
      attempt (even one that waited for a concurrent insert of the same key to commit)
      inserts nothing and returns no row; the transaction stays usable, so no savepoint.
    - elsewhere (SQLite): the insert in a savepoint, whose IntegrityError is the answer.
    """
    table = VoterParticipation._meta
    if connection.vendor == "postgresql":
        q = connection.ops.quote_name
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {q(table.db_table)} "
                f"({q('id')}, {q('election_id')}, {q('voter_id')}, {q('round')}, "
                f"{q('channel')}) VALUES (%s, %s, %s, %s, %s) "
                "ON CONFLICT (election_id, voter_id, round) DO NOTHING RETURNING 1",
                [uuid.uuid4(), election.pk, voter.pk, election.round, channel],
            )
            return cursor.fetchone() is not None
    try:
        with transaction.atomic():
            VoterParticipation.objects.create(
                election=election, voter=voter, round=election.round, channel=channel
            )
    except IntegrityError:
        return False
    return True


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


@transaction.atomic
def issue_paper_ballot(
    station: PollingStation, voter: Voter, *, proxy_holder: Voter | None = None
) -> VoterParticipation:
    """The clerk checks the voter off the register and hands out a ballot (to the proxy
    holder if one votes for them). The same unique constraint as online: one ballot each."""
    election = Election.objects.get(pk=station.election_id)
    _voting_round_open(election)
    if voter.election_id != election.pk or not voter.active:
        raise ValidationError({"voter": _("This person is not on the register.")})
    if (
        proxy_holder is not None
        and not Proxy.objects.filter(
            election=election, holder=proxy_holder, principal=voter
        ).exists()
    ):
        raise ValidationError(
            {"proxy_holder": _("No written proxy from this voter to that holder.")}
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
        raise ValidationError(
            {"voter": _("This voter has already voted in this round.")}, code="already_voted"
        ) from None
    PollingStation.objects.filter(pk=station.pk).update(ballots_issued=F("ballots_issued") + 1)
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
    return participation


# Sealing rewrites the round's ballots in one set-based statement per database: read and
# delete the old rows, insert them again in an order drawn from a cryptographic generator
# (PostgreSQL's gen_random_uuid and SQLite's randomblob both use the OS's strong random
# source), with fresh random keys. No ballot passes through Python.
_SEAL_SQL = {
    "postgresql": """
        WITH old AS (
            DELETE FROM {table} WHERE election_id = %s AND round = %s
            RETURNING choices, receipt_hash
        )
        INSERT INTO {table} (id, election_id, round, choices, receipt_hash)
        SELECT gen_random_uuid(), %s, %s, choices, receipt_hash FROM old
        ORDER BY gen_random_uuid()
    """,
    # SQLite checks the unique receipt hash row by row, so the old rows leave first (through
    # a temporary table); Django stores a UUID there as 32 hex digits. randomblob() is
    # SQLite's own cryptographic generator.
    "sqlite": [
        "DROP TABLE IF EXISTS temp.gongzhi_sealing",
        "CREATE TEMP TABLE gongzhi_sealing AS SELECT choices, receipt_hash FROM {table} "
        "WHERE election_id = %s AND round = %s",
        "DELETE FROM {table} WHERE election_id = %s AND round = %s",
        "INSERT INTO {table} (id, election_id, round, choices, receipt_hash) "
        # a version-4 UUID: 4 at digit 13, 8/9/a/b at digit 17
        "SELECT substr(h, 1, 12) || '4' || substr(h, 14, 3) "
        "|| substr('89ab', 1 + unicode(substr(h, 17, 1)) %% 4, 1) || substr(h, 18, 15), "
        "%s, %s, choices, receipt_hash FROM (SELECT lower(hex(randomblob(16))) AS h, "
        "randomblob(16) AS k, choices, receipt_hash FROM temp.gongzhi_sealing) ORDER BY k",
        "DROP TABLE temp.gongzhi_sealing",
    ],
}


@transaction.atomic
def seal_ballot_box(election: Election, round_: int) -> int:
    """Rewrite the round's online ballots in random order with new random keys, so that not
    even the storage order can be matched with the order voters voted in. Returns the number
    of ballots in the box."""
    table = connection.ops.quote_name(Ballot._meta.db_table)
    key = [election.pk, round_]
    sql = _SEAL_SQL.get(connection.vendor)
    if sql is None:  # another database: the same rewrite, row by row
        return _seal_python(election, round_)
    with connection.cursor() as cursor:
        if isinstance(sql, str):
            # The shuffle sorts the whole box: in memory (~25 MB for 100,000 ballots) rather
            # than in temporary files; SET LOCAL ends with this transaction.
            cursor.execute("SET LOCAL work_mem = '64MB'")
            cursor.execute(sql.format(table=table), key + key)
            return cursor.rowcount
        count = 0
        for statement in sql:
            cursor.execute(statement.format(table=table), key if "%s" in statement else [])
            if statement.startswith("INSERT"):
                count = cursor.rowcount
        return count


def _seal_python(election: Election, round_: int) -> int:
    rows = list(
        Ballot.objects.filter(election=election, round=round_).values_list(
            "choices", "receipt_hash"
        )
    )
    random.SystemRandom().shuffle(rows)
    Ballot.objects.filter(election=election, round=round_).delete()
    Ballot.objects.bulk_create(
        [
            Ballot(id=uuid.uuid4(), election=election, round=round_, choices=c, receipt_hash=h)
            for c, h in rows
        ],
        batch_size=5000,
    )
    return len(rows)
