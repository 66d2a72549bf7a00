"""Records the volunteer and activity tests share (through the actions where a rule is
involved; plain rows where the record is only a precondition)."""

import datetime
import itertools

from django.contrib.auth import get_user_model
from django.utils import timezone

from gongzhi.civil.actions import activities, volunteers
from gongzhi.civil.models import Activity, Skill
from gongzhi.org import services
from gongzhi.org.roles import Role
from gongzhi.registry.models import Resident

_n = itertools.count(1)


def skill(code, name=None):
    return Skill.objects.get_or_create(code=code, defaults={"name": name or code})[0]


def resident(community, grid=None, *, account=None, name=None):
    i = next(_n)
    return Resident.objects.create(
        community=community,
        grid=grid,
        name=name or f"志愿者{i}",
        birth_date=datetime.date(1970, 1, 1),
        id_number=f"1502041970{i:08d}",
        account=account,
    )


def resident_account(community, username=None):
    user = get_user_model().objects.create_user(username=username or f"res{next(_n)}", password="x")
    services.assign_role(user, Role.RESIDENT, community)
    return user


def volunteer(actor, community, grid=None, *, account=None, skills=(), availability=(), areas=()):
    r = resident(community, grid, account=account)
    return volunteers.do_register_volunteer(
        actor,
        r,
        skills=skills,
        areas=areas,
        availability=list(availability),
        consent_version=volunteers.CONSENT_VERSION,
    )


def activity(
    actor, community, *, grid=None, start=None, hours=2, people=3, skills=(), publish=True
):
    start = start or timezone.now() + datetime.timedelta(days=2)
    a = activities.do_create_activity(
        actor,
        Activity(
            street=community.street,
            community=community,
            grid=grid,
            title="敬老院陪护",
            place="幸福社区敬老院",
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=hours),
            people_needed=people,
        ),
        skills=skills,
    )
    if publish:
        a = activities.do_publish(actor, a)
    return a
