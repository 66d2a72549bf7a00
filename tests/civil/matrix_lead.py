"""Objects for the permission matrix: the matrix's resident leads a group of C1 and has posted
an activity for it (their own, on civil:lead_attendance and /api/civil/my-activities/)."""

import datetime

from django.utils import timezone

from gongzhi.civil.actions import activities, leaders
from gongzhi.civil.choices import LeaderKind
from gongzhi.civil.models import Activity, Leader

TITLE = "矩阵领袖活动"


def build(world, users):
    resident = users["resident"].registry_resident
    leaders.do_recognize_leader(
        users["street_admin"],
        Leader(resident=resident, kind=LeaderKind.RESIDENT_LEADER, group_name="矩阵小组"),
    )
    start = timezone.now() - datetime.timedelta(days=1)
    activities.do_post_as_leader(
        users["resident"],
        Activity(
            community=resident.community,
            title=TITLE,
            place="矩阵",
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=1),
        ),
    )
