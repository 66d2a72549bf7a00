"""A special-group tag set with its start date through the API (schemathesis found a 500)."""

import datetime

import pytest
from rest_framework.test import APIClient

from gongzhi.core.models import AuditEntry
from gongzhi.registry.models import ResidentTag

pytestmark = pytest.mark.django_db

API = "/api/registry"


def _post(user, resident, data):
    c = APIClient(raise_request_exception=False)
    c.force_authenticate(user)
    return c.post(f"{API}/residents/{resident.pk}/tags/", data, format="json")


def test_tag_with_start_date_is_set_and_audited(reg, users):
    z = reg["zhang"]
    data = {"tag": "disability", "grade": 2, "since": "2024-03-01", "note": "证"}
    r = _post(users["station_staff"], z, data)
    assert r.status_code == 200, r.content
    assert ResidentTag.objects.get(resident=z).since == datetime.date(2024, 3, 1)
    entry = AuditEntry.objects.filter(extra__tag_added="disability").get()
    assert entry.after["since"] == "2024-03-01"
    # Changing it (the second door of set_tag) records the old date as well.
    r = _post(users["station_staff"], z, {**data, "since": "2023-01-01"})
    assert r.status_code == 200, r.content
    entry = AuditEntry.objects.filter(extra__tag_changed="disability").get()
    assert (entry.before["since"], entry.after["since"]) == ("2024-03-01", "2023-01-01")


def test_tag_start_date_in_the_future_is_400(reg, users):
    future = (datetime.date.today() + datetime.timedelta(days=30)).isoformat()
    r = _post(
        users["station_staff"], reg["zhang"], {"tag": "disability", "grade": 1, "since": future}
    )
    assert r.status_code == 400 and "since" in r.json()
    assert not ResidentTag.objects.exists()
