"""The online ballot box in SQL: counting (one rule, an SQL and a Python implementation checked
against each other on the database the tests run on) and sealing (set-based random rewrite)."""

import uuid
from collections import Counter

from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongzhi.selfgov import actions, ballot_box, queries
from gongzhi.selfgov.ballot_box import receipt_hash
from gongzhi.selfgov.models import Ballot, Election

from .helpers import DAY, admin, make_election
from .test_elections import open_online

CANDIDATES = st.lists(st.integers(1, 14), unique=True, max_size=9).map(sorted)


def _fill(election, boxes):
    """Ballots as casting stores them: {round: [choices, …]}."""
    Ballot.objects.filter(election=election).delete()
    Ballot.objects.bulk_create(
        [
            Ballot(
                id=uuid.uuid4(),
                election=election,
                round=round_,
                choices=choices,
                receipt_hash=receipt_hash(election.pk, uuid.uuid4().hex),
            )
            for round_, box in boxes.items()
            for choices in box
        ]
    )


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    round1=st.lists(CANDIDATES, max_size=40),
    round2=st.lists(CANDIDATES, max_size=10),
)
def test_count_in_sql_equals_count_in_python(world, round1, round2):
    """Every mark is a vote, every ballot (blank too) is cast; other rounds and elections are
    not counted."""
    election = Election.objects.create(community=world["c1"], title="a", election_day=DAY)
    other = Election.objects.create(community=world["c2"], title="b", election_day=DAY)
    _fill(election, {1: round1, 2: round2})
    _fill(other, {1: [[1, 2, 3]] * 3})
    expected = (len(round1), Counter(c for choices in round1 for c in choices))
    assert ballot_box.count_online(election, 1) == expected
    assert ballot_box.count_online_python(election, 1) == expected
    assert ballot_box.count_online(election, 2) == ballot_box.count_online_python(election, 2)
    assert ballot_box.count_online(election, 2)[0] == len(round2)


def test_sealing_keeps_every_ballot_and_renews_every_key(world):
    election = make_election(world["c1"], voters=6, seats=2, candidates=3)
    box = [[1, 2], [3], [], [2, 5, 7], [1, 2]] * 20
    _fill(election, {1: box, 2: [[4]]})
    before = {b.id: (b.choices, b.receipt_hash) for b in Ballot.objects.filter(round=1)}
    round2 = set(Ballot.objects.filter(round=2).values_list("id", flat=True))

    assert ballot_box.seal_ballot_box(election, 1) == len(box)

    after = {b.id: (b.choices, b.receipt_hash) for b in Ballot.objects.filter(round=1)}
    assert not set(before) & set(after)  # fresh keys
    assert all(key.version == 4 for key in after)  # random (version-4) UUIDs
    assert sorted(map(repr, before.values())) == sorted(map(repr, after.values()))  # same box
    assert set(Ballot.objects.filter(round=2).values_list("id", flat=True)) == round2
    assert ballot_box.count_online(election, 1) == ballot_box.count_online_python(election, 1)


def _storage_order():
    physical = {"postgresql": "ctid", "sqlite": "rowid"}[connection.vendor]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT receipt_hash FROM selfgov_ballot ORDER BY {physical}")
        return [h for (h,) in cursor.fetchall()]


def test_sealing_randomises_the_storage_order(world):
    """After sealing, the table's own order (as a plain scan returns it) no longer follows the
    order of casting (ctid on PostgreSQL, rowid on SQLite)."""
    election = make_election(world["c1"], voters=6, seats=2, candidates=3)
    _fill(election, {1: [[1]] * 200})
    cast_order = _storage_order()
    ballot_box.seal_ballot_box(election, 1)
    stored_order = _storage_order()
    assert sorted(stored_order) == sorted(cast_order)
    assert stored_order != cast_order  # 1/200! chance of a false failure


def test_receipts_verify_after_sealing_and_round_counted(world, users):
    from .helpers import make_voter_user

    election = open_online(make_election(world["c1"], voters=8, seats=2, candidates=3))
    cands = list(election.candidates.values_list("pk", flat=True))
    codes = [
        actions.do_cast_ballot(make_voter_user(v), election, [cands[0], cands[i % 2 + 1]])
        for i, v in enumerate(list(election.voters.all()[:5]))
    ]
    result = actions.do_count_round(admin(election), election).result
    assert result.votes_cast == 5
    assert result.counts[str(cands[0])] == 5
    assert all(queries.check_receipt(election, code) for code in codes)
