"""Benchmark: the online ballot box on PostgreSQL — 100,000 ballots, 9 seats, 14 candidates.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres GONGZHI_BENCH_DB=bench_<you> \
        python bench/tally.py [--ballots N] [--cast N] [--profile]

Casting throughput is measured through the real use case (`selfgov.actions.voting.do_cast_ballot`:
participation row + ballot + audit entry in one transaction) for `--cast` voters; the rest
of the box is bulk-loaded (participation and ballot rows exactly as casting writes them).
Then the box is counted in SQL (`ballot_box.count_online`, checked against the Python
implementation), sealed alone (`ballot_box.seal_ballot_box`, timed), and the round is counted
with `do_count_round` (seal again, count, results saved); the raw baseline is a bare
`SELECT choices` over the same rows. The last line is the tally (the count of the box in
SQL) against the issue's target of 2 s; count_round — reseal for secrecy, count, save the
results — is printed too, as the whole step an election officer waits for.
"""

import argparse
import cProfile
import pstats
import random
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import create_database, migrate, setup_django


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--ballots", type=int, default=100_000)
    parser.add_argument("--cast", type=int, default=2_000)
    parser.add_argument("--profile", action="store_true", help="profile the casting loop")
    args = parser.parse_args()
    setup_django(create_database())
    migrate()
    import datetime

    from django.contrib.auth import get_user_model
    from django.db import connection, transaction
    from django.utils import timezone

    from gongzhi.core.context import acting_as
    from gongzhi.org.models import Community, ResidentsCommittee, Street
    from gongzhi.org.roles import Role
    from gongzhi.org.services import assign_role
    from gongzhi.registry.models import Resident
    from gongzhi.selfgov import ballot_box
    from gongzhi.selfgov.actions.tally import do_count_round
    from gongzhi.selfgov.actions.voting import do_cast_ballot
    from gongzhi.selfgov.ballot_box import receipt_hash
    from gongzhi.selfgov.models import Ballot, Candidate, Election, Voter, VoterParticipation

    n, seats, n_candidates = args.ballots, 9, 14
    street = Street.objects.create(name="基准街道", division_code="150204001000")
    community = Community.objects.create(
        street=street, name="基准社区", code="001", structure="party_committee", household_count=700
    )
    ResidentsCommittee.objects.create(community=community, name="基准居委会")
    t0 = time.perf_counter()
    Resident.objects.bulk_create(
        [
            Resident(community=community, name=f"居民{i}", birth_date=datetime.date(1970, 1, 1))
            for i in range(n)
        ],
        batch_size=5000,
    )
    now = timezone.now()
    election = Election.objects.create(
        community=community,
        title="基准选举",
        election_day=timezone.localdate(),
        seats=seats,
        status=Election.Status.VOTING,
        online_voting=True,
        voting_opens=now - datetime.timedelta(hours=1),
        voting_closes=now + datetime.timedelta(days=1),
    )
    Voter.objects.bulk_create(
        [
            Voter(election=election, resident_id=rid, name="v")
            for rid in Resident.objects.values_list("pk", flat=True)
        ],
        batch_size=5000,
    )
    voters = list(Voter.objects.filter(election=election).values_list("pk", flat=True))
    for vid in voters[:n_candidates]:
        Candidate.objects.create(election=election, voter_id=vid, nomination="self")
    cands = list(election.candidates.values_list("pk", flat=True))
    print(f"setup: {n:,} voters in {time.perf_counter() - t0:.1f}s")
    rng = random.Random(7)

    # 1. casting through the use case
    User = get_user_model()
    users = User.objects.bulk_create([User(username=f"bv{i}") for i in range(args.cast)])
    # As in real use: each voter's registry record is linked to their verified account.
    resident_of = dict(
        Voter.objects.filter(pk__in=voters[: args.cast]).values_list("pk", "resident_id")
    )
    for user, vid in zip(users, voters[: args.cast], strict=False):
        Resident.objects.filter(pk=resident_of[vid]).update(account=user)
    profiler = cProfile.Profile() if args.profile else None
    with acting_as(None, source="bench"):
        t = time.perf_counter()
        if profiler:
            profiler.enable()
        for user in users:
            do_cast_ballot(user, election, rng.sample(cands, rng.randint(1, seats)))
        if profiler:
            profiler.disable()
        cast_s = time.perf_counter() - t
    print(
        f"casting (do_cast_ballot, one transaction each): {args.cast:,} ballots in {cast_s:.2f}s "
        f"= {args.cast / cast_s:,.0f} ballots/s, {1000 * cast_s / args.cast:.1f} ms per cast"
    )
    if profiler:
        # where a cast's time goes: the database round trips (execute), the commit, Django
        stats = pstats.Stats(profiler).sort_stats("tottime")
        stats.print_stats(12)

    # 2. the rest of the box, bulk-loaded
    t = time.perf_counter()
    rest = voters[args.cast :]
    for i in range(0, len(rest), 10_000):
        chunk = rest[i : i + 10_000]
        VoterParticipation.objects.bulk_create(
            [
                VoterParticipation(election=election, voter_id=v, round=1, channel="online")
                for v in chunk
            ]
        )
        Ballot.objects.bulk_create(
            [
                Ballot(
                    id=uuid.uuid4(),
                    election=election,
                    round=1,
                    choices=sorted(rng.sample(cands, rng.randint(1, seats))),
                    receipt_hash=receipt_hash(election.pk, uuid.uuid4().hex),
                )
                for _ in chunk
            ]
        )
    print(f"bulk load of {len(rest):,} more ballots: {time.perf_counter() - t:.1f}s")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    # 3. baseline and tally
    t = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT choices FROM selfgov_ballot WHERE election_id = %s AND round = 1", [election.pk]
        )
        rows = cursor.fetchall()
    raw_s = time.perf_counter() - t
    t = time.perf_counter()
    count, counts = ballot_box.count_online(election, 1)
    count_s = time.perf_counter() - t
    t = time.perf_counter()
    assert ballot_box.count_online_python(election, 1) == (count, counts)  # the two implementations
    python_s = time.perf_counter() - t
    with transaction.atomic():
        t = time.perf_counter()
        sealed = ballot_box.seal_ballot_box(election, 1)
        seal_s = time.perf_counter() - t
    assert sealed == n
    # The count is an action: the street's admin (role AND place) takes it.
    admin = User.objects.create(username="bench_admin")
    assign_role(admin, Role.STREET_ADMIN, street)
    with acting_as(admin, source="bench"):
        t = time.perf_counter()
        result = do_count_round(admin, election).result
        round_s = time.perf_counter() - t
    assert result.votes_cast == n == count == len(rows)
    print(f"raw baseline SELECT choices: {raw_s:.2f}s")
    print(
        f"tally of {n:,} ballots in SQL (count only): {count_s:.2f}s  (ratio to raw {count_s / raw_s:.1f}x)"
        f"  [same count in Python: {python_s:.2f}s]"
    )
    print(f"seal (one INSERT ... SELECT ... ORDER BY gen_random_uuid()): {seal_s:.2f}s")
    print(
        f"count_round (seal, then count, results saved): {round_s:.2f}s  "
        f"(the officer's whole 'count' step: {'within' if round_s <= 2 else 'over'} 2 s)"
    )
    print(f"tally_seconds={count_s:.2f} (target <= 2 s: {'met' if count_s <= 2 else 'NOT met'})")
    print(f"elected: {len(result.elected)} of {seats}, valid={result.valid}")


if __name__ == "__main__":
    main()
