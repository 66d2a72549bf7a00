"""The demo's volunteers and a year of their activities (civil.demo part 2), through civil's
actions by the demo street's own people:

- `GONGZHI_DEMO_VOLUNTEERS` (600) adult residents registered as volunteers, with skills,
  areas and availability; the demo resident's own record among them;
- `GONGZHI_DEMO_VOLUNTEER_WEEKS` (52) weeks of past activities, finished, their attendance
  registered with the hours (`do_register_attendance`: one action per activity, the ledger's
  rules on every entry);
- now: an activity under way in the demo resident's community, the resident checked in
  (to check out, on the phone or by the coordinator); upcoming activities with invitations
  (dispatched from the proposal), sign-ups and acceptances, two inviting the demo resident;
  a few drafts. Past activities the resident took part in are left to rate."""

from __future__ import annotations

import datetime
import random

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from gongzhi.civil import dispatch
from gongzhi.civil.actions import activities as actions
from gongzhi.civil.actions import volunteers as registration
from gongzhi.civil.choices import ActivityKind
from gongzhi.civil.models import Activity, Assignment, Skill, Volunteer
from gongzhi.org.demo import demo_actor
from gongzhi.org.models import Grid, Street
from gongzhi.registry.choices import ResidentStatus
from gongzhi.registry.models import Resident

DEMO_STREET_CODE = "320102009000"  # org.demo.STREET_CODE
TITLES = {
    ActivityKind.ACTIVITY: [
        "社区环境清洁日",
        "垃圾分类宣传",
        "文明交通劝导",
        "文艺汇演服务",
        "义诊协助",
    ],
    ActivityKind.ELDER: ["陪伴独居老人", "助老送餐", "陪同老人就医", "高龄老人上门探访"],
    ActivityKind.CASE: ["协助处置楼道堆物", "协助邻里纠纷调解", "协助排查消防隐患"],
    ActivityKind.PROJECT: ["四点半课堂辅导", "社区花园营造", "家电义务维修"],
}
SKILLS_BY_KIND = {
    ActivityKind.ACTIVITY: ["arts", "photography"],
    ActivityKind.ELDER: ["companionship", "nursing"],
    ActivityKind.CASE: ["legal", "counselling"],
    ActivityKind.PROJECT: ["tutoring", "repair"],
}
HOURS = [(9, 2), (14, 3), (19, 2)]  # start hour, length


_ACTORS: dict = {}
_GRIDS: dict = {}


def _actor(permission, place):
    """The demo user acting at the place — a community, or a grid (org.demo.demo_actor,
    looked up once per place): a grid worker may act in their grid only, so a resident's
    registration is looked up by the resident's grid."""
    key = (permission, type(place).__name__, place.pk)
    if key not in _ACTORS:
        _ACTORS[key] = demo_actor(permission, place)
    return _ACTORS[key]


def _say(stdout, text):
    if stdout is not None:
        stdout.write(text)


def _availability(rng) -> list[dict]:
    days = rng.sample(range(7), rng.randint(1, 4))
    start, end = rng.choice([("08:00", "12:00"), ("13:30", "18:00"), ("08:00", "21:00")])
    return [{"weekday": d, "start": start, "end": end} for d in sorted(days)]


def _volunteers(street, n, rng, skills) -> list[Volunteer]:
    today = timezone.localdate()
    adults = list(
        Resident.objects.filter(
            community__street=street,
            status=ResidentStatus.ACTIVE,
            birth_date__lte=today.replace(year=today.year - 18),
            volunteer__isnull=True,
        )
        .select_related("community", "grid")
        .order_by("pk")[: n * 4]
    )
    chosen = rng.sample(adults, min(n, len(adults)))
    own = Resident.objects.filter(account__username="demo_resident", volunteer__isnull=True)
    chosen = [*own, *[r for r in chosen if r.account_id is None]][:n]
    grids = list(Grid.objects.filter(community__street=street))
    out = []
    for resident in chosen:
        actor = _actor("civil.add_volunteer", resident.grid or resident.community)
        if actor is None:
            continue
        areas = [g for g in grids if g.community_id == resident.community_id][:2]
        out.append(
            registration.do_register_volunteer(
                actor,
                resident,
                skills=rng.sample(skills, rng.randint(1, 3)),
                areas=areas,
                availability=_availability(rng),
                consent_version=registration.CONSENT_VERSION,
            )
        )
    return out


def _activity(street, community, start, hours, kind, rng, skills, *, publish=True):
    actor = _actor("civil.add_activity", community)
    if community.pk not in _GRIDS:
        _GRIDS[community.pk] = list(Grid.objects.filter(community=community))
    grid = rng.choice(_GRIDS[community.pk]) if _GRIDS[community.pk] else None
    activity = actions.do_create_activity(
        actor,
        Activity(
            street=street,
            community=community,
            grid=grid,
            kind=kind,
            title=rng.choice(TITLES[kind]),
            place=f"{community.name}党群服务中心",
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=hours),
            people_needed=rng.randint(2, 6),
            for_people_in_need=kind == ActivityKind.ELDER,
        ),
        skills=[skills[c] for c in SKILLS_BY_KIND[kind] if c in skills],
    )
    if publish:
        activity = actions.do_publish(actor, activity)
    return actor, activity


def _past(street, by_community, weeks, rng, skills, stdout, own=None) -> int:
    now = timezone.localtime()
    communities = list(by_community)
    busy: set[tuple[int, datetime.date, int]] = set()
    per_week = max(2, sum(len(v) for v in by_community.values()) // 150)
    made = 0
    for week in range(weeks, 0, -1):
        for i in range(per_week):
            # the demo resident's community first each week, the resident among the people
            first = i == 0 and own is not None
            community = own.community if first else rng.choice(communities)
            day = (now - datetime.timedelta(weeks=week, days=rng.randint(0, 6))).date()
            slot = rng.randrange(len(HOURS))
            hour, length = HOURS[slot]
            start = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))
            kind = rng.choice(list(TITLES))
            actor, activity = _activity(street, community, start, length, kind, rng, skills)
            pool = [v for v in by_community[community] if (v.pk, day, slot) not in busy]
            people = rng.sample(pool, min(len(pool), activity.people_needed))
            if first and own not in people and (own.pk, day, slot) not in busy:
                people = [own, *people[1:]]
            rows = []
            for v in people:
                busy.add((v.pk, day, slot))
                late = datetime.timedelta(minutes=rng.randint(0, 20))
                rows.append((v, start + late, activity.ends_at - late / 2))
            actions.do_register_attendance(actor, activity, rows)
            actions.do_finish(actor, activity)
            made += 1
    _say(stdout, f"civil: {made} past activities with attendance and hours\n")
    return made


def _now(street, by_community, rng, skills, stdout) -> None:
    now = timezone.now()
    own = Volunteer.objects.filter(resident__account__username="demo_resident").first()
    home = own.community if own else next(iter(by_community))
    # under way: the demo resident checked in half an hour ago
    start = now - datetime.timedelta(hours=1)
    actor, current = _activity(street, home, start, 4, ActivityKind.ELDER, rng, skills)
    if own is not None:
        actions.do_dispatch(actor, current, [own])
        assignment = Assignment.objects.get(activity=current, volunteer=own)
        actions.do_accept(actor, assignment)
        actions.do_check_in(actor, assignment, at=now - datetime.timedelta(minutes=30))
    # upcoming, in every community: dispatched from the proposal, some answers
    for community in by_community:
        for day in (1, 3, 6, 10):
            hour, length = HOURS[day % len(HOURS)]
            local = timezone.localtime(now) + datetime.timedelta(days=day)
            begin = local.replace(hour=hour, minute=0, second=0, microsecond=0)
            kind = rng.choice(list(TITLES))
            actor, activity = _activity(street, community, begin, length, kind, rng, skills)
            chosen = [
                Volunteer.objects.get(pk=p.volunteer_id)
                for p in dispatch.propose(activity, limit=activity.people_needed)
                if own is None or p.volunteer_id != own.pk
            ][: max(1, activity.people_needed - 1)]
            if community == home and own is not None and day in (1, 6):
                chosen.append(own)
            actions.do_dispatch(actor, activity, chosen)
            invited = list(activity.assignments.exclude(volunteer=own).order_by("pk"))
            for i, a in enumerate(invited):
                if i % 3 == 0:
                    actions.do_accept(actor, a)
                elif i % 3 == 1 and i > 3:
                    actions.do_decline(actor, a)
        _activity(
            street,
            community,
            begin + datetime.timedelta(days=7),
            2,
            ActivityKind.PROJECT,
            rng,
            skills,
            publish=False,
        )
    _say(stdout, "civil: an activity under way, upcoming activities with invitations\n")


def load(stdout=None, seed: int = 2026) -> None:
    street = Street.objects.filter(division_code=DEMO_STREET_CODE).first()
    if street is None or Volunteer.objects.filter(community__street=street).exists():
        return
    if get_user_model().objects.filter(username__startswith="demo_").count() == 0:
        return
    rng = random.Random(seed)
    _ACTORS.clear()
    _GRIDS.clear()
    n = getattr(settings, "GONGZHI_DEMO_VOLUNTEERS", 600)
    weeks = getattr(settings, "GONGZHI_DEMO_VOLUNTEER_WEEKS", 52)
    skills = {s.code: s for s in Skill.objects.all()}
    with transaction.atomic():
        volunteers = _volunteers(street, n, rng, list(skills.values()))
        by_community: dict = {}
        for v in volunteers:
            by_community.setdefault(v.community, []).append(v)
        if not by_community:
            return
        _say(stdout, f"civil: {len(volunteers)} volunteers\n")
        own = next((v for v in volunteers if v.resident.account_id), None)
        _past(street, by_community, weeks, rng, skills, stdout, own)
        _now(street, by_community, rng, skills, stdout)
        _led(stdout)


# --- leaders' activities ---
def _led(stdout) -> None:
    """The demo resident, a group's leader (civil.demo.orgs), posted two activities for their
    group: one two days ago, early in the morning (no one else's hours then), its attendance
    still to register; one next week."""
    from gongzhi.civil.leaders import leads

    account = get_user_model().objects.filter(username="demo_resident").first()
    found = leads(account) if account is not None else None
    if not found:
        return
    community = found.leaderships[0].community
    day = timezone.localdate() - datetime.timedelta(days=2)
    for start, title in (
        (datetime.datetime.combine(day, datetime.time(6, 30)), "楼道清扫"),
        (
            datetime.datetime.combine(day + datetime.timedelta(days=9), datetime.time(7)),
            "楼道绿植养护",
        ),
    ):
        start = timezone.make_aware(start)
        actions.do_post_as_leader(
            account,
            Activity(
                street=community.street,
                community=community,
                title=title,
                place=f"{community.name}楼道",
                starts_at=start,
                ends_at=start + datetime.timedelta(hours=1),
                people_needed=4,
            ),
        )
    _say(stdout, "civil: the demo resident's group activities\n")
