"""Objects for the permission matrix (tests/test_permission_matrix.py), made through civil's
actions: inside S1/C1/G1 and in S2/C3/G4."""

import datetime

from django.utils import timezone

from gongzhi.civil.actions import activities, volunteers
from gongzhi.civil.models import Activity
from tests.civil import vol_helpers as h


def build(world, users):
    # --- volunteers and activities ---
    # The resident of C1 is a volunteer invited to an activity of C1/G1 (their own place: the
    # phone pages); the outsider's street has its own.
    start = timezone.now() + datetime.timedelta(days=2)
    for actor, community, grid, account in (
        (users["street_admin"], world["c1"], world["g1"], users["resident"]),
        (users["street_admin"], world["c1"], world["g2"], None),  # bob's grid
        (users["street_admin"], world["c2"], world["g3"], None),  # charlie's grid
        (users["outsider"], world["c3"], world["g4"], None),
    ):
        volunteer = h.volunteer(actor, community, grid, account=account)
        volunteers.do_create_team(actor, community, name="矩阵志愿服务队", community=community)
        activity = activities.do_create_activity(
            actor,
            Activity(
                street=community.street,
                community=community,
                grid=grid,
                title="矩阵活动",
                place="矩阵",
                starts_at=start,
                ends_at=start + datetime.timedelta(hours=2),
            ),
        )
        activity = activities.do_publish(actor, activity)
        activities.do_dispatch(actor, activity, [volunteer])
