"""Benchmark: the dispatch proposal (civil.dispatch.propose) over a street's 20,000
volunteers on PostgreSQL (issue #14, Speed: p99 ≤ 100 ms).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres GONGZHI_BENCH_DB=bench_<you> \\
        python bench/civil_dispatch.py [--volunteers N] [--repeat N] [--keep]

Generated with a fixed seed by bulk inserts (this measures reading): one street, one
community of 20 grids, N volunteers with 1–3 of the 12 skills, availability and areas, two
months of past activities with 30,000 accepted places (the recent load). Then the proposal
for an activity asking 2 skills in one grid, p50/p99, against the bare SQL of its one query
(`candidates`, the one statement and its rows): `ratio_vs_sql=`.
"""

import argparse
import datetime
import random
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import create_database, drop_database, make_community, migrate, pct, setup_django, timed


def build(n: int, rng: random.Random):
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from gongzhi.civil.models import Activity, Assignment, Skill, Volunteer
    from gongzhi.org.models import Grid
    from gongzhi.registry.models import Resident

    community = make_community(households=100, buildings=20, grids=20)
    grids = list(Grid.objects.filter(community=community))
    skills = list(Skill.objects.all())
    user = get_user_model().objects.create_user("bench_coordinator")
    now = timezone.now()
    residents = Resident.objects.bulk_create(
        [
            Resident(
                community=community,
                grid=grids[i % len(grids)],
                name=f"志愿者{i}",
                birth_date=datetime.date(1970, 1, 1),
                id_number=f"3201021970{i:08d}",
            )
            for i in range(n)
        ],
        batch_size=2000,
    )
    slots = [
        [{"weekday": d, "start": "08:00", "end": "12:00"} for d in rng.sample(range(7), 3)]
        for _ in range(20)
    ]
    volunteers = Volunteer.objects.bulk_create(
        [
            Volunteer(
                resident=r,
                community=community,
                grid=r.grid,
                availability=rng.choice(slots),
                consent_at=now,
                consent_version="2026-1",
            )
            for r in residents
        ],
        batch_size=2000,
    )
    Through = Volunteer.skills.through
    Through.objects.bulk_create(
        [
            Through(volunteer_id=v.pk, skill_id=s.pk)
            for v in volunteers
            for s in rng.sample(skills, rng.randint(1, 3))
        ],
        batch_size=5000,
    )
    Areas = Volunteer.areas.through
    Areas.objects.bulk_create(
        [Areas(volunteer_id=v.pk, grid_id=rng.choice(grids).pk) for v in volunteers],
        batch_size=5000,
    )
    past = Activity.objects.bulk_create(
        [
            Activity(
                street=community.street,
                community=community,
                grid=rng.choice(grids),
                title="过去的活动",
                place="社区",
                starts_at=now - datetime.timedelta(days=rng.randint(1, 60)),
                ends_at=now - datetime.timedelta(days=0.5),
                status="finished",
                coordinator=user,
                qr_token=f"bench{i}",
            )
            for i in range(3000)
        ],
        batch_size=2000,
    )
    Assignment.objects.bulk_create(
        [
            Assignment(activity=a, volunteer=v, source="dispatch", status="accepted")
            for a in past
            for v in rng.sample(volunteers, 10)
        ],
        batch_size=5000,
    )
    start = now + datetime.timedelta(days=2)
    target = Activity.objects.create(
        street=community.street,
        community=community,
        grid=grids[3],
        title="陪同就医",
        place="社区",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        status="published",
        coordinator=user,
    )
    target.skills.set(skills[:2])
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return target


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--volunteers", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    setup_django(create_database())
    migrate()
    from django.db import connection

    from gongzhi.civil import dispatch
    from gongzhi.civil.models import Activity

    target = build(args.volunteers, random.Random(2026))
    activity = Activity.objects.get(pk=target.pk)
    skill_ids = [s.pk for s in activity.skills.all()]

    def bare():  # the statement alone, its rows fetched
        dispatch.candidates(activity, skill_ids)

    def app():
        dispatch.propose(Activity.objects.get(pk=target.pk))

    timed(app, 5)
    app_ms, sql_ms = timed(app, args.repeat), timed(bare, args.repeat)
    print(
        f"propose over {args.volunteers} volunteers: p50={statistics.median(app_ms):.1f} ms "
        f"p99={pct(app_ms, 99):.1f} ms (target ≤ 100 ms); bare SQL p50="
        f"{statistics.median(sql_ms):.1f} ms; ratio_vs_sql={statistics.median(app_ms) / statistics.median(sql_ms):.2f}"
    )
    if not args.keep:
        connection.close()
        drop_database()


if __name__ == "__main__":
    main()
