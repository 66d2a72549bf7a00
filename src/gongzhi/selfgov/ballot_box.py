"""The secret ballot box: receipts, the participation row, sealing and counting the box.

How the online ballot stays secret and single
=============================================

Two tables, written in ONE transaction, that share nothing but the election and the round:

* ``VoterParticipation(election, voter, round, channel)`` says *that* a voter voted. A
  database UNIQUE constraint on (election, voter, round) is the only guard of "one voter, one
  ballot": fifty simultaneous attempts by the same voter all try to insert the same key; the
  database lets exactly one commit, the others fail with an integrity error, and because the
  ballot is inserted in the same transaction *after* the participation row, a failed attempt
  leaves no ballot behind. (On PostgreSQL the insert is ``ON CONFLICT DO NOTHING``: the
  losers insert nothing and are told so, by the same constraint; see record_participation.) No application-level check-then-insert race is involved, and the
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

The actions that cast, issue and count (selfgov.actions.voting, .tally) call these helpers
inside their one transaction; nothing here is a door of its own.
"""

import hashlib
import random
import secrets
import uuid
from collections import Counter

from django.db import IntegrityError, connection, transaction

from gongzhi.selfgov.models import Ballot, Election, Voter, VoterParticipation

RECEIPT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I


def new_receipt() -> str:
    raw = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def receipt_hash(election_id: int, code: str) -> str:
    code = code.strip().upper().replace(" ", "")
    return hashlib.sha256(f"gongzhi-ballot:{election_id}:{code}".encode()).hexdigest()


def record_participation(election: Election, voter: Voter, channel: str) -> bool:
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
