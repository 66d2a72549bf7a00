"""A refused search term is a field error on `search` (core.api.SearchFilter), like every
other 400 of the API, not a bare list (found by the schemathesis run)."""

from django.test import Client

from gongzhi.core import api_tokens


def test_a_search_with_a_control_character_is_a_field_error(users):
    key = api_tokens.issue(users["street_admin"])
    r = Client().get("/api/staff/", {"search": "张\x0b三"}, HTTP_AUTHORIZATION=f"Token {key}")
    assert r.status_code == 400
    error = r.json()["search"][0]
    assert list(r.json()) == ["search"] and "U+000B" in error["message"]
    assert error["code"] == "control_character"
    ok = Client().get("/api/staff/", {"search": "张三"}, HTTP_AUTHORIZATION=f"Token {key}")
    assert ok.status_code == 200
