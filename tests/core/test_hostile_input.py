"""Query parameters, form fields and paths that no field can hold answer 400, never 500
(core.hostile_input): a NUL character (PostgreSQL cannot compare it) and a number longer than
18 digits (it overflows both databases' integers). Every API list endpoint is tried with every
filter parameter its OpenAPI schema declares, and every page of the site with a parameter."""

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from gongzhi.org.roles import Role
from tests.conftest import make_user
from tests.registry.helpers import reg  # noqa: F401

NUL = "a\x00b"
HUGE = "1" * 23


def _schema(client):
    return client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()


def _list_operations(schema):
    """(path, [query parameter names]) of every GET without path parameters."""
    for path, item in schema["paths"].items():
        get = item.get("get")
        if get is None or "{" in path:
            continue
        names = [p["name"] for p in get.get("parameters", []) if p.get("in") == "query"]
        yield path, names or ["q"]


@pytest.fixture
def admin_client(world, verified_client):
    return verified_client(make_user("hostile_admin", Role.STREET_ADMIN, world["s1"]))


@pytest.mark.parametrize("value", [NUL, HUGE], ids=["nul", "23-digits"])
def test_every_api_filter_parameter_refuses_nul_and_overlong_numbers(admin_client, reg, value):  # noqa: F811
    tried = 0
    for path, names in _list_operations(_schema(admin_client)):
        for name in names:
            r = admin_client.get(path, {name: value})
            assert r.status_code == 400, (path, name, r.status_code)
            assert name in r.json(), (path, name, r.content[:200])
            tried += 1
    assert tried > 100  # the whole API, not a handful


def _page_paths():
    """Every page of the site whose URL takes no argument (admin and API left to their own
    tests)."""

    def walk(patterns, prefix=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern):
                route = prefix + str(p.pattern)
                if "<" not in route and "(?P" not in route and "^" not in route:
                    yield "/" + route

    skip = ("admin/", "api/", "open311/", "static/", "media/", "i18n/")
    return sorted({p for p in walk(get_resolver().url_patterns) if not p[1:].startswith(skip)})


def test_every_page_refuses_nul_and_overlong_numbers_with_a_400_page(admin_client):
    paths = _page_paths()
    assert len(paths) > 30
    for path in paths:
        for value in (NUL, HUGE):
            r = admin_client.get(path, {"q": value, "grid": value})
            assert r.status_code == 400, (path, r.status_code)
    r = admin_client.get(reverse("registry:search"), {"q": NUL})
    assert "NUL" in r.content.decode() and "<html" in r.content.decode()


def test_an_overlong_id_in_the_path_is_not_found_not_a_500(admin_client, reg):  # noqa: F811
    assert admin_client.get(f"/registry/households/{HUGE}/").status_code == 404
    assert admin_client.get(f"/api/registry/households/{HUGE}/").status_code == 404
    # The longest real number (an 18-digit ID) still passes the layer.
    assert admin_client.get("/api/registry/households/", {"q": "1" * 18}).status_code == 200


def test_a_nul_in_a_form_body_is_refused_but_long_numbers_in_text_are_kept(admin_client, reg):  # noqa: F811
    url = reverse("registry:household_edit", args=[reg["h1"].pk])
    assert admin_client.post(url, {"address": NUL}).status_code == 400
    assert admin_client.post(url, {"address": f"幸福路 {HUGE} 号"}).status_code != 400


def test_open311_answers_its_own_error_list(db):
    client = Client()
    r = client.get("/open311/v2/services.json", {"jurisdiction_id": NUL})
    assert r.status_code == 400 and r.json()[0]["code"] == 400
    r = client.get(f"/open311/v2/requests/{HUGE}.xml")
    assert r.status_code == 404 and b"<errors>" in r.content
