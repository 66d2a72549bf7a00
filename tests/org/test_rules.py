"""The Organic Law rules (Art. 6, 7) and the role-level rule, at their boundaries, through
the service functions every entry path calls."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from gongzhi.org import services
from gongzhi.org.models import (
    CommitteeDuty,
    CommitteeMember,
    Community,
    Ethnicity,
    ResidentsCommittee,
    RoleAssignment,
    ServiceStation,
    Staff,
    Street,
    WorkingCommittee,
)
from gongzhi.org.roles import Role

START = datetime.date(2021, 6, 1)


@pytest.fixture
def committee(world):
    return ResidentsCommittee.objects.create(community=world["c1"], name="幸福社区居委会")


def fill(committee, n, **extra):
    for i in range(n):
        post = CommitteeMember.Post.CHAIR if i == 0 else CommitteeMember.Post.MEMBER
        services.add_committee_member(
            committee, name=f"委员{i}", post=post, start_date=START, **extra
        )


def codes(warnings):
    return {w.code for w in warnings}


# --- Art. 7: 5 to 9 members -----------------------------------------------------------------


@pytest.mark.parametrize(("size", "too_small"), [(4, True), (5, False), (9, False)])
def test_art7_committee_has_5_to_9_members_warning_below_5(committee, size, too_small):
    fill(committee, size)
    assert ("committee_too_small" in codes(services.committee_warnings(committee))) is too_small


def test_art7_tenth_member_is_refused(committee):
    fill(committee, 9)
    with pytest.raises(ValidationError) as exc:
        services.add_committee_member(committee, name="第十人", start_date=START)
    assert exc.value.code == "committee_too_large"
    assert committee.members.count() == 9  # nothing written


def test_art7_member_who_left_frees_a_seat(committee):
    fill(committee, 9)
    services.end_committee_member(
        committee.members.get(name="委员8"), end_date=datetime.date(2024, 1, 1)
    )
    services.add_committee_member(committee, name="补选委员", start_date=datetime.date(2024, 2, 1))
    assert services.current_members(committee).count() == 9


def test_art7_reactivating_a_former_member_beyond_nine_is_refused(committee):
    fill(committee, 9)
    former = services.add_committee_member(
        committee,
        name="前任",
        start_date=datetime.date(2016, 1, 1),
        end_date=datetime.date(2020, 12, 31),
    )
    with pytest.raises(ValidationError):
        services.update_committee_member(former, end_date=None)


def test_art7_new_term_can_be_recorded_ahead_of_the_old_one_ending(committee):
    fill(committee, 9, end_date=datetime.date(2026, 5, 31))
    for i in range(9):
        services.add_committee_member(
            committee, name=f"新{i}", start_date=datetime.date(2026, 6, 1)
        )
    assert committee.members.count() == 18


def test_art7_one_chair_at_a_time(committee):
    fill(committee, 2)
    with pytest.raises(ValidationError) as exc:
        services.add_committee_member(
            committee, name="又一主任", post=CommitteeMember.Post.CHAIR, start_date=START
        )
    assert "post" in exc.value.message_dict


def test_art7_minority_member_in_multi_ethnic_community(world, committee):
    fill(committee, 5)
    world["c1"].multi_ethnic = True
    world["c1"].save()
    committee.refresh_from_db()
    assert "no_minority_member" in codes(services.committee_warnings(committee))
    services.update_committee_member(
        committee.members.get(name="委员4"), ethnicity=Ethnicity.MONGOL
    )
    assert "no_minority_member" not in codes(services.committee_warnings(committee))


def test_art7_no_minority_warning_when_not_multi_ethnic(committee):
    fill(committee, 5)
    assert "no_minority_member" not in codes(services.committee_warnings(committee))


def test_member_end_date_before_start_is_a_field_error(committee):
    with pytest.raises(ValidationError) as exc:
        services.add_committee_member(
            committee, name="甲", start_date=START, end_date=datetime.date(2020, 1, 1)
        )
    assert "end_date" in exc.value.message_dict


# --- Art. 6: 100 to 700 households -----------------------------------------------------------


@pytest.mark.parametrize(
    ("households", "warned"), [(99, True), (100, False), (700, False), (701, True)]
)
def test_art6_community_has_100_to_700_households(world, households, warned):
    community = world["c1"]
    community.household_count = households
    warnings = services.community_warnings(community)
    assert ("households_out_of_range" in codes(warnings)) is warned
    if warned:
        w = next(w for w in warnings if w.code == "households_out_of_range")
        assert w.article == "Art. 6"


def test_community_warnings_include_committee_warnings(world, committee):
    assert "committee_too_small" in codes(services.community_warnings(world["c1"]))


# --- roles are held at their level -----------------------------------------------------------


def test_role_level_grid_worker_only_at_a_grid(users, world):
    with pytest.raises(ValidationError) as exc:
        services.assign_role(users["nobody"], Role.GRID_WORKER, world["c1"])
    assert "role" in exc.value.message_dict
    services.assign_role(users["nobody"], Role.GRID_WORKER, world["g1"])


def test_role_level_street_admin_only_at_a_street(users, world):
    with pytest.raises(ValidationError):
        services.assign_role(users["nobody"], Role.STREET_ADMIN, world["c1"])


def test_role_level_station_staff_at_community_or_street(users, world):
    services.assign_role(users["nobody"], Role.STATION_STAFF, world["c1"])
    services.assign_role(users["nobody"], Role.STATION_STAFF, world["s1"])


def test_role_department_staff_names_department(users, world):
    with pytest.raises(ValidationError) as exc:
        services.assign_role(users["nobody"], Role.DEPARTMENT_STAFF, world["s1"])
    assert "department" in exc.value.message_dict


def test_role_assignment_exactly_one_place(users, world):
    a = RoleAssignment(
        user=users["nobody"], role=Role.RESIDENT, street=world["s1"], community=world["c1"]
    )
    with pytest.raises(ValidationError):
        services.validate_assignment(a)


# --- structure rules -------------------------------------------------------------------------


def test_create_community_sets_up_three_bodies(world):
    c = services.create_community(
        world["s1"],
        name="新社区",
        code="009",
        structure=Community.Structure.PARTY_STATION_COMMITTEE,
        household_count=300,
    )
    assert c.party_committee and c.residents_committee and c.station


def test_xuanwu_community_has_no_station_of_its_own(world):
    station = ServiceStation(street=world["s1"], community=world["c2"], name="x")
    with pytest.raises(ValidationError) as exc:
        services.save_object(station)
    assert "community" in exc.value.message_dict


def test_street_level_station_needs_street_model(world):
    with pytest.raises(ValidationError):
        services.save_object(ServiceStation(street=world["s1"], name="街道工作站"))
    Street.objects.filter(pk=world["s1"].pk).update(has_street_work_station=True)
    world["s1"].refresh_from_db()
    services.save_object(ServiceStation(street=world["s1"], name="街道工作站"))
    with pytest.raises(ValidationError):
        services.save_object(ServiceStation(street=world["s1"], name="第二个"))


def test_community_without_any_station_warns(world):
    assert "no_station" in codes(services.community_warnings(world["c2"]))


def test_staff_community_must_be_in_street(world):
    staff = Staff(street=world["s2"], community=world["c1"], name="甲", position="社工")
    with pytest.raises(ValidationError) as exc:
        services.save_object(staff)
    assert "community" in exc.value.message_dict
    assert not Staff.objects.exists()


def test_working_committee_members_from_own_committee(world, committee):
    fill(committee, 1)
    other = ResidentsCommittee.objects.create(community=world["c2"], name="和谐居委会")
    stranger = services.add_committee_member(other, name="外人", start_date=START)
    wc = WorkingCommittee.objects.create(committee=committee, name="人民调解委员会")
    with pytest.raises(ValidationError) as exc:
        services.save_object(wc, members=[stranger])
    assert "members" in exc.value.message_dict


def test_committee_duties_from_own_street(world, committee):
    foreign = CommitteeDuty.objects.create(street=world["s2"], name="外街道职责")
    with pytest.raises(ValidationError):
        services.save_object(committee, duties=[foreign])


def test_save_object_refuses_records_outside_users_area(users, world):
    staff = Staff(street=world["s1"], community=world["c2"], name="乙", position="社工")
    with pytest.raises(ValidationError) as exc:
        services.save_object(staff, user=users["party_secretary"])  # secretary of C1
    assert exc.value.code == "out_of_scope"
    assert not Staff.objects.exists()
