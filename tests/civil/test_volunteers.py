"""Volunteers and teams (issue #14 §3): registration by staff or by the resident on the
phone, with consent (text version and time), skills, availability and areas; teams."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from gongzhi.civil.actions.volunteers import CONSENT_VERSION
from gongzhi.civil.models import Team, Volunteer
from gongzhi.core.models import AuditEntry
from tests.civil import vol_helpers as h


def _api(user):
    api = APIClient()
    api.force_authenticate(user)
    return api


def _body(resident, **extra):
    return {
        "resident": resident.pk,
        "skills": [h.skill("companionship").pk],
        "availability": [{"weekday": 2, "start": "09:00", "end": "12:00"}],
        "consent_version": CONSENT_VERSION,
        **extra,
    }


def test_staff_register_a_resident_with_skills_availability_and_consent(users, world):
    r = h.resident(world["c1"], world["g1"])
    before = AuditEntry.objects.count()
    resp = _api(users["street_admin"]).post(
        "/api/civil/volunteers/", _body(r, areas=[world["g1"].pk, world["g3"].pk]), format="json"
    )
    assert resp.status_code == 201, resp.content
    v = Volunteer.objects.get(resident=r)
    assert v.consent_version == CONSENT_VERSION and v.consent_at is not None
    assert v.availability == [{"weekday": 2, "start": "09:00", "end": "12:00"}]
    assert set(v.areas.values_list("pk", flat=True)) == {world["g1"].pk, world["g3"].pk}
    assert AuditEntry.objects.count() == before + 1


def test_a_volunteer_is_registered_only_once(users, world):
    r = h.resident(world["c1"], world["g1"])
    api = _api(users["street_admin"])
    assert api.post("/api/civil/volunteers/", _body(r), format="json").status_code == 201
    resp = api.post("/api/civil/volunteers/", _body(r), format="json")
    assert resp.status_code == 400
    assert resp.json()["resident"][0]["code"] == "civil_volunteer_exists"


def test_an_availability_slot_ending_before_it_starts_is_refused(users, world):
    r = h.resident(world["c1"], world["g1"])
    body = _body(r, availability=[{"weekday": 1, "start": "12:00", "end": "09:00"}])
    resp = _api(users["street_admin"]).post("/api/civil/volunteers/", body, format="json")
    assert resp.status_code == 400
    assert resp.json()["availability"][0]["code"] == "civil_volunteer_availability"
    assert not Volunteer.objects.exists()


def test_areas_are_grids_of_the_volunteers_own_street(users, world):
    from gongzhi.civil.actions.volunteers import do_register_volunteer

    r = h.resident(world["c1"], world["g1"])
    with pytest.raises(Exception) as exc:
        do_register_volunteer(
            users["street_admin"], r, areas=[world["g4"]], consent_version=CONSENT_VERSION
        )
    assert exc.value.code == "civil_volunteer_area"
    assert not Volunteer.objects.exists()


def test_a_grid_worker_registers_residents_of_their_grid_only(users, world):
    other = h.resident(world["c1"], world["g2"])
    resp = _api(users["grid_worker"]).post("/api/civil/volunteers/", _body(other), format="json")
    assert resp.status_code == 400  # not among the residents they see
    own = h.resident(world["c1"], world["g1"])
    resp = _api(users["grid_worker"]).post("/api/civil/volunteers/", _body(own), format="json")
    assert resp.status_code == 201


def test_a_resident_registers_on_the_phone_with_the_consent_text(users, world, client):
    account = h.resident_account(world["c1"])
    h.resident(world["c1"], world["g1"], account=account)
    client.force_login(account)
    url = reverse("civil:volunteer_register")
    page = client.get(url).content.decode()
    assert CONSENT_VERSION in page
    # without consent: nothing written
    client.post(url, {"weekdays": ["1"], "start": "09:00", "end": "11:00"})
    assert not Volunteer.objects.exists()
    resp = client.post(
        url, {"weekdays": ["1", "3"], "start": "09:00", "end": "11:00", "consent": "on"}
    )
    assert resp.status_code == 302
    v = Volunteer.objects.get(resident__account=account)
    assert v.consent_version == CONSENT_VERSION
    assert [s["weekday"] for s in v.availability] == [1, 3]


def test_an_account_without_a_registry_record_cannot_register(users, world, client):
    account = h.resident_account(world["c1"])
    client.force_login(account)
    client.post(reverse("civil:volunteer_register"), {"consent": "on"})
    assert not Volunteer.objects.exists()


def test_a_team_belongs_to_an_organization_or_a_community(users, world):
    api = _api(users["street_admin"])
    resp = api.post("/api/civil/teams/", {"name": "助老队"}, format="json")
    assert resp.status_code == 400
    assert resp.json()["community"][0]["code"] == "civil_team_owner"
    v = h.volunteer(users["street_admin"], world["c1"], world["g1"])
    resp = api.post(
        "/api/civil/teams/",
        {"name": "助老队", "community": world["c1"].pk, "members": [v.pk]},
        format="json",
    )
    assert resp.status_code == 201, resp.content
    assert list(Team.objects.get().members.all()) == [v]


def test_volunteers_are_listed_within_the_users_area(users, world, client, verified_client):
    admin = users["street_admin"]
    h.volunteer(admin, world["c1"], world["g1"])
    h.volunteer(admin, world["c2"], world["g3"])
    assert _api(users["grid_worker"]).get("/api/civil/volunteers/").json()["count"] == 1
    assert _api(admin).get("/api/civil/volunteers/").json()["count"] == 2
    c = verified_client(users["grid_worker"])
    assert c.get(reverse("civil:volunteers")).status_code == 200
