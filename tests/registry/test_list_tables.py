"""Registry lists moved onto core.tables (imports, partitioning proposals, a building's
flats), through their views: a sortable column, the search, a filter, pages, and rows out
of the user's scope never shown."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from gongzhi.registry import actions
from gongzhi.registry.models import Building, Dwelling, GridProposal, ImportJob
from tests.registry.helpers import clerk

pytestmark = pytest.mark.django_db


def shown(client, url, names, **params):
    """Which of `names` the page's table shows, in the order it shows them."""
    body = client.get(url, params).content.decode()
    rows = body.split("<tbody>")[-1] if "<tbody>" in body else ""
    found = [(rows.find(n), n) for n in names]
    return [n for at, n in sorted(found) if at >= 0]


def test_import_list(world, users, verified_client, monkeypatch):
    monkeypatch.setattr("gongzhi.registry.views_imports.PAGE_SIZE", 2)
    now = timezone.now()
    for days, name, kind, status in (
        (3, "B楼栋.csv", "buildings", "done"),
        (2, "A居民.csv", "residents", "preview"),
        (1, "C住户.csv", "households", "done"),
    ):
        job = ImportJob.objects.create(
            kind=kind, status=status, community=world["c1"], original_name=name, file=name
        )
        ImportJob.objects.filter(pk=job.pk).update(created_at=now - datetime.timedelta(days=days))
    ImportJob.objects.create(
        kind="residents", community=world["c3"], original_name="外街道.csv", file="x.csv"
    )
    c = verified_client(users["station_staff"])
    url = reverse("registry:import_list")
    names = ["A居民.csv", "B楼栋.csv", "C住户.csv", "外街道.csv"]
    assert shown(c, url, names) == ["C住户.csv", "A居民.csv"]  # the newest first
    assert shown(c, url, names, page=2) == ["B楼栋.csv"]
    assert shown(c, url, names, sort="original_name") == ["A居民.csv", "B楼栋.csv"]
    assert shown(c, url, names, sort="-original_name") == ["C住户.csv", "B楼栋.csv"]
    assert shown(c, url, names, q="居民") == ["A居民.csv"]
    assert shown(c, url, names, kind="buildings") == ["B楼栋.csv"]
    assert shown(c, url, names, status="done", sort="created_at") == ["B楼栋.csv", "C住户.csv"]
    assert shown(c, url, names, q="外街道") == []


def test_partition_list(world, users, verified_client, monkeypatch):
    monkeypatch.setattr("gongzhi.registry.views_grids.PAGE_SIZE", 2)
    for target, status in ((300, "proposed"), (200, "applied"), (400, "discarded")):
        GridProposal.objects.create(
            community=world["c1"],
            target_households=target,
            status=status,
            stats={"summary": {"grids": 3, "within_tolerance": 2}},
        )
    GridProposal.objects.create(community=world["c3"], target_households=999)
    c = verified_client(users["street_admin"])
    url = reverse("registry:partition_list")
    targets = ["200", "300", "400", "999"]

    def cells(**params):
        body = c.get(url, {"community": world["c1"].pk, **params}).content.decode()
        rows = body.split("<tbody>")[-1] if "<tbody>" in body else ""
        return [t for t in targets if f'<td class="text-end">{t}</td>' in rows]

    assert cells(sort="target_households") == ["200", "300"]
    assert cells(sort="target_households", page=2) == ["400"]
    assert cells(sort="-target_households") == ["300", "400"]
    assert cells(status="applied") == ["200"]
    assert "2 / 3" in c.get(url, {"community": world["c1"].pk}).content.decode()
    # another street's community: not the user's to pick
    assert c.get(url, {"community": world["c3"].pk}).status_code == 404


def test_dwelling_list(world, users, verified_client, monkeypatch):
    monkeypatch.setattr("gongzhi.registry.views_buildings.DWELLING_PAGE_SIZE", 2)
    tower = actions.do_create_building(
        clerk(),
        Building(community=world["c1"], grid=world["g1"], name="9号楼", address="幸福路9号"),
    )
    for unit, floor, number in ((2, 1, "R201"), (1, 3, "R103"), (1, 1, "R101")):
        Dwelling.objects.create(building=tower, unit=unit, floor=floor, number=number)
    c = verified_client(users["station_staff"])
    url = reverse("registry:dwelling_list", args=[tower.pk])
    rooms = ["R101", "R103", "R201"]
    assert shown(c, url, rooms) == ["R101", "R103"]  # by entrance, floor, room
    assert shown(c, url, rooms, page=2) == ["R201"]
    assert shown(c, url, rooms, sort="floor") == ["R101", "R201"]
    assert shown(c, url, rooms, sort="-number") == ["R201", "R103"]
    assert shown(c, url, rooms, q="103") == ["R103"]
    far = Building.objects.create(community=world["c3"], grid=world["g4"], address="外街道1号")
    Dwelling.objects.create(building=far, number="R999")
    assert c.get(reverse("registry:dwelling_list", args=[far.pk])).status_code == 404
    assert "R999" not in c.get(url).content.decode()


def test_tag_list_sorts_and_searches(reg, users, verified_client):
    c = verified_client(users["street_admin"])
    url = reverse("registry:tag_list")
    codes = ["dibao", "veteran", "disability"]
    body = c.get(url, {"sort": "code"}).content.decode()
    assert [body.find(f"<code>{code}</code>") for code in sorted(codes)] == sorted(
        body.find(f"<code>{code}</code>") for code in codes
    )
    body = c.get(url, {"sort": "-code"}).content.decode()
    assert body.find("<code>veteran</code>") < body.find("<code>dibao</code>")
    body = c.get(url, {"q": "veteran"}).content.decode()
    assert "<code>veteran</code>" in body and "<code>dibao</code>" not in body
