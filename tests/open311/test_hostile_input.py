"""Every Open311 input field (query, path and POST body) fed the hostile set: never a 5xx,
always the spec's error list (or a normal answer) in the requested format."""

import json
import xml.etree.ElementTree as ET

import pytest
from django.test import Client

from gongzhi.services.models import ServiceRequest
from tests.open311.test_open311 import BASE, good

pytestmark = pytest.mark.django_db

HOSTILE = [
    "0000-01-01",
    "0000-01-01T00:00:00",
    "0001-01-01T00:00:00+14:00",
    "2026-01-01T00:00:00+99:00",
    "2026-01-01T00:00:00-99:00",
    "9999-12-31",
    "9999-12-31T23:59:59",
    "9999-12-31T23:59:59-12:00",
    "2026-02-30",
    "1" * 30,
    "-" + "9" * 30,
    "9223372036854775808",
    "1e400",
    "NaN",
    "no-such-code",
    "1,2,,x",
    "a\x01b",
    "a\x00b",
    "<x>&amp;</x>",
    "路" * 5000,
    " ",
]
QUERY_FIELDS = [
    "jurisdiction_id",
    "service_request_id",
    "service_code",
    "start_date",
    "end_date",
    "status",
]
POST_FIELDS = [
    "api_key",
    "jurisdiction_id",
    "service_code",
    "lat",
    "long",
    "address_string",
    "address_id",
    "email",
    "first_name",
    "last_name",
    "phone",
    "description",
    "device_id",
    "account_id",
    "media_url",
    "attribute[reason]",
    "attribute[since]",
]


def check(response, fmt):
    """A normal answer or the spec's error list, well-formed, in the requested format."""
    assert response.status_code < 500, (response.status_code, response.content[:300])
    if fmt == "json":
        assert response["Content-Type"].startswith("application/json")
        data = json.loads(response.content)
    else:
        assert response["Content-Type"].startswith("text/xml")
        root = ET.fromstring(response.content)
    if response.status_code >= 400:
        if fmt == "json":
            assert [set(e) for e in data] == [{"code", "description"}]
            assert data[0]["code"] == response.status_code
        else:
            assert root.tag == "errors"
            assert int(root.find("error/code").text) == response.status_code
            assert root.find("error/description").text


@pytest.fixture
def client():
    return Client(raise_request_exception=False)


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_every_query_field_answers_hostile_values_with_error_list(client, menu, fmt):
    for field in QUERY_FIELDS:
        for value in HOSTILE:
            for endpoint in ("requests", "services", f"services/{menu['permit'].pk}"):
                check(client.get(f"{BASE}{endpoint}.{fmt}", {field: value}), fmt)


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_every_path_argument_answers_hostile_values_with_error_list(client, menu, fmt):
    for value in HOSTILE:
        for endpoint in ("services", "requests", "tokens"):
            response = client.get(f"{BASE}{endpoint}/{value.replace('/', '')}.{fmt}")
            check(response, fmt)
            assert response.status_code in (400, 404)


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_every_post_field_answers_hostile_values_with_error_list(client, menu, key, fmt):
    for field in POST_FIELDS:
        for value in HOSTILE:
            check(client.post(f"{BASE}requests.{fmt}", good(key, menu, **{field: value})), fmt)
    # Whatever was accepted, the list every client reads stays well-formed.
    response = client.get(f"{BASE}requests.{fmt}")
    assert response.status_code == 200 and ServiceRequest.objects.exists()
    check(response, fmt)


def test_unknown_service_code_with_hyphen_is_spec_404(client, menu):
    for fmt in ("json", "xml"):
        response = client.get(f"{BASE}services/no-such-code.{fmt}")
        assert response.status_code == 404
        check(response, fmt)


@pytest.mark.parametrize(
    "value", ["0000-01-01", "2026-01-01T00:00:00+99:00", "9999-12-31T23:59:59"]
)
@pytest.mark.parametrize("field", ["start_date", "end_date"])
def test_impossible_dates_in_list_filter_answer_400(client, menu, field, value):
    for fmt in ("json", "xml"):
        response = client.get(f"{BASE}requests.{fmt}", {field: value})
        assert response.status_code == 400
        check(response, fmt)


def test_30_digit_service_code_in_post_is_spec_404_and_stores_nothing(client, menu, key):
    response = client.post(f"{BASE}requests.json", good(key, menu, service_code="1" * 30))
    assert response.status_code == 404
    check(response, "json")
    assert not ServiceRequest.objects.exists()
