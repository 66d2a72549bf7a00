"""Fields derived from others (pinyin from the name; sex, birth date and last digits from the
ID number; counts) are read-only in the API and the forms, and recomputed when their source
changes."""

import datetime

import pytest

from gongzhi.registry.forms import HouseholdForm, ResidentForm
from gongzhi.registry.models import Building, Resident
from tests.registry.helpers import id_number

pytestmark = pytest.mark.django_db

DERIVED = {"name_pinyin": "xxx", "id_last4": "0000", "sex": "F", "birth_date": "2000-01-01"}


def test_derived_fields_written_on_their_own_change_nothing(reg, users, verified_client):
    c = verified_client(users["street_admin"])
    z = reg["zhang"]
    before = Resident.objects.values(*DERIVED).get(pk=z.pk)
    r = c.patch(f"/api/registry/residents/{z.pk}/", DERIVED, content_type="application/json")
    assert r.status_code == 200
    assert Resident.objects.values(*DERIVED).get(pk=z.pk) == before
    r = c.patch(
        f"/api/registry/buildings/{reg['b1'].pk}/",
        {"household_count": 99},
        content_type="application/json",
    )
    assert r.status_code == 200 and Building.objects.get(pk=reg["b1"].pk).household_count == 1
    schema = c.get("/api/schema/", {"format": "json"}).json()["components"]["schemas"]
    props = schema["Resident"]["properties"]
    # Shown read-only, or (birth date, last four: personal data) not offered at all.
    assert all(props[name].get("readOnly") for name in DERIVED if name in props)
    assert "name_pinyin" in props and "sex" in props
    assert not set(DERIVED) & set(ResidentForm.base_fields)
    assert "member_count" not in HouseholdForm.base_fields


def test_derived_fields_follow_their_source(reg, users, verified_client):
    c = verified_client(users["street_admin"])
    z = reg["zhang"]
    number = id_number(birth="19900214", sex="F")
    r = c.patch(
        f"/api/registry/residents/{z.pk}/",
        {"name": "李小红", "id_number": number},
        content_type="application/json",
    )
    assert r.status_code == 200, r.content
    z = Resident.objects.get(pk=z.pk)
    assert z.name_pinyin == "lixiaohong"
    assert (z.sex, z.birth_date, z.id_last4) == ("F", datetime.date(1990, 2, 14), number[-4:])
