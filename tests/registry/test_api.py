"""Registry REST API: scoped lists and details, masked personal data, writes through the
services (400 with field errors), actions, search."""

import pytest
from rest_framework.test import APIClient

from gongzhi.registry.models import Household, Resident, ResidentEvent, Visit
from tests.registry.helpers import id_number

pytestmark = pytest.mark.django_db

API = "/api/registry"


def client_for(user):
    c = APIClient()
    c.force_authenticate(user)
    return c


def _ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_lists_are_scoped_for_a_grid_worker(reg, users):
    c = client_for(users["grid_worker"])
    assert _ids(c.get(f"{API}/residents/")) == {reg["zhang"].pk, reg["li"].pk}
    assert _ids(c.get(f"{API}/households/")) == {reg["h1"].pk}
    assert _ids(c.get(f"{API}/buildings/")) == {reg["b1"].pk}
    assert c.get(f"{API}/residents/{reg['wang'].pk}/").status_code == 404
    assert c.get(f"{API}/households/{reg['h2'].pk}/").status_code == 404
    events = _ids(c.get(f"{API}/resident-events/"))
    assert events and all(
        ResidentEvent.objects.get(pk=e).resident.grid_id == reg["h1"].grid_id for e in events
    )
    found = c.get(f"{API}/search/", {"q": "王五"}).json()
    assert found == []
    assert [r["label"] for r in c.get(f"{API}/search/", {"q": "zs"}).json()] == ["张三"]


def test_resident_id_and_phone_are_masked_and_write_only(reg, users):
    c = client_for(users["street_admin"])
    row = c.get(f"{API}/residents/{reg['zhang'].pk}/").json()
    assert "id_number" not in row and "phone" not in row
    assert row["id_number_masked"] == reg["zhang"].id_number_masked
    assert row["phone_masked"] == "138****5678"
    assert reg["zhang"].id_number not in str(row)


def test_resident_create_through_services_with_field_errors(reg, users):
    c = client_for(users["station_staff"])
    r = c.post(
        f"{API}/residents/",
        {"name": "孙八", "id_number": "110105198001010000", "household": reg["h1"].pk},
        format="json",
    )
    assert r.status_code == 400 and "id_number" in r.json()
    r = c.post(
        f"{API}/residents/",
        {"name": "孙八", "id_number": reg["wang"].id_number, "household": reg["h1"].pk},
        format="json",
    )
    assert r.status_code == 400 and "王*" in r.json()["id_number"][0]["message"]
    assert r.json()["id_number"][0]["code"] == "id_number_taken"
    # A household outside the user's area does not exist for them.
    r = c.post(
        f"{API}/residents/",
        {"name": "孙八", "id_number": id_number(), "household": reg["h4"].pk},
        format="json",
    )
    assert r.status_code == 400 and "household" in r.json()
    assert not Resident.objects.filter(name="孙八").exists()
    r = c.post(
        f"{API}/residents/",
        {
            "name": "孙八",
            "id_number": id_number("19300101"),
            "household": reg["h1"].pk,
            "relation": "parent",
            "phone": "13600000000",
        },
        format="json",
    )
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["birth_year"] == 1930 and body["grid"] == reg["h1"].grid_id
    assert "birth_date" not in body and "id_last4" not in body
    assert "id_number" not in body
    assert body["id"] in _ids(c.get(f"{API}/residents/", {"min_age": 80}))


def test_grid_worker_cannot_write_into_another_grid(reg, users):
    c = client_for(users["grid_worker"])
    r = c.post(f"{API}/residents/{reg['wang'].pk}/move-out/", {}, format="json")
    assert r.status_code == 404
    r = c.post(
        f"{API}/visits/",
        {"household": reg["h2"].pk, "date": "2024-01-01", "purpose": "x"},
        format="json",
    )
    assert r.status_code == 400 and not Visit.objects.exists()
    r = c.post(
        f"{API}/visits/",
        {"household": reg["h1"].pk, "date": "2024-01-01", "purpose": "走访"},
        format="json",
    )
    assert r.status_code == 201 and Visit.objects.get().visitor == users["grid_worker"]


def test_resident_actions(reg, users):
    c = client_for(users["station_staff"])
    z, li = reg["zhang"], reg["li"]
    r = c.post(f"{API}/residents/{z.pk}/phone/", {"phone": "13711112222"}, format="json")
    assert r.status_code == 200 and r.json()["phone_masked"] == "137****2222"
    r = c.post(f"{API}/residents/{z.pk}/tags/", {"tag": "disability"}, format="json")
    assert r.status_code == 400 and "grade" in r.json()
    r = c.post(f"{API}/residents/{z.pk}/tags/", {"tag": "disability", "grade": 1}, format="json")
    assert r.status_code == 200 and r.json()["tags"][0]["grade"] == 1
    r = c.post(f"{API}/residents/{li.pk}/transfer/", {"household": reg["h2"].pk}, format="json")
    assert r.status_code == 200 and r.json()["household"] == reg["h2"].pk
    r = c.post(f"{API}/residents/{z.pk}/death/", {"died_on": "2024-01-05"}, format="json")
    assert r.status_code == 200 and r.json()["status"] == "deceased"
    assert Household.objects.get(pk=reg["h1"].pk).head_id is None
    r = c.post(f"{API}/residents/{z.pk}/move-out/", {}, format="json")
    assert r.status_code == 400


def test_household_actions_and_create(reg, users):
    c = client_for(users["station_staff"])
    r = c.post(f"{API}/households/", {"building": reg["b1"].pk, "number": "H001"}, format="json")
    assert r.status_code == 400 and "number" in r.json()
    r = c.post(f"{API}/households/", {"building": reg["b1"].pk, "number": "H050"}, format="json")
    assert r.status_code == 201 and r.json()["address"] == "幸福路1号"
    new_id = r.json()["id"]
    r = c.post(
        f"{API}/households/{reg['h1'].pk}/split/",
        {"members": [reg["li"].pk], "number": "H051", "head": reg["li"].pk},
        format="json",
    )
    assert r.status_code == 201 and r.json()["head"] == reg["li"].pk
    r = c.post(f"{API}/households/{reg['h1'].pk}/merge/", {"source": new_id}, format="json")
    assert r.status_code == 200
    r = c.post(f"{API}/households/{reg['h1'].pk}/head/", {"head": reg["wang"].pk}, format="json")
    assert r.status_code == 400


def test_permissions_by_role(reg, users):
    assert client_for(users["resident"]).get(f"{API}/residents/").status_code == 403
    assert client_for(users["department_staff"]).get(f"{API}/households/").status_code == 403
    cm = client_for(users["committee_member"])
    assert cm.get(f"{API}/residents/").status_code == 200
    r = cm.post(f"{API}/residents/{reg['zhang'].pk}/phone/", {"phone": "1"}, format="json")
    assert r.status_code == 403
    r = cm.post(f"{API}/residents/", {"name": "x", "id_number": id_number()}, format="json")
    assert r.status_code == 403
    assert client_for(users["street_admin"]).get(f"{API}/tags/").status_code == 200
    r = client_for(users["grid_worker"]).post(f"{API}/buildings/", {}, format="json")
    assert r.status_code == 403


def test_filters_and_search(reg, users):
    c = client_for(users["street_admin"])
    assert _ids(c.get(f"{API}/residents/", {"grid": reg["h2"].grid_id})) == {reg["wang"].pk}
    assert _ids(c.get(f"{API}/residents/", {"search": "zhang"})) == {reg["zhang"].pk}
    assert _ids(c.get(f"{API}/households/", {"search": "幸福路2"})) == {reg["h2"].pk}
    r = c.get(f"{API}/search/", {"q": reg["li"].id_number})
    assert [x["label"] for x in r.json()] == ["李四"]


def test_resident_is_never_deleted_history_kept(reg, users):
    c = client_for(users["street_admin"])
    r = c.delete(f"{API}/residents/{reg['zhang'].pk}/")
    assert r.status_code == 400
    assert Resident.objects.filter(pk=reg["zhang"].pk).exists()
    r = c.delete(f"{API}/households/{reg['h1'].pk}/")
    assert r.status_code == 400 and Household.objects.filter(pk=reg["h1"].pk).exists()
