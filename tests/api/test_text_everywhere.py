"""Issue #20's check: stored text never breaks a reader. Every text field is found by
introspection — a new field is covered without touching this file:

- the API: every string property of every write operation's request body in the OpenAPI
  schema (i.e. every writable CharField/TextField of every serializer);
- the forms: every CharField of every ModelForm of every app;
- the registry import: every text column of every import kind;

each gets values with C0/C1 control characters (every character in turn, spread over the
fields, plus the \\x0b\\x1b a fuzzer first found), and each write is refused with an error on
that field. Then bad values are put straight into every text field of every model (as a
legacy row would have them) and every reader answers 200: every export (.xlsx/.csv, API and
pages), the Open311 XML and JSON feeds, every page without arguments and every page and API
detail of a record.
"""

import csv
import inspect
import itertools
import json
import xml.etree.ElementTree as ET
from importlib import import_module

import pytest
from django import forms
from django.apps import apps
from django.db import models, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import translation

from gongzhi.core.api_schema import ID_NUMBER_FORMAT, PHONE_FORMAT
from gongzhi.core.fields import BlindIndexField
from tests.api.demo_data import api_schema_dict, path_model, visible_ids

pytestmark = pytest.mark.django_db

CONTROLS = [chr(c) for c in [*range(1, 0x20), *range(0x7F, 0xA0)] if chr(c) not in "\t\n\r"]
FOUND = "\x0b\x1b"  # the fuzzer's value (issue #20)
# Writes only residents (and committee members for opinions and supervision) make, and the
# verification of a case, which only the grid worker of its grid does (cases.verify_case).
RESIDENT_DOORS = {
    "/api/services/my-requests/",
    "/api/services/opinions/",
    "/api/services/supervisions/",
    "/api/cases/cases/{id}/pass-verification/",
    "/api/cases/cases/{id}/fail-verification/",
    # --- volunteers and activities: the volunteer's own places (civil.add_assignment) ---
    "/api/civil/my-assignments/",
    "/api/civil/my-assignments/{id}/decline/",
    "/api/civil/my-assignments/{id}/withdraw/",
    "/api/civil/my-assignments/{id}/check-in/",
    "/api/civil/my-assignments/{id}/check-out/",
    "/api/civil/my-assignments/{id}/rate/",
    # --- leaders' activities: a residents' leader's own (civil.add_assignment) ---
    "/api/civil/my-activities/",
}


SCHEMA_DICT = api_schema_dict()


def _chars():
    return itertools.cycle(CONTROLS)


def _resolve_ref(schema: dict) -> dict:
    ref = schema.get("$ref")
    if ref:
        return SCHEMA_DICT["components"]["schemas"][ref.rsplit("/", 1)[1]]
    return schema


def api_text_fields():
    """(method, path, field) for every string property of every JSON write body."""
    found = []
    for path, item in SCHEMA_DICT["paths"].items():
        for method, op in item.items():
            if method not in ("post", "put", "patch"):
                continue
            content = op.get("requestBody", {}).get("content", {})
            body = _resolve_ref(content.get("application/json", {}).get("schema", {}))
            for name, prop in body.get("properties", {}).items():
                if prop.get("type") == "string" and "enum" not in prop and not prop.get("readOnly"):
                    if prop.get("format") not in (None, PHONE_FORMAT, ID_NUMBER_FORMAT):
                        continue  # dates, decimals, files: not text
                    found.append((method.upper(), path, name))
    return found


def test_api_refuses_control_characters_in_every_text_field(demo, django_db_blocker):
    fields = api_text_fields()
    assert len(fields) > 150, len(fields)  # the introspection found them
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    headers = {"HTTP_AUTHORIZATION": f"Token {demo['tokens']['street_admin']}"}
    chars = _chars()
    attempts, refused, forbidden, missing = 0, 0, set(), set()
    for method, path, name in fields:
        if path == "/api/auth/token/":
            continue  # credentials: a wrong one is refused without naming the field
        url = path
        if "{id}" in path:
            ids = visible_ids(demo, "street_admin", path_model(path))
            if not ids:  # the demo has no such record (dwellings): nothing to write to
                missing.add(path)
                continue
            url = path.replace("{id}", str(ids[0]))
        for value in (f"甲{next(chars)}乙", f"甲乙{FOUND}"):
            attempts += 1
            with django_db_blocker.unblock(), transaction.atomic():
                r = getattr(client, method.lower())(
                    url, {name: value}, content_type="application/json", **headers
                )
                transaction.set_rollback(True)
            assert r.status_code != 500, (method, path, name, r.content[:300])
            if r.status_code == 403:
                forbidden.add(path)
                continue
            assert r.status_code == 400, (method, path, name, r.status_code, r.content)
            assert name in r.json(), (method, path, name, r.json())
            refused += 1
    # The street admin may do nearly everything; what they may not is a resident's own door.
    assert forbidden <= RESIDENT_DOORS, forbidden
    assert refused > 0.9 * attempts, (refused, attempts)
    assert len(missing) <= 2, missing


def _model_forms():
    for config in apps.get_app_configs():
        if not config.name.startswith("gongzhi."):
            continue
        try:
            module = import_module(f"{config.name}.forms")
        except ModuleNotFoundError:
            continue
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if (
                issubclass(cls, forms.ModelForm)
                and cls.__module__ == module.__name__
                and getattr(cls._meta, "model", None) is not None
            ):
                yield config.label, cls


def test_every_model_form_refuses_control_characters_in_every_text_field(demo):
    admin = demo["users"]["street_admin"]
    chars = _chars()
    per_app = {}
    for app, cls in _model_forms():
        params = inspect.signature(cls.__init__).parameters
        extra = {"user": admin} if "user" in params else {}
        probe = cls(**extra)
        text = [
            name
            for name, f in probe.fields.items()
            if type(f) in (forms.CharField,) and not isinstance(f.widget, forms.HiddenInput)
        ]
        for name in text:
            for value in (f"甲{next(chars)}乙", f"甲乙{FOUND}"):
                form = cls(data={name: value}, **extra)
                with translation.override("en"):
                    assert not form.is_valid()
                    assert name in form.errors, (cls.__name__, name, form.errors)
            per_app[app] = per_app.get(app, 0) + 1
    # at least one form per app that has forms with text
    assert {"org", "registry", "access", "selfgov", "services"} <= set(per_app), per_app


def test_import_refuses_control_characters_in_every_text_column(demo, tmp_path):
    from gongzhi.org.models import Community
    from gongzhi.registry.imports import columns as C
    from gongzhi.registry.imports import run_import

    community = Community.objects.order_by("pk").first()
    chars = _chars()
    for kind in C.KINDS.values():
        text = [c for c in kind.columns if c.type == C.TEXT]
        assert text, kind.name
        with translation.override("zh-hans"):
            headers = [str(c.label) for c in kind.columns]
        path = tmp_path / f"{kind.name}.csv"
        rows = []
        for col in text:
            for bad in (f"甲{next(chars)}乙", f"甲乙{FOUND}"):
                rows.append([bad if c is col else (c.example or "") for c in kind.columns])
        with open(path, "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f)
            w.writerow(headers)
            w.writerows(rows)
        result = run_import(kind.name, str(path), community=community, commit=False)
        bad_cells = {(e["row"], e["column"]) for e in result.errors}
        for i, row in enumerate(rows):
            col = next(c for c, v in zip(kind.columns, row, strict=True) if "甲" in str(v))
            with translation.override("zh-hans"):
                label = str(col.label)
            assert any(column == label for _r, column in bad_cells if _r == i + 2), (
                kind.name,
                label,
                result.errors[:5],
            )


# --- every reader answers 200 with bad values already stored ---------------------------------

BAD = "\x01\x0b\x1b\x7f\x85\x9f"


def _store_bad_values_everywhere() -> int:
    """A control character appended to every text field of every row of every project
    model, written around the rules (queryset.update), as a legacy row would be."""
    changed = 0
    for model in apps.get_models():
        if not model.__module__.startswith("gongzhi."):
            continue
        for f in model._meta.concrete_fields:
            if (
                not isinstance(f, models.CharField | models.TextField)
                or isinstance(f, BlindIndexField)
                or f.choices
                or f.unique
                or f.primary_key
                or getattr(f, "masker", False) is not False  # encrypted: digits only
                or isinstance(f, models.EmailField | models.URLField | models.SlugField)
            ):
                continue
            if f.max_length is not None and f.max_length < 2 * len(BAD):
                continue  # codes of a few characters
            for pk, value in model._base_manager.values_list("pk", f.attname)[:50]:
                if not value:
                    continue
                room = (f.max_length or 10_000) - len(BAD)
                model._base_manager.filter(pk=pk).update(**{f.attname: value[:room] + BAD})
                changed += 1
    return changed


def _page_urls():
    """Every page pattern without arguments (GET)."""
    urls = []

    def walk(patterns, prefix=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern) and "<" not in prefix + str(p.pattern):
                urls.append("/" + prefix + str(p.pattern))

    walk(get_resolver().url_patterns)
    return [
        u
        for u in urls
        if not u.startswith(("/admin", "/static", "/media", "/api/", "/open311/"))
        and "^" not in u
        and "(" not in u
        and not any(w in u for w in ("logout", "log-out", "/docs/", "runserver"))
    ]


def test_every_reader_answers_200_with_bad_values_stored(demo, django_db_blocker, verified_client):
    from gongzhi.open311 import definitions
    from gongzhi.open311.models import ApiKey
    from gongzhi.org.models import Street

    with django_db_blocker.unblock(), transaction.atomic():
        assert _store_bad_values_everywhere() > 100
        admin = Client(HTTP_ACCEPT_LANGUAGE="en")
        headers = {"HTTP_AUTHORIZATION": f"Token {demo['tokens']['street_admin']}"}
        readers = []
        # the API: every GET list and the detail of a visible record
        for path, item in SCHEMA_DICT["paths"].items():
            if "get" not in item or path == "/api/auth/token/":
                continue
            if "{id}" in path:
                ids = visible_ids(demo, "street_admin", path_model(path))
                if not ids:
                    continue
                path = path.replace("{id}", str(ids[0]))
            readers.append(path)
        for url in readers:
            r = admin.get(url, **headers)
            if url.startswith(tuple(RESIDENT_DOORS)):
                continue
            assert r.status_code in (200, 400), (url, r.status_code, r.content[:300])
            if r.status_code == 400:  # an export that needs its parameters
                continue
            if r.get("Content-Type", "").startswith("application/json"):
                r.json()
        # Open311 feeds, XML and JSON
        definitions.clear()
        _obj, key = ApiKey.issue("test", Street.objects.order_by("pk").first())
        for feed in ("requests", "services"):
            for fmt in ("xml", "json"):
                r = Client().get(f"/open311/v2/{feed}.{fmt}", {"api_key": key})
                assert r.status_code == 200, (feed, fmt, r.content[:300])
                if fmt == "xml":
                    ET.fromstring(r.content)  # well-formed
                else:
                    json.loads(r.content)
        definitions.clear()
        # every page without arguments, signed in as the street admin
        pages = verified_client(demo["users"]["street_admin"])
        urls = _page_urls()
        assert len(urls) > 30, urls
        for url in urls:
            r = pages.get(url)
            assert r.status_code in (200, 302, 405), (url, r.status_code, r.content[:300])
            if r.status_code == 200 and r.get("Content-Type", "").startswith("text/html"):
                assert b"Traceback" not in r.content
        transaction.set_rollback(True)
