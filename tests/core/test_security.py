"""Security headers, and production mode refusing development keys (subprocesses)."""

import base64
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GONGZHI = str(Path(sys.executable).with_name("gongzhi"))


def test_headers_on_a_public_page(client, db):
    response = client.get("/accounts/login/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self';" in csp and "unsafe-inline' ; " not in csp
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert " ;" not in csp  # no empty source list left behind
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert len(response["X-Request-ID"]) == 32


def test_signed_in_pages_are_not_stored(verified_client, users):
    client = verified_client(users["street_admin"])
    response = client.get("/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "script-src 'self';" in response["Content-Security-Policy"]


def test_incoming_request_id_is_kept_when_well_formed(client, db):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="abcd-1234-efgh-5678")
    assert response["X-Request-ID"] == "abcd1234efgh5678"
    response = client.get("/healthz", HTTP_X_REQUEST_ID="<script>")
    assert response["X-Request-ID"] != "<script>"


# --- production mode (DEBUG off, not testing) ------------------------------------------


def _key() -> str:
    return base64.b64encode(secrets.token_bytes(32)).decode()


def production_env(**overrides) -> dict:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DJANGO_SETTINGS_MODULE": "gongzhi.settings",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "GONGZHI_FIELD_KEYS": f"p1:{_key()}",
        "GONGZHI_INDEX_KEY": _key(),
        "ALLOWED_HOSTS": "gongzhi.example.org",
        "DATABASE_URL": "sqlite:///:memory:",
    }
    env.update(overrides)
    return {k: v for k, v in env.items() if v is not None}


def start(env) -> subprocess.CompletedProcess:
    code = "import django; django.setup(); print('started')"
    return subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=ROOT, timeout=120
    )


def test_production_starts_with_real_keys():
    result = start(production_env())
    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("SECRET_KEY", "SECRET_KEY"),
        ("GONGZHI_FIELD_KEYS", "GONGZHI_FIELD_KEYS"),
        ("GONGZHI_INDEX_KEY", "GONGZHI_INDEX_KEY"),
        ("ALLOWED_HOSTS", "ALLOWED_HOSTS"),
    ],
)
def test_production_refuses_missing_settings(name, message):
    result = start(production_env(**{name: None}))
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and message in result.stderr


def test_production_refuses_the_development_defaults():
    from gongzhi import settings as s

    for name, value in [
        ("SECRET_KEY", s.DEV_SECRET_KEY),
        ("GONGZHI_FIELD_KEYS", s.DEV_FIELD_KEYS),
        ("GONGZHI_FIELD_KEYS", f"p1:{_key()},{s.DEV_FIELD_KEYS}"),  # even as an old key
        ("GONGZHI_INDEX_KEY", s.DEV_INDEX_KEY),
        ("SECRET_KEY", "short"),
    ]:
        result = start(production_env(**{name: value}))
        assert result.returncode != 0, name
        assert name in result.stderr


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("GONGZHI_FIELD_KEYS", "p1:notbase64!"),
        ("GONGZHI_FIELD_KEYS", "p1"),
        ("GONGZHI_INDEX_KEY", "c2hvcnQ="),
    ],
)
def test_malformed_keys_fail_at_start_up(name, value):
    result = start(production_env(**{name: value}))
    assert result.returncode != 0
    assert name in result.stderr


def test_deploy_check_passes_in_production_mode():
    result = subprocess.run(
        [GONGZHI, "check", "--deploy", "--fail-level", "WARNING"],
        env=production_env(),
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_security_settings():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SECURE_HSTS_SECONDS >= 31536000, s.SESSION_COOKIE_HTTPONLY)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=production_env(),
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert result.stdout.split() == ["True"] * 5, result.stderr


def _gongzhi_without_settings(*args) -> subprocess.CompletedProcess:
    # A fresh checkout: no DEBUG, no keys, nothing set.
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "DATABASE_URL": "sqlite:///:memory:"}
    return subprocess.run(
        [GONGZHI, *args], env=env, capture_output=True, text=True, cwd=ROOT, timeout=300
    )


def test_makemigrations_check_needs_no_secrets():
    # It only reads model definitions, so it runs in a bare checkout (CI hooks, editors).
    result = _gongzhi_without_settings("makemigrations", "--check", "--dry-run")
    assert result.returncode == 0, result.stdout + result.stderr


def test_other_commands_still_refuse_the_development_keys():
    result = _gongzhi_without_settings("migrate", "--check")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
