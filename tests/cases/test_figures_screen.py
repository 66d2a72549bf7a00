"""The figures screen, its API and its .xlsx export (cases.reports) against the hand-counted
fixture of test_indicators.py: street staff see both communities' rows, a community's
station staff only their own; the monthly ranking of units; every export audited."""

import io

import openpyxl
from django.urls import reverse

from gongzhi.core.models import AuditEntry
from tests.cases import test_indicators

fixture_cases = test_indicators.fixture_cases  # the hand-counted cases
RANGE = {"date_from": "2026-11-01", "date_to": "2026-11-30"}
API = "/api/cases/figures/"


def _api(client, **params):
    return client.get(API, {"from": "2026-11-01", "to": "2026-11-30", **params})


def _by_name(rows):
    return {
        r["name"]: {k: (v["numerator"], v["denominator"]) for k, v in r["figures"].items()}
        for r in rows
    }


C1 = {
    "reported": (7, None),
    "acceptance_rate": (4, 6),
    "dispatch_on_time_rate": (3, 4),
    "handling_on_time_rate": (2, 3),
    "closure_rate": (3, 4),
    "closure_on_time_rate": (1, 4),
    "rework_rate": (2, 3),
    "response_rate": (5, 7),
    "resolution_rate": (2, 3),
    "satisfaction_rate": (1, 2),
}
C2 = {
    "reported": (1, None),
    "acceptance_rate": (1, 1),
    "dispatch_on_time_rate": (0, 0),
    "handling_on_time_rate": (0, 0),
    "closure_rate": (0, 1),
    "closure_on_time_rate": (0, 1),
    "rework_rate": (0, 0),
    "response_rate": (1, 1),
    "resolution_rate": (0, 0),
    "satisfaction_rate": (0, 0),
}


def test_api_community_rows_match_the_hand_count_and_are_scoped(
    fixture_cases, verified_client, users
):
    street = verified_client(users["street_staff"])
    answer = _api(street, level="community")
    assert answer.status_code == 200
    assert answer.json()["from"] == "2026-11-01" and answer.json()["to"] == "2026-11-30"
    assert _by_name(answer.json()["rows"]) == {"幸福社区": C1, "和谐社区": C2}
    station = verified_client(users["station_staff"])  # staff of C1 only
    assert _by_name(_api(station, level="community").json()["rows"]) == {"幸福社区": C1}


def test_api_grid_worker_and_unit_rows(fixture_cases, verified_client, users):
    street = verified_client(users["street_staff"])
    workers = _by_name(_api(street, level="grid_worker").json()["rows"])
    assert {name: f["reported"][0] for name, f in workers.items()} == {"alice": 3, "bob": 5}
    units = _by_name(_api(street, level="unit").json()["rows"])
    assert units["幸福社区"]["reported"] == (2, None)
    assert units["幸福社区"]["handling_on_time_rate"] == (1, 2)
    assert units["城市管理中心"]["closure_on_time_rate"] == (0, 2)
    streets = _by_name(_api(street, level="street").json()["rows"])
    assert streets["青山街道"]["reported"] == (8, None)
    assert streets["青山街道"]["acceptance_rate"] == (5, 7)
    station = verified_client(users["station_staff"])
    workers = _by_name(_api(station, level="grid_worker").json()["rows"])
    assert {name: f["reported"][0] for name, f in workers.items()} == {"alice": 3, "bob": 4}


def test_api_refuses_bad_input_with_codes(verified_client, users, world):
    client = verified_client(users["street_staff"])
    backwards = client.get(API, {"level": "community", "from": "2026-11-30", "to": "2026-11-01"})
    assert backwards.status_code == 400
    assert backwards.json()["to"][0]["code"] == "case_figures_range"
    bogus = client.get(API, {"level": "planet"})
    assert bogus.status_code == 400 and bogus.json()["level"][0]["code"] == "case_figures_level"
    not_a_date = client.get(API, {"from": "yesterday"})
    assert not_a_date.status_code == 400 and "from" in not_a_date.json()


def test_api_needs_the_permission(verified_client, users, world):
    assert verified_client(users["resident"]).get(API).status_code == 403


def test_screen_shows_the_table_and_the_monthly_ranking(fixture_cases, verified_client, users):
    client = verified_client(users["street_staff"])
    page = client.get(reverse("cases:figures"), {"level": "community", **RANGE})
    assert page.status_code == 200
    html = page.content.decode()
    assert "幸福社区" in html and "和谐社区" in html
    assert "66.7%" in html  # 立案率 of C1: 4 / 6
    # Ranking of November: 幸福社区 (按期结案率 1/2) before 城市管理中心 (0/2).
    ranking = page.context["ranking"]
    assert [r.name for r in ranking] == ["幸福社区", "城市管理中心"]
    assert 'id="ranking-chart"' in html and "echarts.min.js" in html
    assert "ranking-data" in html


def test_screen_is_scoped_to_the_community(fixture_cases, verified_client, users):
    client = verified_client(users["station_staff"])
    page = client.get(reverse("cases:figures"), {"level": "community", **RANGE})
    assert [r.name for r in page.context["rows"]] == ["幸福社区"]
    assert "和谐社区" not in page.content.decode()


def test_screen_shows_a_field_error_for_a_backwards_range(verified_client, users, world):
    client = verified_client(users["street_staff"])
    page = client.get(
        reverse("cases:figures"), {"date_from": "2026-11-30", "date_to": "2026-11-01"}
    )
    assert page.status_code == 200
    assert page.context["form"].errors["date_to"]
    assert page.context.get("rows") is None


def test_export_is_an_xlsx_of_the_rows_and_is_audited(fixture_cases, verified_client, users):
    client = verified_client(users["station_staff"])
    answer = client.get(reverse("cases:figures_export"), {"level": "community", **RANGE})
    assert answer.status_code == 200
    assert answer["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = openpyxl.load_workbook(io.BytesIO(answer.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert len(rows) == 3  # title, header, C1 only (scoped)
    assert rows[2][0] == "幸福社区" and rows[2][1] == 7
    assert float(rows[2][2]) == round(4 / 6, 4)  # 立案率 as a number
    entry = AuditEntry.objects.get(action=AuditEntry.Action.EXPORT)
    assert entry.actor == users["station_staff"]
    assert entry.extra == {
        "figures": "community",
        "from": "2026-11-01",
        "to": "2026-11-30",
        "rows": 1,
    }


def test_export_neutralizes_formulas_in_stored_names(fixture_cases, verified_client, users, tree):
    unit = tree["units"]["centre"]
    type(unit).objects.filter(pk=unit.pk).update(name="=HYPERLINK(1)")
    client = verified_client(users["street_staff"])
    answer = client.get(reverse("cases:figures_export"), {"level": "unit", **RANGE})
    ws = openpyxl.load_workbook(io.BytesIO(answer.content)).active
    names = [row[0] for row in ws.iter_rows(min_row=3, values_only=True)]
    assert "'=HYPERLINK(1)" in names
