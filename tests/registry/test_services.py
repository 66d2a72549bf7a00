"""Registry rules, each test named after the rule it proves (registry.actions)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from gongzhi.core.context import acting_as
from gongzhi.core.errors import Denied
from gongzhi.core.models import AuditEntry
from gongzhi.registry import actions, queries
from gongzhi.registry.actions.residents import _save_resident
from gongzhi.registry.choices import EventKind, ResidentStatus
from gongzhi.registry.models import Household, Resident, ResidentEvent, Tag
from tests.registry.helpers import clerk, id_number, make_household, make_resident

pytestmark = pytest.mark.django_db


def test_register_derives_birth_date_sex_pinyin_and_last4(reg):
    z = reg["zhang"]
    z.refresh_from_db()
    assert z.birth_date == datetime.date(1950, 3, 15)
    assert z.sex == "M"
    assert (z.name_pinyin, z.name_initials) == ("zhangsan", "zs")
    assert z.id_last4 == z.id_number[-4:]
    assert z.community_id == reg["h1"].community_id and z.grid_id == reg["h1"].grid_id


def test_bad_id_number_gives_field_error_and_writes_nothing(reg):
    before = Resident.objects.count()
    # One number, its check digit changed (two calls would give two different numbers).
    good = id_number()
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    with pytest.raises(ValidationError) as exc:
        actions.do_register_resident(clerk(), reg["h1"], Resident(name="错号", id_number=bad))
    assert "id_number" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        actions.do_register_resident(clerk(), reg["h1"], Resident(name="短号", id_number="12345"))
    assert "18" in exc.value.message_dict["id_number"][0]
    assert Resident.objects.count() == before


def test_unique_id_number_clear_error_names_masked_record_community(reg):
    dup = Resident(name="冒名", id_number=reg["zhang"].id_number.lower())
    with pytest.raises(ValidationError) as exc:
        actions.do_register_resident(clerk(), reg["h3"], dup)
    message = exc.value.message_dict["id_number"][0]
    assert "幸福社区" in message and "张*" in message and "张三" not in message
    assert Resident.objects.filter(name="冒名").count() == 0


def test_one_active_household_move_in_refused_while_active_elsewhere(reg):
    with pytest.raises(ValidationError) as exc:
        actions.do_move_in(clerk(), reg["wang"], reg["h1"])
    assert "household" in exc.value.message_dict
    reg["wang"].refresh_from_db()
    assert reg["wang"].household_id == reg["h2"].pk


def test_transfer_keeps_one_household_and_follows_grid(reg, users):
    with acting_as(users["station_staff"], source="test"):
        actions.do_transfer(
            users["station_staff"],
            reg["li"],
            reg["h2"],
            relation="spouse",
            date=datetime.date(2024, 1, 2),
        )
    li = Resident.objects.get(pk=reg["li"].pk)
    assert li.household_id == reg["h2"].pk and li.grid_id == reg["h2"].grid_id
    e = ResidentEvent.objects.get(resident=li, kind=EventKind.TRANSFER)
    assert (e.from_household_id, e.to_household_id) == (reg["h1"].pk, reg["h2"].pk)
    assert e.recorded_by == users["station_staff"]


def test_move_out_then_move_in_again(reg):
    actions.do_move_out(clerk(), reg["li"], date=datetime.date(2024, 3, 1))
    li = Resident.objects.get(pk=reg["li"].pk)
    assert li.status == ResidentStatus.MOVED_OUT and li.household_id is None
    assert li.community_id == reg["h1"].community_id  # stays in the community's history
    with pytest.raises(ValidationError):
        actions.do_move_out(clerk(), li)
    actions.do_move_in(clerk(), li, reg["h2"])
    li.refresh_from_db()
    assert li.status == ResidentStatus.ACTIVE and li.household_id == reg["h2"].pk
    kinds = list(ResidentEvent.objects.filter(resident=li).values_list("kind", flat=True))
    assert EventKind.MOVE_OUT in kinds and kinds.count(EventKind.MOVE_IN) == 2


def test_head_removal_on_death(reg):
    actions.do_record_death(clerk(), reg["zhang"], died_on=datetime.date(2024, 5, 1))
    h1 = Household.objects.get(pk=reg["h1"].pk)
    z = Resident.objects.get(pk=reg["zhang"].pk)
    assert h1.head_id is None
    assert z.status == ResidentStatus.DECEASED and z.died_on == datetime.date(2024, 5, 1)
    assert z.household_id is None
    assert ResidentEvent.objects.filter(
        resident=z, kind=EventKind.DEATH, from_household=reg["h1"]
    ).exists()
    with pytest.raises(ValidationError):
        actions.do_record_death(clerk(), z, died_on=datetime.date(2024, 5, 1))


def test_death_date_not_in_future_nor_before_birth(reg):
    with pytest.raises(ValidationError) as exc:
        actions.do_record_death(
            clerk(), reg["li"], died_on=datetime.date.today() + datetime.timedelta(days=2)
        )
    assert "died_on" in exc.value.message_dict
    with pytest.raises(ValidationError):
        actions.do_record_death(clerk(), reg["li"], died_on=datetime.date(1930, 1, 1))


def test_one_head_per_household(reg):
    with pytest.raises(ValidationError) as exc:
        make_resident(reg["h1"], "第二户主", relation="head")
    assert "relation" in exc.value.message_dict
    assert not Resident.objects.filter(name="第二户主").exists()


def test_set_head_requires_active_member(reg):
    with pytest.raises(ValidationError):
        actions.do_set_head(clerk(), reg["h1"], reg["wang"])
    actions.do_set_head(clerk(), reg["h1"], reg["li"])
    assert Household.objects.get(pk=reg["h1"].pk).head_id == reg["li"].pk
    assert Resident.objects.get(pk=reg["zhang"].pk).relation == ""
    assert Resident.objects.get(pk=reg["li"].pk).relation == "head"


def test_household_split_keeps_history(reg):
    child = make_resident(reg["h1"], "张小", relation="child", birth="20000101")
    new = actions.do_split_household(
        clerk(),
        reg["h1"],
        [child, reg["li"]],
        number="H001-2",
        head=reg["li"],
        date=datetime.date(2024, 6, 1),
    )
    assert new.community_id == reg["h1"].community_id and new.grid_id == reg["h1"].grid_id
    assert set(queries.active_members(new)) == {child, reg["li"]}
    assert new.head_id == reg["li"].pk
    assert list(queries.active_members(reg["h1"])) == [reg["zhang"]]
    events = ResidentEvent.objects.filter(kind=EventKind.SPLIT)
    assert events.count() == 2
    assert all(e.from_household_id == reg["h1"].pk and e.to_household_id == new.pk for e in events)
    # The old household page still shows who left (history).
    assert ResidentEvent.objects.filter(from_household=reg["h1"]).count() == 2


def test_household_split_rules(reg):
    with pytest.raises(ValidationError) as exc:  # everyone cannot leave
        actions.do_split_household(clerk(), reg["h1"], [reg["zhang"], reg["li"]], number="X1")
    assert "members" in exc.value.message_dict
    with pytest.raises(ValidationError):  # not a member
        actions.do_split_household(clerk(), reg["h1"], [reg["wang"]], number="X2")
    with pytest.raises(ValidationError) as exc:  # duplicate number
        actions.do_split_household(clerk(), reg["h1"], [reg["li"]], number="H002")
    assert "number" in exc.value.message_dict
    assert not Household.objects.filter(number__in=["X1", "X2"]).exists()
    assert Resident.objects.get(pk=reg["li"].pk).household_id == reg["h1"].pk


def test_household_merge_keeps_history_and_closes_source(reg):
    actions.do_merge_households(clerk(), reg["h1"], reg["h2"], date=datetime.date(2024, 7, 1))
    h2 = Household.objects.get(pk=reg["h2"].pk)
    assert not h2.active and h2.head_id is None
    wang = Resident.objects.get(pk=reg["wang"].pk)
    assert wang.household_id == reg["h1"].pk and wang.grid_id == reg["h1"].grid_id
    assert wang.relation == ""
    e = ResidentEvent.objects.get(resident=wang, kind=EventKind.MERGE)
    assert (e.from_household_id, e.to_household_id) == (reg["h2"].pk, reg["h1"].pk)
    with pytest.raises(ValidationError):  # other community
        actions.do_merge_households(clerk(), reg["h1"], reg["h3"])


def test_counts_kept(reg, world):
    c1 = world["c1"]
    c1.refresh_from_db()
    assert c1.household_count == 2  # from the registry, not the fixture's 650
    assert reg["b1"].household_count == 1
    h = make_household(reg["b1"], "H010")
    reg["b1"].refresh_from_db()
    c1.refresh_from_db()
    assert reg["b1"].household_count == 2 and c1.household_count == 3
    actions.do_merge_households(clerk(), reg["h1"], h)
    reg["b1"].refresh_from_db()
    c1.refresh_from_db()
    assert reg["b1"].household_count == 1 and c1.household_count == 2
    actions.do_split_household(clerk(), reg["h1"], [reg["li"]], number="H011")
    reg["b1"].refresh_from_db()
    assert reg["b1"].household_count == 2


def test_disability_grade_required(reg):
    disability = Tag.objects.get(code="disability")
    with pytest.raises(ValidationError) as exc:
        actions.do_set_tag(clerk(), reg["zhang"], disability)
    assert "grade" in exc.value.message_dict
    with pytest.raises(ValidationError):
        actions.do_set_tag(clerk(), reg["zhang"], disability, grade=5)
    link = actions.do_set_tag(clerk(), reg["zhang"], disability, grade=2)
    assert link.grade == 2
    with pytest.raises(ValidationError):  # dibao has no grade
        actions.do_set_tag(clerk(), reg["zhang"], Tag.objects.get(code="dibao"), grade=1)
    assert AuditEntry.objects.filter(
        object_id=str(reg["zhang"].pk), extra__tag_added="disability"
    ).exists()
    actions.do_remove_tag(clerk(), reg["zhang"], disability)
    assert not reg["zhang"].tag_links.exists()


def test_tag_list_is_seeded_and_age_groups_are_computed(reg):
    codes = set(Tag.objects.values_list("code", flat=True))
    assert {
        "living_alone",
        "disability",
        "dibao",
        "veteran",
        "key_youth",
        "left_behind_child",
        "empty_nest",
        "special_hardship",
    } <= codes
    assert not codes & {"60plus", "80plus"}
    assert set(Resident.objects.filter(queries.age_filter(80))) == {reg["li"]}
    assert reg["zhang"] in Resident.objects.filter(queries.age_filter(60))


def test_building_grid_change_carries_households_and_residents(reg, world):
    actions.assign_building_to_grid(reg["b1"], world["g2"])
    assert Household.objects.get(pk=reg["h1"].pk).grid_id == world["g2"].pk
    assert Resident.objects.get(pk=reg["zhang"].pk).grid_id == world["g2"].pk
    with pytest.raises(ValidationError):
        actions.assign_building_to_grid(reg["b1"], world["g3"])  # another community
    reg["b1"].grid = world["g1"]
    actions.do_update_building(clerk(), reg["b1"])
    assert Resident.objects.get(pk=reg["li"].pk).grid_id == world["g1"].pk


def test_grid_load_warns_above_15_percent(reg, world):
    g1 = world["g1"]
    g1.household_norm = 1
    g1.save()
    load = queries.grid_load(g1)
    assert (load.households, load.norm, load.over, load.warning) == (1, 1, False, "")
    make_household(reg["b1"], "H020")
    load = queries.grid_load(g1)
    assert load.households == 2 and load.over and load.level == "danger"
    assert "15%" in load.warning
    g1.household_norm = None
    g1.save()
    load = queries.grid_load(g1)
    assert load.norm == 300 and not load.over  # the street's norm


def test_phone_update_is_audited_without_the_value(reg, users):
    with acting_as(users["grid_worker"], source="test"):
        actions.do_update_phone(users["grid_worker"], reg["zhang"], "139 0000 2222")
    z = Resident.objects.get(pk=reg["zhang"].pk)
    assert z.phone == "13900002222"
    entry = AuditEntry.objects.filter(object_id=str(z.pk), action="update").first()
    assert "13900002222" not in str(entry.before) + str(entry.after)
    assert entry.actor == users["grid_worker"]
    with pytest.raises(ValidationError):
        actions.do_update_phone(clerk(), z, "12")


def test_visit_rules(reg, users):
    from gongzhi.registry.models import Visit

    with pytest.raises(ValidationError) as exc:
        actions.do_record_visit(
            clerk(),
            reg["h1"],
            Visit(
                household=reg["h1"],
                visitor=users["grid_worker"],
                date=datetime.date.today() + datetime.timedelta(days=1),
                purpose="",
            ),
        )
    assert {"date", "purpose"} <= set(exc.value.message_dict)
    v = actions.do_record_visit(
        clerk(),
        reg["h1"],
        Visit(
            household=reg["h1"],
            visitor=users["grid_worker"],
            date=datetime.date.today(),
            purpose="走访独居老人",
            follow_up_needed=True,
        ),
    )
    actions.do_mark_followed_up(clerk(), v)
    assert v.followed_up_at is not None
    with pytest.raises(Denied):  # out of a grid worker's area: role AND place
        actions.do_record_visit(
            users["grid_worker"],
            reg["h2"],
            Visit(
                household=reg["h2"],
                visitor=users["grid_worker"],
                date=datetime.date.today(),
                purpose="x",
            ),
        )
    assert not Visit.objects.filter(household=reg["h2"]).exists()


def test_household_in_a_flat_takes_building_address_and_grid(reg, world):
    from gongzhi.registry.models import Dwelling

    flat = Dwelling.objects.create(building=reg["b1"], unit=2, floor=3, number="302")
    h = actions.do_create_household(clerk(), Household(dwelling=flat, number="H300"))
    assert h.building_id == reg["b1"].pk and h.grid_id == world["g1"].pk
    assert h.address == "幸福路1号 2-302"
    other = Dwelling.objects.create(building=reg["b2"], unit=1, floor=1, number="101")
    with pytest.raises(ValidationError) as exc:
        actions.do_create_household(
            clerk(), Household(building=reg["b1"], dwelling=other, number="H301")
        )
    assert "dwelling" in exc.value.message_dict


def test_unique_id_race_becomes_validation_error_not_500(reg):
    twin = Resident(name="并发", id_number=reg["zhang"].id_number, community=reg["h1"].community)
    with pytest.raises(ValidationError) as exc:
        _save_resident(twin)  # as if a concurrent request passed the check first
    assert "id_number" in exc.value.message_dict
    assert Resident.objects.filter(name="并发").count() == 0
