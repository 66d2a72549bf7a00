"""TOTP second factor (django-otp): the devices of a user, the set-up QR code, the current
code (for the demo). Views and management commands share these."""

import time
from base64 import b32encode

import segno
from django.db import transaction
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

SETUP_NAME = "gongzhi-setup"
DEVICE_NAME = "gongzhi"


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-id").first()


def setup_device(user) -> TOTPDevice:
    """The user's pending (unconfirmed) device; the same one on every reload so the QR code
    shown does not change under the user's phone."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False, name=SETUP_NAME).first()
    return device or TOTPDevice.objects.create(user=user, confirmed=False, name=SETUP_NAME)


@transaction.atomic
def confirm(device: TOTPDevice) -> None:
    """Make `device` the user's one TOTP device (older ones stop working)."""
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.name = DEVICE_NAME
    device.save(update_fields=["confirmed", "name"])


@transaction.atomic
def install_key(user, hex_key: str) -> TOTPDevice:
    """Replace the user's TOTP devices by one confirmed device with a known key (demo)."""
    TOTPDevice.objects.filter(user=user).delete()
    device = TOTPDevice(user=user, name=DEVICE_NAME, confirmed=True, key=hex_key)
    device.full_clean(exclude=["user"])
    device.save()
    return device


def current_code(device: TOTPDevice, at: float | None = None) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() if at is None else at
    return f"{totp.token():0{device.digits}d}"


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// URL as an inline <svg> (no image request, no external service)."""
    return segno.make(device.config_url, error="m").svg_inline(scale=4, border=2)


def secret_b32(device: TOTPDevice) -> str:
    """The secret as typed into an authenticator app by hand, in groups of four."""
    raw = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))
