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


def test_schema_names_records_by_a_field_and_form_bodies_without_null(db):
    """A record named by another of its fields (a special group by its code) says which
    (`x-model-field`); a form body cannot say null, so its nullable fields are documented
    without null (left out or empty they are null); `x-states` may name a time window and
    another body field (docs/api.md)."""
    from tests.api.demo_data import api_schema_dict

    schema = api_schema_dict()
    components = schema["components"]["schemas"]
    tag = components["TagSetRequest"]["properties"]["tag"]
    assert (tag["x-model"], tag["x-model-field"]) == ("registry.tag", "code")
    body = schema["paths"]["/api/cases/cases/"]["post"]["requestBody"]["content"]
    assert body["application/json"]["schema"]["$ref"].endswith("/CaseCreateJsonRequest")
    assert body["multipart/form-data"]["schema"]["$ref"].endswith("/CaseCreateFormRequest")
    assert components["CaseCreateJsonRequest"]["properties"]["building"]["nullable"] is True
    form = components["CaseCreateFormRequest"]["properties"]
    assert not any(prop.get("nullable") for prop in form.values())
    assert form["building"]["x-model"] == "registry.building"
    reopen = schema["paths"]["/api/cases/cases/{id}/reopen/"]["post"]["x-states"]
    assert {"of": "id", "field": "closed_at", "within_days": 30} in reopen
    attend = schema["paths"]["/api/selfgov/assemblies/{id}/attend/"]["post"]
    number = components["AssemblyAttendRequest"]["properties"]["id_number"]
    assert (number["x-model"], number["x-model-field"]) == ("registry.resident", "id_number")
    assert {"of": "id_number", "field": "birth_date", "before_days": 6575} in attend["x-states"]
    voter = schema["paths"]["/api/selfgov/voters/"]["post"]["x-states"]
    assert {"of": "id_number", "field": "community__elections", "in": ["$.election"]} in voter
    split = schema["paths"]["/api/registry/households/{id}/split/"]["post"]["x-states"]
    two = {"of": "id", "field": "members", "min_count": 2, "where": {"status": "active"}}
    assert two in split
    # no step leads back to "not filed": the filing enum has only the statuses steps reach
    filing = components["CharterFilingRequest"]["properties"]["filing"]["allOf"][0]["$ref"]
    enum = components[filing.rsplit("/", 1)[1]]["enum"]
    assert "not_filed" not in enum and "filed" in enum


def test_an_unmatched_api_url_answers_json_404(db):
    response = Client().get("/api/registry/residents/1.5/")
    assert response.status_code == 404
    assert response.json() == {"detail": response.json()["detail"]}
