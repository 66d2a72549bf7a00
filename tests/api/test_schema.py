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
