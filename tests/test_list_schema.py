"""Every GET list operation of the API answers the shape its OpenAPI schema promises.

Loops over the schema drf-spectacular generates (so a new list endpoint is covered the day
it is added), calls each operation as a street admin (a resident
for residents' own lists) and compares:
Operations under one object (`…/{id}/steps/`) are called on the first object
of their parent list. A `Paginated…` schema needs `{count, next, previous, results}`, an array schema a list."""

import re

import pytest
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from gongzhi.services import actions
from tests.access.conftest import make_app, submitted  # noqa: F401
from tests.cases.matrix import build as build_cases
from tests.civil.matrix import build as build_civil
from tests.services.conftest import menu  # noqa: F401

pytestmark = pytest.mark.django_db

PAGE_KEYS = {"count", "next", "previous", "results"}


def _list_operations():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    components = schema["components"]["schemas"]
    for path, operations in schema["paths"].items():
        op = operations.get("get")
        if op is None or path.count("{") > 1 or not path.endswith("/"):
            continue
        if "{" in path and path.endswith("}/"):
            continue  # a single object, not a list
        content = op["responses"].get("200", {}).get("content", {})
        body = content.get("application/json", {}).get("schema")
        if not body:
            continue
        if "$ref" in body:
            name = body["$ref"].rsplit("/", 1)[-1]
            body = components[name]
            if set(body.get("properties", {})) >= PAGE_KEYS:
                yield path, "paginated"
        elif body.get("type") == "array":
            yield path, "list"


@pytest.fixture
def objects(submitted, menu, world, users):  # noqa: F811
    """Something in the lists that have sub-lists (an application, a service request)."""
    actions.submit_request(
        menu["simple"],
        street=world["s1"],
        community=world["c1"],
        channel="window",
        user=users["station_staff"],
        applicant_name="李四",
        description="路灯不亮",
    )
    build_cases(world, users)  # a case with a photo, for /api/cases/cases/{id}/photos/ etc.
    build_civil(world, users)  # activities, for /api/civil/activities/{id}/propose/


def _fill(client, path):
    """`path` with its {id} set to the first object of the parent list, or None."""
    if "{" not in path:
        return path
    parent = path[: path.index("{")]
    rows = client.get(parent).json()
    rows = rows["results"] if isinstance(rows, dict) else rows
    return re.sub(r"\{[^}]+\}", str(rows[0]["id"]), path) if rows else None


def test_every_list_operation_answers_the_shape_of_its_schema(users, objects):
    clients = []
    # A street admin sees every list; residents' own lists (my-requests) are theirs alone.
    for role in ("street_admin", "resident"):
        client = APIClient()
        client.force_authenticate(users[role])
        clients.append(client)
    operations = list(_list_operations())
    assert len(operations) > 40  # the loop really sees the API's list endpoints
    wrong = []
    for path, promised in operations:
        client = clients[0]
        response = client.get(_fill(client, path) or path)
        if response.status_code == 403:
            client = clients[1]
            response = client.get(_fill(client, path) or path)
        assert response.status_code == 200, (path, response.status_code, response.content[:200])
        data = response.json()
        shape = (
            "paginated"
            if isinstance(data, dict)
            and set(data) >= PAGE_KEYS
            and isinstance(data["results"], list)
            else "list"
            if isinstance(data, list)
            else type(data).__name__
        )
        if shape != promised:
            wrong.append(f"{path}: schema {promised}, answer {shape}")
    assert not wrong, "\n".join(wrong)
