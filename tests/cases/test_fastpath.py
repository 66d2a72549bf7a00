"""cases.fastpath writes the rows do_report writes (the case, its report step, its one audit
event) — compared on PostgreSQL, where the fast path is meant to run at scale — and runs
every rule of a report first; the demo's year of cases (cases.demo_year) goes through it,
its size set by GONGZHI_DEMO_CASES."""

import datetime
import random
from collections import Counter

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.forms.models import model_to_dict
from django.utils import timezone

from gongzhi.cases import actions, demo_year, fastpath
from gongzhi.cases.choices import Channel, Status
from gongzhi.cases.models import Case, CaseStep
from gongzhi.core.context import acting_as
from gongzhi.core.models import AuditEntry

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(datetime.datetime(2026, 11, 10, 9, 30))
# Differ between any two cases, whatever path wrote them.
OWN = {"id", "number", "created_at", "updated_at", "case", "at", "timestamp", "entry_uuid"}


def _fields(world, tree, **more):
    return {
        "channel": Channel.GRID_WORKER,
        "category": tree["noise"],
        "description": "深夜装修噪声",
        "grid": world["g1"],
        "lat": "32.041000",
        "lng": "118.781000",
        "address": "3号楼东侧",
        "now": NOW,
        **more,
    }


def _strip(row: dict) -> dict:
    return {k: v for k, v in row.items() if k not in OWN}


def _rows(case):
    entry = AuditEntry.objects.get(verb="cases.do_report", object_id=str(case.pk))
    stored = model_to_dict(Case.objects.get(pk=case.pk))
    step = model_to_dict(CaseStep.objects.get(case=case))
    after = _strip(dict(entry.after))
    also = [dict(a) for a in entry.extra["also"]]
    for item in also:
        assert item.pop("id") == str(CaseStep.objects.get(case=case).pk)
        item["after"] = _strip(item["after"])
        item.pop("object")
    event = model_to_dict(entry, exclude=["object_id", "object_repr", "after", "extra"])
    event.pop("request_id")
    return _strip(stored), _strip(step), _strip(event), after, also


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL (set DATABASE_URL=postgres://…): the bulk load runs there at scale",
)
def test_fast_path_writes_the_same_rows_as_do_report(world, users, tree):
    alice = users["grid_worker"]
    with acting_as(alice, source="test"):
        normal = actions.do_report(alice, world["s1"], **_fields(world, tree))
        (fast,) = fastpath.report_many([(alice, world["s1"], _fields(world, tree))])
    assert _rows(fast) == _rows(normal)
    assert AuditEntry.objects.filter(object_id=str(fast.pk), verb="cases.do_report").count() == 1


def test_the_rules_of_a_report_run_and_nothing_is_stored_on_a_refusal(world, users, tree):
    alice = users["grid_worker"]
    good = (alice, world["s1"], _fields(world, tree))
    large_class = (alice, world["s1"], _fields(world, tree, category=tree["events"]))
    with pytest.raises(ValidationError) as refused:
        fastpath.report_many([good, large_class])
    assert "category" in refused.value.error_dict
    other_grid = (alice, world["s1"], _fields(world, tree, grid=world["g3"]))
    with pytest.raises(ValidationError) as refused:
        fastpath.report_many([good, other_grid])
    assert refused.value.error_dict["grid"][0].code == "case_outside_place"
    assert not Case.objects.exists() and not CaseStep.objects.exists()


def test_report_many_stores_each_with_its_step_and_event(world, users, tree):
    items = [
        (users[w], world["s1"], _fields(world, tree, grid=world[g]))
        for w, g in (("grid_worker", "g1"), ("bob", "g2"), ("charlie", "g3"))
    ]
    cases = fastpath.report_many(items)
    assert [c.grid for c in cases] == [world["g1"], world["g2"], world["g3"]]
    assert CaseStep.objects.filter(step="report").count() == 3
    assert AuditEntry.objects.filter(verb="cases.do_report").count() == 3
    assert {c.due_accept for c in cases} == {Case.objects.get(pk=cases[0].pk).due_accept}


def test_demo_year_loads_the_set_number_of_cases_with_their_history(world, users, tree, settings):
    settings.GONGZHI_DEMO_CASES = 400
    assert demo_year.count() == 400
    units = {
        f"community:{world['c1'].pk}": tree["units"]["c1"],
        f"community:{world['c2'].pk}": tree["units"]["c2"],
        "street": tree["units"]["centre"],
    }
    workers = {
        world["g1"].pk: users["grid_worker"],
        world["g2"].pk: users["bob"],
        world["g3"].pk: users["charlie"],
    }
    with acting_as(None, source="demo"):
        loaded = demo_year.load_year(
            world["s1"],
            [tree["noise"], tree["lamp"], tree["manhole"]],
            units,
            workers,
            users["street_staff"],
            {world["c1"].pk: users["station_staff"]},
            random.Random(5),
        )
    assert loaded == 400 == Case.objects.count()
    statuses = Counter(Case.objects.values_list("status", flat=True))
    assert statuses[Status.CLOSED] + statuses[Status.RATED] > 250
    assert statuses[Status.MERGED] and statuses[Status.NOT_ACCEPTED]
    assert Case.objects.filter(rework_count__gt=0).exists()
    assert Case.objects.filter(duplicate_of__isnull=False).count() == statuses[Status.MERGED]
    # every case: its report through the fast path, and a history ending where it stands
    assert AuditEntry.objects.filter(verb="cases.do_report").count() == 400
    assert AuditEntry.objects.filter(verb="cases.record_history").count() == 1
    for case in Case.objects.all()[:100]:
        last = case.steps.order_by("at", "pk").last()
        assert last.to_status == case.status, case.number
        assert case.lat is None or case.grid_id  # a point only with its grid
    # manhole covers are rarer than noise
    by_class = Counter(Case.objects.values_list("category__code", flat=True))
    assert by_class[tree["noise"].code] > by_class[tree["manhole"].code]
