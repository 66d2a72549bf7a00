"""The OpenAPI schema generates without errors or warnings and is served with its docs page."""

from django.core.management import call_command
from django.test import Client


def test_schema_validates_without_warnings(db, tmp_path):
    # Raises (SchemaGenerationError / SystemExit) on any error or warning.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "s.yml"))
    text = (tmp_path / "s.yml").read_text()
    for path in ("/api/communities/", "/api/committee-members/", "/api/auth/token/", "/api/me/"):
        assert path in text


def test_schema_and_docs_are_served(db):
    client = Client()
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    assert "/api/grids/{id}/" in response.json()["paths"]
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    # Swagger UI comes from our own static files: no CDN at run time.
    assert b"cdn.jsdelivr" not in docs.content and b"unpkg" not in docs.content


def test_schema_carries_the_validation_rules_and_error_answers(db):
    """The OpenAPI document says what the API checks (core.api_schema): the text rule, phone
    and ID number formats, code patterns, related ids' models, and each write operation's 400
    body with the codes each field can be refused with."""
    import re

    from tests.api.demo_data import api_schema_dict

    schema = api_schema_dict()
    components = schema["components"]["schemas"]
    resident = components["ResidentRequest"]["properties"]
    assert resident["id_number"]["format"] == "prc-id-number"
    assert re.fullmatch(resident["id_number"]["pattern"], "11010119900307663X")
    phone = resident["phone"]["oneOf"][0]  # or blank
    assert phone["format"] == "cn-phone"
    assert re.fullmatch(phone["pattern"], "13812345678")
    assert not re.fullmatch(phone["pattern"], "12012345678")
    name = resident["name"]["pattern"]
    assert re.fullmatch(name, "张三") and not re.fullmatch(name, "张\x0b三")
    assert not re.fullmatch(name, "=HYPERLINK(1)") and not re.fullmatch(name, "张\n三")
    assert resident["community"]["x-model"] == "org.community"
    for derived in ("name_pinyin", "sex", "id_number_masked"):
        assert derived not in resident  # read-only: only in the response component
        assert components["Resident"]["properties"][derived]["readOnly"] is True
    assert components["StreetRequest"]["properties"]["division_code"]["pattern"] == r"^\d{12}$"
    post = schema["paths"]["/api/registry/residents/"]["post"]["responses"]
    assert post["400"]["content"]["application/json"]["schema"]["$ref"].endswith("/ValidationError")
    codes = post["400"]["x-error-codes"]
    assert {"required", "checksum", "format"} <= set(codes["id_number"])
    assert {"control_character", "formula", "max_length"} <= set(codes["name"])
    assert {"401", "403", "404", "415"} <= set(post)
    assert "404" in schema["paths"]["/api/access/dashboard/"]["get"]["responses"]


def test_an_unmatched_api_url_answers_json_404(db):
    response = Client().get("/api/registry/residents/1.5/")
    assert response.status_code == 404
    assert response.json() == {"detail": response.json()["detail"]}
