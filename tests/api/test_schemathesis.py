"""A bounded schemathesis run over the whole REST API (issues #12 and #20).

The schema is generated from the app itself and every operation is called through WSGI (no
server) with API tokens as the demo street admin and a demo grid worker, and, for the
operations neither may perform, as a residents' committee member and a resident; against the
throwaway test database loaded with the demo (registry at a small scale). Each example runs in
its own savepoint, rolled back afterwards, so one example's write or delete never changes the
next one's data. Fails on any 5xx, any undocumented status code or content type, any response
body that does not match the schema, and any write done by a role without the operation's
`x-permission` (it must answer 403 or 404).

Generated bodies are valid by the schema (positive mode) plus schemathesis's invalid ones
(negative mode, answered 400 or 404 — never 5xx). In positive mode a body starts from one of
the operation's `x-examples` where it has some; ids in the path and in the body are ids of
records the user can see (the `x-model` of a field), in a state the operation allows (its
`x-states`), so a write can succeed (docs/api.md describes the extensions).
`test_most_generated_bodies_are_accepted` holds each write operation, for each role permitted
to perform it, to the issue's "most bodies accepted"; its table is printed at the end of the
run (tests/api/conftest.py).

Bounded: SCHEMATHESIS_EXAMPLES examples per operation and role (default 4), fuzzing phase
only, no shrinking, derandomized (the same examples on every run). Each worker loads the demo
once (about 17 s).
"""

import datetime
import json
import os
import pathlib
import random
import re
import warnings
from collections import defaultdict

import pytest
import schemathesis
from django.apps import apps
from django.core.wsgi import get_wsgi_application
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.core import NotSet
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from stdnum.cn import ric

from gongzhi.core import api_schema
from gongzhi.core.errors import Common
from gongzhi.org.roles import permissions_of
from tests.api.demo_data import api_schema_dict, path_model, visible_ids

# Each test also runs in pytest-django's transaction (which tells it to set up the database).
pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "4"))
ROLES = ("street_admin", "grid_worker")
# Roles that hold permissions neither of ROLES holds: each fuzzes only the operations no role
# of ROLES may perform (opinions, supervision and refusing a task for the committee member;
# the resident's own requests and ballot), so every write operation has a permitted role.
EXTRA_ROLES = ("committee_member", "resident")
WRITES = ("POST", "PUT", "PATCH")
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
HYPOTHESIS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    phases=[Phase.generate],
    suppress_health_check=list(HealthCheck),
    derandomize=True,
    database=None,
)


def permitted(role: str, definition: dict) -> bool:
    """Whether the role grants the operation's `x-permission` (somewhere: the place is the
    records'); an operation without one is open to any signed-in user."""
    permission = definition.get("x-permission")
    return permission is None or permission in permissions_of(role)


def _needs_extra_role(ctx) -> bool:
    return not any(permitted(role, ctx.operation.definition.raw) for role in ROLES)


def _body_schema(operation) -> dict:
    body = operation.definition.raw.get("requestBody", {}).get("content", {})
    media = body.get("application/json", {}).get("schema", {})
    ref = media.get("$ref", "")
    if ref:
        return SCHEMA_DICT["components"]["schemas"][ref.rsplit("/", 1)[1]]
    return media


def _states(operation, body) -> dict[str, tuple]:
    """The operation's `x-states` rules that apply to this body: what each named record
    (`id` in the path, or a body field) must be in, as ((field, lookup, values), ...): lookup
    "in" (one of the values), "within_days" (a time within the last values[0] days),
    "before_days" (a time at least values[0] days ago), "not_in" (none of the values), "min_count" (at least values[0] related
    records with the values of values[1]) or "decider" (the signed-in user decides at the
    record's current review level)."""
    found: dict[str, list] = defaultdict(list)
    for rule in operation.definition.raw.get("x-states", []):
        when = rule.get("when", {})
        if all(isinstance(body, dict) and body.get(k) == v for k, v in when.items()):
            if "within_days" in rule:
                found[rule["of"]].append((rule["field"], "within_days", (rule["within_days"],)))
            elif "before_days" in rule:
                found[rule["of"]].append((rule["field"], "before_days", (rule["before_days"],)))
            elif "decider" in rule:
                found[rule["of"]].append(("level", "decider", (rule["decider"],)))
            elif "not_in" in rule:
                found[rule["of"]].append((rule["field"], "not_in", tuple(rule["not_in"])))
            elif "min_count" in rule:
                where = tuple(sorted(rule.get("where", {}).items()))
                found[rule["of"]].append((rule["field"], "min_count", (rule["min_count"], where)))
            else:
                found[rule["of"]].append((rule["field"], "in", tuple(rule["in"])))
    return {of: tuple(rules) for of, rules in found.items()}


_LISTS = ("in", "not_in")  # the lookups whose values may name "$id" or "$.name"


def _resolved(rules: tuple, pk, body: dict) -> tuple:
    """A record's rules with "$id" (the record in the path) and "$.name" (the value of the
    body's field `name`) replaced by their values."""

    def value(v):
        if v == api_schema.PATH_RECORD:
            return pk
        if isinstance(v, str) and v.startswith(api_schema.BODY_FIELD):
            return body.get(v.removeprefix(api_schema.BODY_FIELD))
        return v

    return tuple(
        (f, lookup, tuple(value(v) for v in values) if lookup in _LISTS else values)
        for f, lookup, values in rules
    )


def _body_refs(rules: tuple) -> set[str]:
    """The body fields a record's rules name ("$.name")."""
    prefix = api_schema.BODY_FIELD
    return {
        v.removeprefix(prefix)
        for _f, lookup, values in rules
        for v in values
        if lookup in _LISTS and isinstance(v, str) and v.startswith(prefix)
    }


def _from_example(case, rng):
    """A body based on one of the operation's `x-examples` (valid bodies for rules a schema
    cannot carry: uniqueness, one field depending on another): the example's fields keep the
    example's values, the fields it leaves out keep the generated ones."""
    examples = case.operation.definition.raw.get("x-examples")
    if examples and isinstance(case.body, dict):
        now = timezone.now().isoformat()
        example = json.loads(
            json.dumps(rng.choice(examples)).replace(json.dumps(api_schema.NOW), json.dumps(now))
        )
        if case.media_type in ("multipart/form-data", "application/x-www-form-urlencoded"):
            # a form cannot say null: it leaves the field out (docs/api.md)
            for name in [k for k, v in example.items() if v is None]:
                del example[name]
                case.body.pop(name, None)
        case.body = {**case.body, **example}


def _keep_unchanged(case, label):
    """An edit sends the stored value of each field the record keeps (`x-unchanged`)."""
    fields = case.operation.definition.raw.get("x-unchanged", [])
    if not fields or not isinstance(case.body, dict):
        return
    pk = case.path_parameters["id"]
    if not isinstance(pk, int) or not 0 < pk < 2**63:
        return
    record = apps.get_model(label)._default_manager.filter(pk=pk).first()
    if record is None:
        return
    for name in fields:
        if name in case.body or case.method.upper() == "PUT":
            case.body[name] = getattr(record, f"{name}_id", getattr(record, name, None))


def _refer_to_visible_records(case, demo, role, rng):
    """Ids in the path and in the body: records the user can see, in a state the operation
    allows (`x-states`); a field with `x-model-field` holds that field of such a record (a
    tag's code) instead of its id; random, reproducible."""
    states = _states(case.operation, case.body)
    pk = None
    if "id" in (case.path_parameters or {}):
        label = path_model(case.operation.path)
        ids = visible_ids(demo, role, label, states.get("id", ())) if label else []
        if ids:
            case.path_parameters["id"] = rng.choice(ids)
        pk = case.path_parameters["id"]
    if not isinstance(case.body, dict):
        return
    properties = _body_schema(case.operation).get("properties", {})
    # a field whose records depend on another field's value ("$.name") is picked after it
    names = sorted(properties, key=lambda n: bool(_body_refs(states.get(n, ()))))
    for name in names:
        prop = properties[name]
        label = prop.get("x-model")
        if not label or name not in case.body:
            continue
        rules = _resolved(states.get(name, ()), pk, case.body)
        ids = visible_ids(demo, role, label, rules, prop.get("x-model-field", "pk"))
        if not ids:
            continue
        if prop.get("type") == "array" and isinstance(case.body[name], list):
            case.body[name] = rng.sample(ids, min(len(case.body[name]), len(ids)))
        elif case.body[name] is not None:
            case.body[name] = rng.choice(ids)
    if "id" in (case.path_parameters or {}) and path_model(case.operation.path):
        _keep_unchanged(case, path_model(case.operation.path))


def _input_layer_refusal(case, response) -> bool:
    """A 400 of core.hostile_input, which answers before any view (and its permission) for
    a NUL or an over-long number in a query parameter, even one the schema allows."""
    try:
        body = response.json()
    except ValueError:
        return False
    names = {*(case.query or {}), "query", "path"}
    hostile = {Common.NULL_CHARACTER, Common.NUMBER_TOO_LONG}
    return (
        response.status_code == 400
        and isinstance(body, dict)
        and set(body) <= names
        and all(e.get("code") in hostile for errors in body.values() for e in errors)
    )


def _call(case, role, demo, django_db_blocker):
    """Call the operation as the role's user in a savepoint rolled back afterwards; check
    the answer against the schema. Returns (positive, accepted) for a write body."""
    if (case.method.upper(), case.path) in SKIP:
        return False, False
    body = None if isinstance(case.body, NotSet) else case.body
    rng = random.Random(repr((case.method, case.path, body, case.query)))
    headers = {"Authorization": f"Token {demo['tokens'][role]}"}
    positive = case.meta.generation.mode == GenerationMode.POSITIVE
    with django_db_blocker.unblock():
        if positive:
            _from_example(case, rng)
            _refer_to_visible_records(case, demo, role, rng)
        with transaction.atomic():
            response = case.call(headers=headers)
            transaction.set_rollback(True)
    case.validate_response(response, checks=CHECKS)
    ok = 200 <= response.status_code < 300
    if not permitted(role, case.operation.definition.raw):
        # Not the role's to do: refused before anything is read (403), or the record is not
        # visible (404) — never done.
        assert not ok, (case.method, case.path, role, response.status_code)
        if positive and not _input_layer_refusal(case, response):
            assert response.status_code in (403, 404), (case.path, role, response.status_code)
        return False, False
    write = positive and case.method.upper() in WRITES
    if write and REFUSALS and not ok:
        body = None if isinstance(case.body, NotSet) else case.body
        with open(REFUSALS, "a", encoding="utf-8") as f:
            line = [case.method, case.path, role, response.status_code, body]
            f.write(json.dumps([*line, response.text[:500]], ensure_ascii=False) + "\n")
    return write, write and ok


def test_most_generated_bodies_are_accepted(demo, django_db_blocker, tmp_path_factory):
    """For every write operation and each role permitted to perform it, most schema-valid
    bodies are accepted (2xx): the schema says what the validation checks (issue #20).
    First in the file, so that under pytest-xdist one worker starts it while the other fuzzes
    (it takes about a minute and a half in one process; see the section below)."""
    rows, refused, passing = [], [], []
    for operation in _write_operations():
        key = (operation.method.upper(), operation.path)
        for role in (*ROLES, *EXTRA_ROLES):
            if not permitted(role, operation.definition.raw):
                continue
            if role in EXTRA_ROLES and any(permitted(r, operation.definition.raw) for r in ROLES):
                continue
            positive, accepted = _acceptance(operation, role, demo, django_db_blocker)
            rows.append([*key, role, positive, accepted])
            most = accepted * 2 > positive
            if key in NOT_COUNTED:
                continue
            if (*key, role) in NOT_YET_ACCEPTED:
                if most:
                    passing.append(f"{accepted}/{positive} {key[0]} {key[1]} ({role})")
            elif not most:
                refused.append(f"{accepted}/{positive} {key[0]} {key[1]} ({role})")
    path = acceptance_dir(tmp_path_factory) / "acceptance.json"
    path.write_text(json.dumps(rows))
    assert len({(m, p) for m, p, *_ in rows}) > 150
    assert {(m, p, r) for m, p, r, *_ in rows} >= set(NOT_YET_ACCEPTED)
    assert not refused, "most bodies refused:\n" + "\n".join(refused)
    if passing:
        # A listed pair near half may tip either way with the database's ids (SQLite and
        # PostgreSQL number the demo's records differently): said, not failed.
        warnings.warn(
            "now accepted: take off NOT_YET_ACCEPTED:\n" + "\n".join(passing), stacklevel=1
        )


@pytest.mark.parametrize("role", ROLES)
@schema.parametrize()
@HYPOTHESIS
def test_api(case, role, demo, django_db_blocker):
    _call(case, role, demo, django_db_blocker)


@pytest.mark.parametrize("role", EXTRA_ROLES)
@schema.include(_needs_extra_role).parametrize()
@HYPOTHESIS
def test_api_as_other_roles(case, role, demo, django_db_blocker):
    _call(case, role, demo, django_db_blocker)


# --- most schema-valid bodies are accepted ---------------------------------------------------
#
# Computed in one test, in one process, from its own positive examples: under pytest-xdist the
# fuzz tests above are spread over the workers, and no test can wait for the others' counts
# (`--dist loadgroup` would put the whole file on one worker). The cost is one more positive
# run of each write operation (about a minute of the file's time).

# Operations where no generated body can be accepted, by the nature of the rule.
NOT_COUNTED = {
    # A new street lies outside every street admin's area (role AND place): always refused
    # as out of scope; streets are set up by a superuser (gongzhi demo, the admin site).
    ("POST", "/api/streets/"): "a new street is outside the admin's own area",
    # Uploads a spreadsheet in the import format: generated bytes are never one.
    ("POST", "/api/imports/"): "an .xlsx or .csv file in the import format",
    # Done is reported with at least one photo after handling (GB/T 30428: the evidence the
    # grid worker checks on site): an image in a multipart body (a JSON body carries no
    # file), and generated bytes are never an image.
    ("POST", "/api/cases/cases/{id}/report-done/"): "an after-photo, an image file",
    # One access policy per street (its plaque limit, lead and decision days), edited by PUT
    # and PATCH: a new one is for a street without one, and the admin's only street has its
    # policy; a new street is outside the admin's area (above).
    ("POST", "/api/access/policies/"): "one policy per street: the admin's only one has it",
}

# NOT DONE (issue #20): (operation, role) pairs where most schema-valid bodies are still
# refused, by why. A ratchet, not an exception list: a pair that starts passing must be taken
# off (the test says so), and none may be added.
# One voting election serves the count (every station's tally entered twice and in
# agreement, or no ballot issued there): a station with two disagreeing entries to discard
# would keep it from being counted, and no `x-states` rule tells a countable election from
# one with such a station (a second voting election seeded for it would be picked for `count`
# too, whose rule is a condition over all its stations, not one of the kinds).
_ONE_VOTING_ELECTION = (
    "a station with disagreeing entries blocks the count of the one voting election"
)
# A post for each elected candidate, each once: the set of the election's winners in one body.
_EVERY_WINNER = "every elected candidate once: a set no schema or example can name"
_SA = "street_admin"
NOT_YET_ACCEPTED = {
    ("POST", "/api/selfgov/elections/{id}/discard-sheets/", _SA): _ONE_VOTING_ELECTION,
    ("POST", "/api/selfgov/elections/{id}/hand-over/", _SA): _EVERY_WINNER,
}


def _write_operations():
    for result in schema.get_all_operations():
        operation = result.ok()
        key = (operation.method.upper(), operation.path)
        if key[0] in WRITES and key not in SKIP:
            yield operation


def _acceptance(operation, role, demo, django_db_blocker) -> tuple[int, int]:
    counts = [0, 0]

    @HYPOTHESIS
    @given(case=operation.as_strategy(generation_mode=GenerationMode.POSITIVE))
    def run(case):
        positive, accepted = _call(case, role, demo, django_db_blocker)
        counts[0] += positive
        counts[1] += accepted

    run()
    return counts[0], counts[1]


def acceptance_dir(tmp_path_factory) -> pathlib.Path:
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # shared by the workers and the controller
    path = root / "schemathesis-acceptance"
    path.mkdir(exist_ok=True)
    return path


def test_every_write_operation_is_fuzzed():
    """Keep the run honest: no write operation silently falls out of it, and each has a role
    in the run permitted to perform it."""
    writes = [
        (m.upper(), p, op)
        for p, item in SCHEMA_DICT["paths"].items()
        for m, op in item.items()
        if m in ("post", "put", "patch", "delete")
    ]
    assert len(writes) > 150
    assert all(re.fullmatch(r"/api/.*", p) for _m, p, _op in writes)
    nobody = [
        (m, p) for m, p, op in writes if not any(permitted(r, op) for r in (*ROLES, *EXTRA_ROLES))
    ]
    assert nobody == []
