"""The cases map: the GeoJSON of the markers is scoped (two grid workers in two grids, the
street's staff, another street's admin), carries no personal data, and filters by class and
date; the page loads the clustered map; a case's page shows its location."""

import datetime

from django.urls import reverse
from django.utils import timezone

from gongzhi.cases.choices import Channel
from gongzhi.cases.models import Case


def _numbers(client, **params):
    answer = client.get(reverse("cases:map_data"), params)
    assert answer.status_code == 200
    return {f["properties"]["number"] for f in answer.json()["features"]}


def _cases(report, users, world, tree):
    in_g1 = report(lat="32.041000", lng="118.781000", grid=world["g1"])
    in_g3 = report(
        category=tree["lamp"], by=users["charlie"], lat="32.043", lng="118.785", grid=world["g3"]
    )
    desk = report(
        by=users["street_staff"],
        channel=Channel.HOTLINE,
        hotline_ticket="T-0001",
        reporter_name="王小明",
        reporter_phone="13812345678",
        lat="32.042",
        lng="118.782",
        grid=world["g1"],
        description="井盖处有异响",
    )
    no_location = report(grid=world["g1"])
    return in_g1, in_g3, desk, no_location


def test_markers_are_scoped_by_role_and_place(report, users, world, tree, verified_client):
    in_g1, in_g3, desk, no_location = _cases(report, users, world, tree)
    alice = verified_client(users["grid_worker"])
    assert _numbers(alice) == {in_g1.number, desk.number}  # her grid; no point: no marker
    charlie = verified_client(users["charlie"])
    assert _numbers(charlie) == {in_g3.number}
    staff = verified_client(users["street_staff"])
    assert _numbers(staff) == {in_g1.number, in_g3.number, desk.number}
    outsider = verified_client(users["outsider"])
    assert _numbers(outsider) == set()


def test_markers_carry_no_personal_data(report, users, world, tree, verified_client):
    _in_g1, _in_g3, desk, _none = _cases(report, users, world, tree)
    answer = verified_client(users["street_staff"]).get(reverse("cases:map_data"))
    body = answer.content.decode()
    assert "王小明" not in body and "13812345678" not in body and "5678" not in body
    assert "井盖处有异响" not in body  # the description may name people: not on the map
    feature = next(f for f in answer.json()["features"] if f["properties"]["number"] == desk.number)
    assert set(feature["properties"]) == {
        "number",
        "category",
        "status",
        "status_label",
        "colour",
        "reported",
        "url",
    }
    assert feature["geometry"] == {"type": "Point", "coordinates": [118.782, 32.042]}
    assert feature["properties"]["url"] == reverse("cases:detail", args=[desk.pk])


def test_filter_by_class_and_date(report, users, world, tree, verified_client):
    in_g1, in_g3, desk, _none = _cases(report, users, world, tree)
    staff = verified_client(users["street_staff"])
    assert _numbers(staff, category=tree["lamp"].pk) == {in_g3.number}
    # a large class takes its small classes
    assert _numbers(staff, category=tree["lamp"].parent_id) == {in_g3.number}
    Case.objects.filter(pk=in_g1.pk).update(
        reported_at=timezone.now() - datetime.timedelta(days=60)
    )
    assert _numbers(staff) == {in_g3.number, desk.number}  # the last 30 days by default
    old = (timezone.localdate() - datetime.timedelta(days=61)).isoformat()
    assert in_g1.number in _numbers(staff, date_from=old)
    bad = staff.get(reverse("cases:map_data"), {"date_from": "not a date"})
    assert bad.status_code == 400 and "date_from" in bad.json()["errors"]


def test_map_page_and_case_location(report, users, world, tree, verified_client):
    in_g1, *_rest = _cases(report, users, world, tree)
    client = verified_client(users["street_staff"])
    page = client.get(reverse("cases:map"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "leaflet.markercluster.js" in html and 'id="casemap"' in html
    detail = client.get(reverse("cases:detail", args=[in_g1.pk])).content.decode()
    assert 'id="case-location"' in detail and 'data-lat="32.041000"' in detail
    assert "casemap.js" in detail


def test_grids_with_boundaries_come_with_the_markers(report, users, world, tree, verified_client):
    ring = [[118.78, 32.04], [118.79, 32.04], [118.79, 32.05], [118.78, 32.04]]
    world["g1"].__class__.objects.filter(pk__in=[world["g1"].pk, world["g3"].pk]).update(
        boundary={"type": "Polygon", "coordinates": [ring]}
    )
    alice = verified_client(users["grid_worker"])
    grids = alice.get(reverse("cases:map_data")).json()["grids"]
    assert [g["id"] for g in grids] == [world["g1"].pk]
