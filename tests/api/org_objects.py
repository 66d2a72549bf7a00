"""One of every organization record inside street S1 / community C1 / grid G1 and one in
street S2 / community C3, so every role has something in scope and something out of it.
Used by the API tests and the permission matrix (tests/test_permission_matrix.py)."""

import datetime

from django.contrib.auth import get_user_model

from gongzhi.org import services
from gongzhi.org.models import (
    CareCentre,
    CommitteeDuty,
    CommitteeMember,
    DispatchedCadre,
    PartyCommittee,
    Provider,
    ResidentsCommittee,
    ResidentsGroup,
    ServiceStation,
    Staff,
    StreetUnit,
    WorkingCommittee,
    WorkingGroup,
)
from gongzhi.org.roles import Role

START = datetime.date(2024, 1, 1)


def build_org_objects(world) -> dict:
    care = Provider.objects.create(
        name="颐养服务中心", kind=Provider.Kind.CARE, contact_phone="13900001111"
    )
    hospital = Provider.objects.create(name="社区医院", kind=Provider.Kind.HOSPITAL)
    objects = {"provider_care": care, "provider_hospital": hospital}
    for key, street, community in (
        ("in", world["s1"], world["c1"]),
        ("out", world["s2"], world["c3"]),
    ):
        unit = StreetUnit.objects.create(street=street, name="党政综合办公室")
        party = PartyCommittee.objects.create(community=community, name=f"{community.name}党委")
        duty = CommitteeDuty.objects.create(street=street, name="组织居民自治")
        committee = ResidentsCommittee.objects.create(
            community=community, name=f"{community.name}居委会"
        )
        committee.duties.add(duty)
        member = CommitteeMember.objects.create(
            committee=committee, name="王主任", post=CommitteeMember.Post.CHAIR, start_date=START
        )
        working_committee = WorkingCommittee.objects.create(
            committee=committee, name="人民调解委员会"
        )
        working_committee.members.add(member)
        station = ServiceStation.objects.create(
            street=street, community=community, name=f"{community.name}服务站"
        )
        group = WorkingGroup.objects.create(station=station, name="社区服务组")
        residents_group = ResidentsGroup.objects.create(
            community=community, number=1, leader_name="李组长"
        )
        staff = Staff.objects.create(
            street=street,
            community=community,
            station=station,
            working_group=group,
            name="赵社工",
            position="社工",
            phone="13812345678",
        )
        cadre = DispatchedCadre.objects.create(
            department=world["dept"],
            community=community,
            name="钱干部",
            post="民警",
            start_date=START,
        )
        centre = CareCentre.objects.create(
            community=community, name="日间照料中心", operator=care, partner_hospital=hospital
        )
        objects.update(
            {
                f"unit_{key}": unit,
                f"party_{key}": party,
                f"duty_{key}": duty,
                f"committee_{key}": committee,
                f"member_{key}": member,
                f"working_committee_{key}": working_committee,
                f"station_{key}": station,
                f"working_group_{key}": group,
                f"residents_group_{key}": residents_group,
                f"staff_{key}": staff,
                f"cadre_{key}": cadre,
                f"centre_{key}": centre,
            }
        )
    # Every grid worker's community has a residents' group; street S2 has a grid worker too.
    ResidentsGroup.objects.create(community=world["c2"], number=1, leader_name="周组长")
    dave = get_user_model().objects.create_user(username="dave", password="x-unused-password-1")
    objects["grid_worker_out"] = services.assign_role(dave, Role.GRID_WORKER, world["g4"])
    return objects
