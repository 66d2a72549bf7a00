"""Second factor (TOTP) for privileged roles: verify, set-up, and the demo commands."""

import time

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from gongzhi.core import otp
from gongzhi.core.models import AuditEntry

KEY = "3132333435363738393031323334353637383930"  # RFC 6238 test key


def code_for(device, offset=0):
    return otp.current_code(device, at=time.time() + offset)


def test_street_admin_is_sent_to_verify_then_setup(client, users):
    client.force_login(users["street_admin"])
    response = client.get("/org/?a=1&b=2")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/otp/?next=%2Forg%2F%3Fa%3D1%26b%3D2"
    # No confirmed device yet: the verify page sends them to set one up.
    response = client.get(response["Location"])
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/otp/setup/?next=")


def test_roles_without_second_factor_pass(client, users):
    client.force_login(users["resident"])
    assert client.get("/").status_code == 200


def test_setup_shows_qr_and_secret_and_confirms(client, users):
    user = users["street_admin"]
    client.force_login(user)
    response = client.get("/accounts/otp/setup/?next=/org/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in html and "<script" not in html.split("<main", 1)[1].split("</main>")[0]
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert otp.secret_b32(device).replace(" ", "")[:8] in html.replace(" ", "")
    # Reloading keeps the same pending device (the QR code does not change).
    client.get("/accounts/otp/setup/")
    assert TOTPDevice.objects.filter(user=user).count() == 1

    response = client.post("/accounts/otp/setup/", {"code": "000000", "next": "/org/"})
    assert response.status_code == 200 and "验证码错误或已过期" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    device.throttling_failure_count = 0
    device.save()

    response = client.post("/accounts/otp/setup/", {"code": code_for(device), "next": "/org/"})
    assert response.status_code == 302 and response["Location"] == "/org/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/org/").status_code == 200  # verified for this session
    assert AuditEntry.objects.filter(actor=user, extra__event="otp_setup").exists()


def test_verify_with_confirmed_device(client, users):
    user = users["street_admin"]
    device = otp.install_key(user, KEY)
    client.force_login(user)
    response = client.get("/accounts/otp/?next=/org/")
    assert response.status_code == 200 and "两步验证" in response.content.decode()
    response = client.post("/accounts/otp/", {"code": "12 34 56", "next": "/org/"})
    assert response.status_code == 200
    assert AuditEntry.objects.filter(action="login_failed", actor=user, extra__stage="otp").exists()
    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.save()
    # Full-width digits with a space, as an IME gives them.
    code = code_for(device)
    typed = "".join(chr(ord(c) + 0xFEE0) for c in code[:3]) + " " + code[3:]
    response = client.post("/accounts/otp/", {"code": typed, "next": "/org/"})
    assert response.status_code == 302 and response["Location"] == "/org/"
    assert client.get("/org/").status_code == 200


def test_verify_refuses_foreign_next(client, users):
    user = users["street_admin"]
    device = otp.install_key(user, KEY)
    client.force_login(user)
    response = client.post(
        "/accounts/otp/", {"code": code_for(device), "next": "https://evil.example/"}
    )
    assert response.status_code == 302 and response["Location"] == "/"


def test_setup_cannot_replace_a_device_without_verifying(client, users):
    user = users["street_admin"]
    otp.install_key(user, KEY)
    client.force_login(user)
    response = client.get("/accounts/otp/setup/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/otp/")
    assert TOTPDevice.objects.filter(user=user).count() == 1


def test_otp_pages_need_a_log_in(client, db):
    response = client.get("/accounts/otp/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_bad_code_format_is_explained(client, users):
    otp.install_key(users["street_admin"], KEY)
    client.force_login(users["street_admin"])
    response = client.post("/accounts/otp/", {"code": "12ab"})
    assert "6 位" in response.content.decode()


# --- commands --------------------------------------------------------------------------


def test_otp_device_command_installs_a_known_key(users, capsys):
    call_command("otp-device", "street_admin", "--key", KEY)
    device = TOTPDevice.objects.get(user=users["street_admin"])
    assert device.confirmed and device.key == KEY
    call_command("otp-device", "street_admin", "--key", KEY)  # replaces, never duplicates
    assert TOTPDevice.objects.filter(user=users["street_admin"]).count() == 1


@pytest.mark.parametrize("key", ["zz", "12"])
def test_otp_device_command_rejects_bad_keys(users, key):
    with pytest.raises(CommandError):
        call_command("otp-device", "street_admin", "--key", key)


def test_otp_device_command_unknown_user(db):
    with pytest.raises(CommandError, match="No user"):
        call_command("otp-device", "ghost", "--key", KEY)


@override_settings(DEBUG=True)
def test_otp_code_command_prints_a_code_that_logs_in(client, users, capsys):
    call_command("otp-device", "street_admin", "--key", KEY)
    capsys.readouterr()
    call_command("otp-code", "street_admin")
    code = capsys.readouterr().out.strip()
    assert len(code) == 6 and code.isdigit()
    client.force_login(users["street_admin"])
    response = client.post("/accounts/otp/", {"code": code, "next": "/org/"})
    # The code may have rolled over between printing and posting; tolerance covers one step.
    assert response.status_code == 302


def test_otp_code_command_refuses_without_debug(users):
    call_command("otp-device", "street_admin", "--key", KEY)
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("otp-code", "street_admin")


def test_otp_code_command_gives_a_demo_login_its_code_without_debug(users, capsys):
    """The user guide's way into the demo (issue #18 §4): a demo log-in with the demo's
    published password gets its code; the same name with another password does not."""
    from gongzhi.org.demo import DEMO_PASSWORD
    from tests.conftest import make_user

    demo = make_user("demo_street_admin")
    demo.set_password(DEMO_PASSWORD)
    demo.save()
    call_command("otp-device", "demo_street_admin", "--key", KEY)
    capsys.readouterr()
    call_command("otp-code", "demo_street_admin")
    assert capsys.readouterr().out.strip().isdigit()
    demo.set_password("a-real-Secret-2027")
    demo.save()
    with pytest.raises(CommandError, match="demo"):
        call_command("otp-code", "demo_street_admin")
