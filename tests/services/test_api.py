import pytest

from gongzhi.services.models import Rating, ServiceRequest, Supervision
from tests.services.conftest import VALID

pytestmark = pytest.mark.django_db

API = "/api/services/"


def create(client, menu, world, **extra):
    data = {
        "item": menu["permit"].pk,
        "community": world["c1"].pk,
        "applicant_name": "张三",
        "applicant_phone": "13812345678",
        "values": VALID,
        "materials": ["居民身份证"],
    }
    data.update(extra)
    return client.post(f"{API}requests/", data, content_type="application/json")


def test_catalog_api(menu, users, verified_client):
    client = verified_client(users["resident"])
    data = client.get(f"{API}items/").json()
    permit = next(i for i in data["results"] if i["code"] == "T001")
    assert [f["code"] for f in permit["fields"]][:2] == ["reason", "since"]
    assert client.get(f"{API}items/", {"online": "false"}).json()["count"] == 1
    # only street admins edit the menu
    r = client.post(
        f"{API}items/",
        {"code": "X", "name": "x", "category": menu["cat"].pk},
        content_type="application/json",
    )
    assert r.status_code == 403
    admin = verified_client(users["street_admin"])
    r = admin.post(
        f"{API}items/",
        {
            "code": "X1",
            "name": "新事项",
            "category": menu["cat"].pk,
            "materials": ["身份证"],
            "time_limit_days": 3,
        },
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    r = admin.post(
        f"{API}item-fields/",
        {"item": r.json()["id"], "code": "k", "label": "K", "kind": "choice"},
        content_type="application/json",
    )
    assert r.status_code == 400 and "choices" in r.json()


def test_create_list_transition_rate_supervise(menu, world, users, verified_client):
    client = verified_client(users["station_staff"])
    r = create(client, menu, world)
    assert r.status_code == 201, r.content
    req = r.json()
    assert req["channel"] == "api" and req["applicant_phone"] == "138****5678"
    pk = req["id"]
    r = client.post(
        f"{API}requests/{pk}/transition/",
        {"action": "complete", "note": "x"},
        content_type="application/json",
    )
    assert r.status_code == 400  # illegal from submitted
    r = client.post(
        f"{API}requests/{pk}/transition/", {"action": "accept"}, content_type="application/json"
    )
    assert r.json()["status"] == "accepted"
    committee = verified_client(users["committee_member"])
    r = committee.post(
        f"{API}supervisions/", {"request": pk, "note": "请加快"}, content_type="application/json"
    )
    assert r.status_code == 201 and Supervision.objects.get().by == users["committee_member"]
    assert (
        committee.post(
            f"{API}requests/{pk}/transition/", {"action": "start"}, content_type="application/json"
        ).status_code
        == 403
    )
    client = verified_client(users["station_staff"])  # the fixture re-logs the same client
    client.post(
        f"{API}requests/{pk}/transition/",
        {"action": "complete", "note": "已办结"},
        content_type="application/json",
    )
    r = client.post(f"{API}ratings/", {"request": pk, "stars": 6}, content_type="application/json")
    assert r.status_code == 400, r.content
    assert not Rating.objects.exists()
    r = client.post(
        f"{API}ratings/",
        {"request": pk, "stars": 5, "comment": "好"},
        content_type="application/json",
    )
    assert r.status_code == 201
    assert ServiceRequest.objects.get(pk=pk).status == "rated"
    steps = client.get(f"{API}requests/{pk}/steps/").json()
    assert [s["to_status"] for s in steps] == ["submitted", "accepted", "completed", "rated"]


def test_create_bad_values_400_nothing_stored(menu, world, users, verified_client):
    client = verified_client(users["station_staff"])
    r = create(client, menu, world, values={"reason": "play"})
    assert r.status_code == 400 and "reason" in r.json()
    r = create(client, menu, world, description="<b>x</b>")
    assert r.status_code == 400 and "description" in r.json()
    r = create(client, menu, world, community=world["c3"].pk)  # outside the area
    assert r.status_code == 400 and "community" in r.json()
    assert not ServiceRequest.objects.exists()


def test_filters_and_scope(menu, world, users, verified_client):
    import datetime

    client = verified_client(users["station_staff"])
    a = create(client, menu, world).json()["id"]
    create(client, menu, world)
    ServiceRequest.objects.filter(pk=a).update(due_date=datetime.date(2020, 1, 1))
    assert [
        r["id"] for r in client.get(f"{API}requests/", {"deadline": "overdue"}).json()["results"]
    ] == [a]
    assert client.get(f"{API}requests/", {"deadline": "never"}).status_code == 400
    assert client.get(f"{API}requests/", {"status": "submitted"}).json()["count"] == 2
    outsider = verified_client(users["outsider"])  # same client, now the outsider
    assert outsider.get(f"{API}requests/").json()["count"] == 0
    assert outsider.get(f"{API}requests/{a}/").status_code == 404


def test_openapi_schema_documents_services(db, client):
    r = client.get("/api/schema/", {"format": "json"})
    paths = r.json()["paths"]
    assert "/api/services/requests/{id}/transition/" in paths
    assert "/api/services/ratings/" in paths and "/api/services/items/" in paths
