"""Objects of the hours ledger, certificates and the time bank for the permission matrix
(tests/test_permission_matrix.py; called from tests/civil/matrix.py's `build`): in S1/C1/G1
and in S2/C3/G4 each a volunteer with confirmed hours served for people in need, so each
street has an hours entry, a certificate, an account with hours, a deposit and a waiting
redemption request — made through the actions."""

import datetime

from django.utils import timezone

from gongzhi.civil.actions import ledger, recognition, timebank
from gongzhi.civil.models import Account, Activity, Volunteer
from gongzhi.registry.models import Resident


def _set(admin, street, community, grid, name):
    timebank.do_configure_time_bank(admin, street, enabled=True, cap_hours=1500)
    resident = Resident.objects.create(community=community, grid=grid, name=name)
    volunteer = Volunteer.objects.create(
        resident=resident,
        community=community,
        grid=grid,
        consent_at=timezone.now(),
        consent_version="v1",
    )
    start = timezone.now() - datetime.timedelta(days=3)
    activity = Activity.objects.create(
        street=street,
        community=community,
        grid=grid,
        title="矩阵助老",
        place="矩阵",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=4),
        for_people_in_need=True,
        status="finished",
        coordinator=admin,
    )
    ledger.do_record_hours(
        admin,
        volunteer,
        started_at=start,
        ended_at=start + datetime.timedelta(hours=3),
        content="矩阵",
        place="矩阵",
        activity=activity,
    )
    recognition.do_issue_certificate(
        admin,
        volunteer,
        period_from=start.date() - datetime.timedelta(days=1),
        period_to=timezone.localdate(),
        issuer="矩阵街道",
    )
    account = Account.objects.get(owner=resident)
    timebank.do_request_redemption(admin, account, service="理发", hours=1)


def build_bank(world, users):
    _set(users["street_admin"], world["s1"], world["c1"], world["g1"], "矩阵志愿者")
    _set(users["outsider"], world["s2"], world["c3"], world["g4"], "矩阵外志愿者")
    for grid in ("g2", "g3"):  # every grid worker sees a volunteer of their grid
        resident = Resident.objects.create(
            community=world[grid].community, grid=world[grid], name="矩阵网格志愿者"
        )
        Volunteer.objects.create(
            resident=resident,
            community=resident.community,
            grid=resident.grid,
            consent_at=timezone.now(),
            consent_version="v1",
        )
