"""Cases over Open311: `POST requests` with a case class's service code (`case-<code>`)
reports a case of channel open311 placed by its position; `GET services` lists the classes;
`GET requests` and `GET requests/case-<number>` show cases without personal data, in JSON
and XML."""

import xml.etree.ElementTree as ET

import pytest

from gongzhi.cases.choices import Channel
from gongzhi.cases.models import Case
from gongzhi.open311 import definitions
from gongzhi.open311.models import ApiKey

BASE = "/open311/v2/"


def square(lng, lat, size=0.01):
    ring = [[lng, lat], [lng + size, lat], [lng + size, lat + size], [lng, lat + size], [lng, lat]]
    return {"type": "Polygon", "coordinates": [ring]}


@pytest.fixture(autouse=True)
def fresh_definitions():
    definitions.clear()
    yield
    definitions.clear()


@pytest.fixture
def key(world):
    world["g1"].boundary = square(118.78, 32.04)
    world["g1"].save()
    return ApiKey.issue("FixMyStreet", world["s1"])[1]


def good(key, **extra):
    return {
        "api_key": key,
        "service_code": "case-0109",
        "lat": "32.045",
        "long": "118.785",
        "description": "路灯不亮",
        "first_name": "三",
        "last_name": "张",
        "phone": "13812345678",
        "address_string": "幸福路12号",
        **extra,
    }


def test_services_list_the_case_classes(client, tree):
    rows = client.get(f"{BASE}services.json").json()
    codes = {r["service_code"]: r for r in rows}
    assert (
        codes["case-0109"]["service_name"] == "路灯" and codes["case-0109"]["group"] == "公用设施"
    )
    assert "case-01" not in codes  # a large class is not a service
    one = client.get(f"{BASE}services/case-0109.json")
    assert one.status_code == 200 and one.json()["service_code"] == "case-0109"
    assert client.get(f"{BASE}services/case-9999.json").status_code == 404


def test_post_creates_a_case_of_channel_open311(client, tree, key, world):
    r = client.post(f"{BASE}requests.json", good(key))
    assert r.status_code == 200, r.content
    [answer] = r.json()
    case = Case.objects.get()
    assert answer["service_request_id"] == f"case-{case.number}"
    assert case.channel == Channel.OPEN311 and case.category == tree["lamp"]
    assert case.grid == world["g1"] and case.community == world["c1"]
    assert case.reporter_name == "张 三" and case.reporter_phone == "13812345678"
    assert case.client.startswith("open311:") and case.steps.count() == 1
    xml = client.post(f"{BASE}requests.xml", good(key, description="井盖"))
    assert xml.status_code == 200
    assert ET.fromstring(xml.content).find("request/service_request_id").text.startswith("case-")


@pytest.mark.parametrize(
    ("change", "status"),
    [
        ({"service_code": "case-9999"}, 404),
        ({"service_code": "case-01"}, 404),  # a large class
        ({"lat": "", "long": ""}, 400),
        ({"lat": "31.0", "long": "118.0"}, 400),  # outside every grid
        ({"description": ""}, 400),
        ({"description": "<b>x</b>"}, 400),
        ({"api_key": "wrong"}, 403),
    ],
)
def test_bad_posts_store_nothing(client, tree, key, change, status):
    for fmt in ("json", "xml"):
        r = client.post(f"{BASE}requests.{fmt}", good(key, **change))
        assert r.status_code == status, r.content
    assert Case.objects.count() == 0


def test_get_shows_cases_without_personal_data(client, tree, key, report, users):
    client.post(f"{BASE}requests.json", good(key))
    desk = report(
        channel=Channel.HOTLINE,
        hotline_ticket="GD9",
        by=users["street_staff"],
        reporter_name="王秘密",
        reporter_phone="13900001111",
        description="王秘密家门口噪声",
    )
    for fmt in ("json", "xml"):
        body = client.get(f"{BASE}requests.{fmt}").content.decode()
        for secret in ("张 三", "13812345678", "王秘密", "13900001111", "GD9"):
            assert secret not in body
        assert f"case-{desk.number}" in body and "case-0109" in body
    rows = {r["service_request_id"]: r for r in client.get(f"{BASE}requests.json").json()}
    mine = rows[f"case-{Case.objects.get(channel=Channel.OPEN311).number}"]
    assert mine["status"] == "open" and mine["description"] == "路灯不亮"
    assert mine["lat"] and mine["address"] == "幸福路12号" and mine["requested_datetime"]
    assert rows[f"case-{desk.number}"]["description"] == ""  # not an Open311 case
    one = client.get(f"{BASE}requests/case-{desk.number}.json")
    assert one.status_code == 200 and "王秘密" not in one.content.decode()
    xml = client.get(f"{BASE}requests/case-{desk.number}.xml")
    assert ET.fromstring(xml.content).find("request/status").text == "open"
    assert client.get(f"{BASE}requests/case-NOPE.json").status_code == 404


def test_list_filters_cases(client, tree, key, report):
    client.post(f"{BASE}requests.json", good(key))
    number = Case.objects.get().number

    def ids(**q):
        return {r["service_request_id"] for r in client.get(f"{BASE}requests.json", q).json()}

    assert ids(service_code="case-0109") == {f"case-{number}"}
    assert ids(service_code="case-0512") == set()
    assert ids(status="closed") == set()
    assert ids(status="open") == {f"case-{number}"}
    assert ids(service_request_id=f"case-{number}") == {f"case-{number}"}
    assert ids(jurisdiction_id="320105002000") == set()  # another street
