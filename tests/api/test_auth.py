"""Token authentication for integrations, /api/me/, and the browser session's second factor."""

import datetime

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice

from gongzhi.core.api_tokens import digest
from gongzhi.core.models import ApiToken as Token
from gongzhi.core.models import AuditEntry
from tests.conftest import PASSWORD

TOKEN_URL = "/api/auth/token/"


def post_token(client, **data):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client.post(TOKEN_URL, data, content_type="application/json")


def test_token_issued_for_password_and_audited(users):
    client = Client()
    response = post_token(client, username="alice", password=PASSWORD)
    assert response.status_code == 200, response.content
    key = response.json()["token"]
    assert Token.objects.get(user=users["grid_worker"]).digest == digest(key)
    entry = AuditEntry.objects.filter(
        action=AuditEntry.Action.LOGIN, actor=users["grid_worker"]
    ).get()
    assert entry.extra["via"] == "api_token"
    assert key not in str(entry.extra)

    me = Client().get("/api/me/", HTTP_AUTHORIZATION=f"Token {key}")
    assert me.status_code == 200
    assert me.json()["username"] == "alice"


def test_token_revoked(users):
    key = post_token(Client(), username="alice", password=PASSWORD).json()["token"]
    auth = {"HTTP_AUTHORIZATION": f"Token {key}"}
    response = Client().delete(TOKEN_URL, **auth)
    assert response.status_code == 204
    assert not Token.objects.filter(user=users["grid_worker"]).exists()
    assert AuditEntry.objects.filter(
        action=AuditEntry.Action.LOGOUT, actor=users["grid_worker"]
    ).exists()
    assert Client().get("/api/me/", **auth).status_code == 401


def test_revocation_needs_authentication(db):
    assert Client().delete(TOKEN_URL).status_code == 401


def test_wrong_password_is_a_clear_400(users):
    response = post_token(Client(), username="alice", password="wrong-password-123")
    assert response.status_code == 400
    assert "Wrong username or password" in response.json()["non_field_errors"][0]["message"]
    assert not Token.objects.exists()


def test_missing_fields_are_field_errors(db):
    response = post_token(Client(), username="alice")
    assert response.status_code == 400
    assert "password" in response.json()


def test_lockout_applies_to_the_token_endpoint(users, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        post_token(client, username="alice", password="wrong-password-123")
    # Even the right password is refused while the account is locked.
    response = post_token(client, username="alice", password=PASSWORD)
    assert response.status_code == 429
    assert "locked" in response.json()["detail"]
    assert not Token.objects.exists()
    assert AuditEntry.objects.filter(action=AuditEntry.Action.LOGIN_FAILED).count() >= 1


def test_second_factor_required_for_street_admin(users):
    admin = users["street_admin"]
    response = post_token(Client(), username="street_admin", password=PASSWORD)
    assert response.status_code == 400
    assert not Token.objects.filter(user=admin).exists()

    device = StaticDevice.objects.create(user=admin, name="backup")
    device.token_set.create(token="12345678")
    response = post_token(
        Client(), username="street_admin", password=PASSWORD, otp_token="12345678"
    )
    assert response.status_code == 200
    assert Token.objects.filter(user=admin).exists()


def test_wrong_one_time_code_answers_like_a_wrong_password_and_is_counted(users, settings):
    admin = users["street_admin"]
    StaticDevice.objects.create(user=admin, name="backup").token_set.create(token="12345678")
    wrong_password = post_token(Client(), username="street_admin", password="wrong-pass-123")
    wrong_code = post_token(
        Client(), username="street_admin", password=PASSWORD, otp_token="99999999"
    )
    no_code = post_token(Client(), username="street_admin", password=PASSWORD)
    assert wrong_code.status_code == no_code.status_code == wrong_password.status_code == 400
    assert wrong_code.json() == no_code.json() == wrong_password.json()
    assert not Token.objects.filter(user=admin).exists()
    assert AuditEntry.objects.filter(
        action=AuditEntry.Action.LOGIN_FAILED, object_id=str(admin.pk), extra__stage="otp"
    ).exists()
    # axes counted the one-time-code failures: the remaining ones lock the address out.
    for _ in range(settings.AXES_FAILURE_LIMIT - 3):
        post_token(Client(), username="street_admin", password=PASSWORD, otp_token="99999999")
    response = post_token(
        Client(), username="street_admin", password=PASSWORD, otp_token="12345678"
    )
    assert response.status_code == 429


def test_tokens_are_stored_hashed(users):
    key = post_token(Client(), username="alice", password=PASSWORD).json()["token"]
    row = Token.objects.get(user=users["grid_worker"])
    assert key not in str(Token.objects.values().get(pk=row.pk))
    # Each request gets its own new token; the old one keeps working until it expires.
    second = post_token(Client(), username="alice", password=PASSWORD).json()["token"]
    assert second != key
    assert Client().get("/api/me/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 200


def test_tokens_expire(users, settings):
    settings.GONGZHI_API_TOKEN_DAYS = 7
    key = post_token(Client(), username="alice", password=PASSWORD).json()["token"]
    token = Token.objects.get(user=users["grid_worker"])
    assert (token.expires_at - token.created_at).days == 7
    Token.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert Client().get("/api/me/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 401
    assert not Token.objects.exists()


def test_tokens_die_with_a_password_change(users):
    key = post_token(Client(), username="alice", password=PASSWORD).json()["token"]
    user = users["grid_worker"]
    user.set_password("another-horse-battery-7")
    user.save()
    assert Client().get("/api/me/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 401
    new = post_token(Client(), username="alice", password="another-horse-battery-7")
    auth = {"HTTP_AUTHORIZATION": f"Token {new.json()['token']}"}
    assert Client().get("/api/me/", **auth).status_code == 200


def test_session_without_second_factor_cannot_use_the_api(users, client, verified_client):
    client.force_login(users["street_admin"])  # password only, no OTP
    assert client.get("/api/communities/").status_code in (401, 403)
    verified = verified_client(users["street_admin"])
    assert verified.get("/api/communities/").status_code == 200


def test_session_of_role_without_second_factor_works(users, client):
    client.force_login(users["party_secretary"])
    assert client.get("/api/communities/").status_code == 200


def test_anonymous_is_401(db):
    assert Client().get("/api/communities/").status_code == 401


def test_me_lists_roles_places_and_permissions(users, world, api_client):
    response = api_client(users["party_secretary"]).get("/api/me/")
    assert response.status_code == 200
    data = response.json()
    assert data["username"] == "party_secretary"
    [role] = data["roles"]
    assert role["role"] == "party_secretary"
    assert role["place"] == {"level": "community", "id": world["c1"].pk, "name": "幸福社区"}
    assert "org.add_committeemember" in data["permissions"]
    assert "org.add_street" not in data["permissions"]


@pytest.mark.parametrize("role", ["nobody", "resident"])
def test_me_for_any_signed_in_user(role, users, api_client):
    response = api_client(users[role]).get("/api/me/")
    assert response.status_code == 200
    assert response.json()["username"] == role
