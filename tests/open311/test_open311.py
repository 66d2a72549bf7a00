import datetime
import json
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from gongzhi.core.models import AuditEntry
from gongzhi.open311.models import ApiKey, hash_key
from gongzhi.services import actions
from gongzhi.services.models import RequestTransition, ServiceRequest

pytestmark = pytest.mark.django_db

BASE = "/open311/v2/"


def post(client, fmt="json", **data):
    return client.post(f"{BASE}requests.{fmt}", data)


def good(key, menu, **extra):
    data = {
        "api_key": key,
        "service_code": str(menu["permit"].pk),
        "lat": "32.045",
        "long": "118.785",
        "attribute[reason]": "work",
        "attribute[since]": "2026-01-05",
        "description": "路灯不亮",
        "email": "a@example.com",
        "first_name": "三",
        "last_name": "张",
    }
    data.update(extra)
    return data


def nothing_stored():
    return (
        ServiceRequest.objects.count() == 0
        and RequestTransition.objects.count() == 0
        and not AuditEntry.objects.filter(content_type__model="servicerequest").exists()
    )


def test_discovery_xml_and_json(client):
    r = client.get(f"{BASE}discovery.xml")
    assert r.status_code == 200 and r["Content-Type"].startswith("text/xml")
    root = ET.fromstring(r.content)
    assert root.tag == "discovery"
    assert (
        root.find("endpoints/endpoint/specification").text == "http://wiki.open311.org/GeoReport_v2"
    )
    assert [f.text for f in root.findall("endpoints/endpoint/formats/format")] == [
        "text/xml",
        "application/json",
    ]
    data = client.get(f"{BASE}discovery.json").json()
    assert data["endpoints"][0]["url"].endswith("/open311/v2/")


def test_services_list(client, menu):
    data = client.get(f"{BASE}services.json").json()
    row = next(s for s in data if s["service_code"] == str(menu["permit"].pk))
    assert row == {
        "service_code": str(menu["permit"].pk),
        "service_name": "居住证申领",
        "description": "",
        "metadata": True,
        "type": "batch",
        "keywords": "",
        "group": "居住证",
    }
    assert next(s for s in data if s["service_code"] == str(menu["simple"].pk))["metadata"] is False
    root = ET.fromstring(client.get(f"{BASE}services.xml").content)
    assert root.tag == "services" and len(root.findall("service")) == 3
    assert root.find("service/metadata").text in ("true", "false")


def test_service_definition_maps_datatypes(client, menu):
    data = client.get(f"{BASE}services/{menu['permit'].pk}.json").json()
    assert data["service_code"] == str(menu["permit"].pk)
    by_code = {a["code"]: a for a in data["attributes"]}
    assert {c: a["datatype"] for c, a in by_code.items()} == {
        "reason": "singlevaluelist",
        "since": "datetime",
        "people": "number",
        "tags": "multivaluelist",
        "note": "string",
        "scan": "string",
    }
    assert by_code["reason"]["values"] == [
        {"key": "work", "name": "就业"},
        {"key": "study", "name": "就学"},
    ]
    assert by_code["reason"]["required"] is True and by_code["reason"]["variable"] is True
    assert [a["order"] for a in data["attributes"]] == [1, 2, 3, 4, 5, 6]
    root = ET.fromstring(client.get(f"{BASE}services/{menu['permit'].pk}.xml").content)
    assert root.tag == "service_definition"
    assert root.find("attributes/attribute/values/value/key").text == "work"


def test_unknown_service_definition_404(client, menu):
    r = client.get(f"{BASE}services/99999.xml")
    assert r.status_code == 404
    root = ET.fromstring(r.content)
    assert root.tag == "errors" and root.find("error/code").text == "404"
    assert "99999" in root.find("error/description").text


def test_post_creates_request_like_the_web_form(
    client, menu, key, world, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        r = post(client, **good(key, menu, **{"attribute[tags][]": ["a", "b"]}))
    assert r.status_code == 200, r.content
    [row] = r.json()
    req = ServiceRequest.objects.get()
    assert row["service_request_id"] == str(req.pk) and row["token"] == req.tracking_code
    assert "service_notice" in row and "account_id" in row
    assert (
        req.channel == "open311"
        and req.street == world["s1"]
        and ApiKey.of_request(req).name == "FixMyStreet"
    )
    assert req.values == {"reason": "work", "since": "2026-01-05", "tags": ["a", "b"]}
    assert req.applicant_name == "张 三" and req.due_date
    assert req.transitions.count() == 1
    assert AuditEntry.objects.filter(
        content_type__model="servicerequest", object_id=str(req.pk), source="open311"
    ).exists()


def test_post_xml_answer(client, menu, key):
    r = post(client, "xml", **good(key, menu, account_id="u-1"))
    root = ET.fromstring(r.content)
    assert root.tag == "service_requests"
    assert root.find("request/service_request_id").text.isdigit()
    assert root.find("request/account_id").text == "u-1"


# --- bad input: the spec's error, a clear description, nothing stored ------------------------


@pytest.mark.parametrize(
    "change, status, words",
    [
        ({"service_code": "4242"}, 404, "service_code"),
        ({"service_code": "abc"}, 404, "service_code"),
        ({"service_code": ""}, 400, "service_code"),
        ({"lat": "", "long": ""}, 400, "location"),
        ({"lat": "32.0", "long": ""}, 400, "long"),
        ({"lat": "north", "long": "1"}, 400, "lat"),
        ({"attribute[reason]": ""}, 400, "attribute[reason]"),
        ({"attribute[reason]": "tourism"}, 400, "attribute[reason]"),
        ({"attribute[tags][]": ["a", "zz"]}, 400, "attribute[tags]"),
        ({"attribute[since]": "yesterday"}, 400, "attribute[since]"),
        ({"description": "x" * 4001}, 400, "4000"),
        ({"description": "<b>路灯</b>不亮"}, 400, "HTML"),
        ({"description": "&lt;script&gt;alert(1)&lt;/script&gt;"}, 400, "HTML"),
        ({"api_key": "wrong"}, 403, "api_key"),
        ({"api_key": ""}, 403, "api_key"),
        ({"jurisdiction_id": "999999999999"}, 404, "jurisdiction"),
        ({"jurisdiction_id": "320105002000"}, 403, "jurisdiction"),  # S2: not this key's street
        ({"email": "not-an-address"}, 400, "email"),
    ],
)
def test_bad_input_answers_spec_error_and_stores_nothing(client, menu, key, change, status, words):
    for fmt in ("json", "xml"):
        with translation_en(client):
            r = post(client, fmt, **good(key, menu, **change))
        assert r.status_code == status, r.content
        if fmt == "json":
            [err] = r.json()
            assert err["code"] == status and words in err["description"], err
        else:
            root = ET.fromstring(r.content)
            assert root.tag == "errors" and root.find("error/code").text == str(status)
    assert nothing_stored()


class translation_en:
    def __init__(self, client):
        self.client = client

    # The UI follows the language cookie only (core.middleware.DefaultLanguageMiddleware).
    def __enter__(self):
        self.client.cookies["django_language"] = "en"

    def __exit__(self, *a):
        self.client.cookies.pop("django_language", None)


def test_errors_in_chinese_by_default(client, menu, key):
    r = post(client, **good(key, menu, description="<i>x</i>"))
    assert "HTML" in r.json()[0]["description"] and "不允许" in r.json()[0]["description"]


def test_inactive_key_refused(client, menu, key):
    ApiKey.objects.filter(key_hash=hash_key(key)).update(active=False)
    assert post(client, **good(key, menu)).status_code == 403
    assert nothing_stored()


def test_address_string_or_address_id_is_enough(client, menu, key):
    assert (
        post(client, **good(key, menu, lat="", long="", address_string="幸福路1号")).status_code
        == 200
    )
    assert post(client, **good(key, menu, lat="", long="", address_id="B-17")).status_code == 200
    assert ServiceRequest.objects.count() == 2


def test_api_key_is_stored_hashed(world):
    obj, raw = ApiKey.issue("x", world["s1"])
    obj.refresh_from_db()
    assert raw not in (obj.key_hash, obj.prefix + "x") and obj.key_hash == hash_key(raw)
    assert ApiKey.lookup(raw) == obj and ApiKey.lookup(raw + "x") is None


# --- reading -------------------------------------------------------------------------------


@pytest.fixture
def three(client, menu, key, users, world):
    a = ServiceRequest.objects.get(
        pk=post(client, **good(key, menu)).json()[0]["service_request_id"]
    )
    b = ServiceRequest.objects.get(
        pk=post(client, **good(key, menu, service_code=str(menu["simple"].pk))).json()[0][
            "service_request_id"
        ]
    )
    staff = users["street_staff"]  # not placed in a community: the street handles it
    actions.do_transition(staff, b, "accept")
    actions.do_transition(staff, b, "complete", "已修复")
    window = actions.submit_request(
        menu["simple"],
        street=world["s1"],
        community=world["c1"],
        channel="window",
        user=staff,
        applicant_name="李四",
        description="家庭困难，月收入800元",
    )
    return a, b, window


def test_get_one_request(client, three, django_assert_max_num_queries):
    a, b, window = three
    with django_assert_max_num_queries(2):
        r = client.get(f"{BASE}requests/{b.pk}.json")
    [row] = r.json()
    assert row["status"] == "closed" and "已修复" in row["status_notes"]
    assert row["service_code"] == str(b.item_id) and row["lat"] == "32.045000"
    assert row["requested_datetime"].endswith("+08:00")
    assert datetime.datetime.fromisoformat(row["updated_datetime"]).tzinfo is not None
    assert row["expected_datetime"] is None  # closed
    root = ET.fromstring(client.get(f"{BASE}requests/{a.pk}.xml").content)
    assert root.find("request/status").text == "open"
    assert root.find("request/expected_datetime").text.endswith("+08:00")
    assert client.get(f"{BASE}requests/99999.json").status_code == 404


def test_window_requests_show_no_personal_data(client, three):
    a, b, window = three
    [row] = client.get(f"{BASE}requests/{window.pk}.json").json()
    assert row["description"] == "" and "李四" not in json.dumps(row, ensure_ascii=False)


def test_list_filters(client, three, django_assert_max_num_queries):
    a, b, window = three
    with django_assert_max_num_queries(2):
        rows = client.get(f"{BASE}requests.json").json()
    assert {r["service_request_id"] for r in rows} == {str(a.pk), str(b.pk), str(window.pk)}

    def ids(**q):
        return {r["service_request_id"] for r in client.get(f"{BASE}requests.json", q).json()}

    assert ids(status="open") == {str(a.pk), str(window.pk)}
    assert ids(status="closed") == {str(b.pk)}
    assert ids(service_code=str(a.item_id)) == {str(a.pk)}
    assert ids(service_code=str(a.item_id), status="") == {str(a.pk)}  # empty = missing
    # service_request_id overrides the other filters
    assert ids(service_request_id=f"{a.pk},{b.pk}", status="open") == {str(a.pk), str(b.pk)}
    future = (timezone.now() + datetime.timedelta(days=1)).isoformat()
    assert ids(start_date=future) == set()
    assert ids(end_date=future) == {str(a.pk), str(b.pk), str(window.pk)}
    assert ids(jurisdiction_id="150204001000") == {str(a.pk), str(b.pk), str(window.pk)}
    assert ids(jurisdiction_id="320105002000") == set()


def test_list_defaults_to_last_90_days(client, three):
    a, b, window = three
    ServiceRequest.objects.filter(pk=a.pk).update(
        submitted_at=timezone.now() - datetime.timedelta(days=91)
    )
    rows = client.get(f"{BASE}requests.json").json()
    assert str(a.pk) not in {r["service_request_id"] for r in rows}
    old = (timezone.now() - datetime.timedelta(days=100)).isoformat()
    rows = client.get(f"{BASE}requests.json", {"start_date": old}).json()
    assert str(a.pk) in {r["service_request_id"] for r in rows}


@pytest.mark.parametrize(
    "query, status",
    [
        ({"status": "pending"}, 400),
        ({"start_date": "last week"}, 400),
        ({"service_request_id": "1,x"}, 400),
        ({"service_code": "abc"}, 400),
        ({"jurisdiction_id": "000"}, 404),
        ({"start_date": "2026-02-01T00:00:00+08:00", "end_date": "2026-01-01T00:00:00+08:00"}, 400),
    ],
)
def test_list_bad_filters(client, query, status, db):
    r = client.get(f"{BASE}requests.xml", query)
    assert r.status_code == status
    assert ET.fromstring(r.content).tag == "errors"


def test_list_is_capped_at_1000(client, menu, world, users, monkeypatch):
    from gongzhi.open311 import views

    monkeypatch.setattr(views, "MAX_RESULTS", 2)
    for _ in range(3):
        actions.submit_request(
            menu["simple"],
            street=world["s1"],
            community=world["c1"],
            channel="window",
            user=users["station_staff"],
        )
    assert len(client.get(f"{BASE}requests.json").json()) == 2


def test_tokens(client, menu, key):
    token = post(client, **good(key, menu)).json()[0]["token"]
    [row] = client.get(f"{BASE}tokens/{token}.json").json()
    assert row["token"] == token and row["service_request_id"] == str(
        ServiceRequest.objects.get().pk
    )
    root = ET.fromstring(client.get(f"{BASE}tokens/{token}.xml").content)
    assert root.find("request/token").text == token
    assert client.get(f"{BASE}tokens/NOTATOKEN.json").status_code == 404


def test_unknown_format_is_404(client, db):
    assert client.get(f"{BASE}services.csv").status_code == 404


def test_list_query_count_does_not_grow(client, menu, world, users, django_assert_max_num_queries):
    for _ in range(20):
        actions.submit_request(
            menu["simple"],
            street=world["s1"],
            community=world["c1"],
            channel="window",
            user=users["station_staff"],
        )
    with django_assert_max_num_queries(2):
        assert len(client.get(f"{BASE}requests.xml").content) > 0
    with django_assert_max_num_queries(2):
        client.get(f"{BASE}services.json")
