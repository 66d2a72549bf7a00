"""Log-in, log-out, failed log-ins, lock-out after 5 failures (django-axes), password rules."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from gongzhi.core.models import AuditEntry
from gongzhi.core.passwords import CharacterClassValidator
from tests.conftest import PASSWORD

LOGIN = "/accounts/login/"


def login(client, username, password=PASSWORD):
    return client.post(LOGIN, {"username": username, "password": password})


def test_login_page_is_chinese_bootstrap_card(client, db):
    response = client.get(LOGIN)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="card' in html and 'name="viewport"' in html
    assert "登录" in html


def test_login_and_logout_are_audited(client, users):
    response = login(client, "resident")
    assert response.status_code == 302
    assert AuditEntry.objects.filter(action="login", actor=users["resident"]).count() == 1
    # Log-out is POST only.
    assert client.get("/accounts/logout/").status_code == 405
    response = client.post("/accounts/logout/")
    assert response.status_code == 302 and response["Location"] == reverse("login")
    assert AuditEntry.objects.filter(action="logout", actor=users["resident"]).count() == 1


def test_failed_login_is_audited_without_the_password(client, users):
    response = login(client, "resident", "wrong-password-1")
    assert response.status_code == 200
    assert "正确的用户名和密码" in response.content.decode()
    entry = AuditEntry.objects.get(action="login_failed")
    assert entry.object_repr == "resident"
    assert entry.object_id == str(users["resident"].pk)  # shows in the account's history
    assert "wrong-password-1" not in str(entry.extra) + entry.object_repr + entry.reason


def test_five_failures_lock_the_account(client, users):
    for _ in range(4):
        assert login(client, "resident", "wrong-password-1").status_code == 200
    assert not AuditEntry.objects.filter(action="locked_out").exists()
    response = login(client, "resident", "wrong-password-1")
    assert response.status_code == 429
    html = response.content.decode()
    assert "已锁定" in html and "30" in html
    assert AuditEntry.objects.filter(action="locked_out", object_repr="resident").count() == 1
    # Even the right password is refused now, and the try is logged too.
    response = login(client, "resident")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert AuditEntry.objects.filter(action="locked_out").count() == 2


def test_lockout_is_per_account(client, users):
    for _ in range(5):
        login(client, "resident", "wrong-password-1")
    assert login(client, "station_staff").status_code == 302


def test_a_stranger_cannot_lock_someone_elses_account(client, users):
    # Five failures from another address lock that address only, not the account.
    for _ in range(5):
        client.post(
            LOGIN,
            {"username": "resident", "password": "wrong-password-1"},
            REMOTE_ADDR="198.51.100.7",
        )
    assert login(client, "resident", "wrong-password-1").status_code == 200
    assert login(client, "resident").status_code == 302


def test_guessing_from_many_addresses_meets_the_account_throttle(client, users, settings):
    from axes.models import AccessAttempt

    settings.GONGZHI_THROTTLE_FAILURES = 8
    for n in range(8):
        client.post(
            LOGIN,
            {"username": "resident", "password": "wrong-password-1"},
            REMOTE_ADDR=f"198.51.100.{n}",
        )
    response = login(client, "resident")  # the owner, right password, own address
    assert response.status_code == 429
    assert "5" in response.content.decode()
    # Lighter than the lock: over once GONGZHI_THROTTLE_MINUTES passed since the last failure.
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=6))
    assert login(client, "resident").status_code == 302


@pytest.mark.parametrize(
    "proxies, forwarded, expected",
    [
        (0, "203.0.113.9", "127.0.0.1"),
        (1, "6.6.6.6, 203.0.113.9", "203.0.113.9"),
        (2, "6.6.6.6, 203.0.113.9, 10.0.0.1", "203.0.113.9"),
        (1, "not-an-address", "127.0.0.1"),
    ],
)
def test_client_address_trusts_only_the_configured_proxies(
    client, users, settings, proxies, forwarded, expected
):
    from axes.models import AccessAttempt

    settings.GONGZHI_TRUSTED_PROXIES = proxies
    client.post(
        LOGIN,
        {"username": "resident", "password": "wrong-password-1"},
        HTTP_X_FORWARDED_FOR=forwarded,
        REMOTE_ADDR="127.0.0.1",
    )
    assert AuditEntry.objects.get(action="login_failed").ip == expected
    assert AccessAttempt.objects.get().ip_address == expected


def test_lockout_ends_after_the_cool_off(client, users):
    from axes.models import AccessAttempt

    for _ in range(5):
        login(client, "resident", "wrong-password-1")
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=31))
    assert login(client, "resident").status_code == 302


def test_success_resets_the_failure_count(client, users):
    for _ in range(4):
        login(client, "resident", "wrong-password-1")
    assert login(client, "resident").status_code == 302
    client.post("/accounts/logout/")
    for _ in range(4):
        assert login(client, "resident", "wrong-password-1").status_code == 200


# --- password rules --------------------------------------------------------------------


def test_character_class_validator():
    validator = CharacterClassValidator(min_classes=3)
    validator.validate("abcDEF123")
    validator.validate("abc-def-123")
    with pytest.raises(ValidationError) as info:
        validator.validate("abcdefghij123")
    assert info.value.error_list[0].code == "password_too_simple"
    assert "3" in validator.get_help_text()


def test_character_class_validator_is_wired_by_setting():
    import subprocess
    import sys

    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(any('CharacterClass' in v['NAME'] for v in settings.AUTH_PASSWORD_VALIDATORS))"
    )
    env = {
        "DJANGO_SETTINGS_MODULE": "gongzhi.settings",
        "GONGZHI_TESTING": "1",
        "DEBUG": "1",
        "GONGZHI_PASSWORD_CHARACTER_CLASSES": "1",
        "PATH": "/usr/bin:/bin",
    }
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "True"


@override_settings(
    AUTH_PASSWORD_VALIDATORS=[
        {"NAME": "gongzhi.core.passwords.CharacterClassValidator", "OPTIONS": {"min_classes": 3}}
    ]
)
def test_password_change_form_uses_the_validator(verified_client, users):
    client = verified_client(users["resident"])
    response = client.post(
        "/accounts/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "onlylowercaseletters",
            "new_password2": "onlylowercaseletters",
        },
    )
    assert response.status_code == 200
    assert "至少" in response.content.decode()


@override_settings(GONGZHI_PASSWORD_MAX_AGE_DAYS=90)
def test_old_password_must_be_changed(verified_client, users):
    user = users["resident"]
    get_user_model().objects.filter(pk=user.pk).update(
        password_changed_at=timezone.now() - datetime.timedelta(days=91)
    )
    client = verified_client(user)
    response = client.get("/org/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/password/?next=")
    assert client.get(response["Location"]).status_code == 200
    new = "Fresh-Password-2024!"
    response = client.post(
        "/accounts/password/?next=/org/",
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new, "next": "/org/"},
    )
    assert response.status_code == 302 and response["Location"] == "/org/"
    user.refresh_from_db()
    assert timezone.now() - user.password_changed_at < datetime.timedelta(days=1)
    assert client.get("/").status_code == 200  # free again, still signed in


@override_settings(GONGZHI_PASSWORD_MAX_AGE_DAYS=90)
def test_recent_password_is_not_redirected(verified_client, users):
    client = verified_client(users["resident"])
    assert client.get("/").status_code == 200


@override_settings(GONGZHI_PASSWORD_MAX_AGE_DAYS=0)
def test_rotation_off_by_default(verified_client, users):
    user = users["resident"]
    get_user_model().objects.filter(pk=user.pk).update(password_changed_at=None)
    assert verified_client(user).get("/").status_code == 200


# --- session idle expiry ---------------------------------------------------------------


def test_session_settings_expire_idle_sessions(settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True


def test_each_request_pushes_the_expiry_forward(client, users):
    login(client, "resident")
    key = client.session.session_key
    soon = timezone.now() + datetime.timedelta(minutes=1)
    Session.objects.filter(session_key=key).update(expire_date=soon)
    client.get("/")
    assert Session.objects.get(session_key=key).expire_date > soon + datetime.timedelta(minutes=20)


def test_idle_session_is_signed_out(client, users):
    login(client, "resident")
    key = client.session.session_key
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(
    "weak", ["1111111111a", "zhangsan123", "liuwei19900101", "woaini1314", "123456789abc"]
)
def test_weak_chinese_passwords_are_refused(verified_client, users, weak):
    client = verified_client(users["resident"])
    response = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": weak, "new_password2": weak},
    )
    assert response.status_code == 200
    assert "拼音" in response.content.decode()
    assert users["resident"].__class__.objects.get(pk=users["resident"].pk).check_password(PASSWORD)


def test_a_strong_password_is_accepted(verified_client, users):
    client = verified_client(users["resident"])
    strong = "another-horse-battery-7"
    response = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": strong, "new_password2": strong},
    )
    assert response.status_code == 302
