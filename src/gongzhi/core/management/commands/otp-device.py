"""Give a user one confirmed TOTP device with a known hex key (the demo uses a fixed key)."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from gongzhi.core import audit, otp
from gongzhi.core.context import acting_as
from gongzhi.core.models import AuditEntry


class Command(BaseCommand):
    help = "Create or replace USERNAME's TOTP device with the given hex key."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--key", required=True, help="hex secret, 20 bytes = 40 hex digits")

    def handle(self, *args, username, key, **options):
        user = get_user_model()._default_manager.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user {username!r}.")
        try:
            raw = bytes.fromhex(key)
        except ValueError:
            raise CommandError("--key must be hexadecimal.") from None
        if not 16 <= len(raw) <= 40:
            # RFC 4226 asks for 128 bits at least; django-otp stores up to 40 bytes.
            raise CommandError("--key must be 16 to 40 bytes (32 to 80 hex digits).")
        with acting_as(None, source="cli"):
            try:
                otp.install_key(user, key.lower())
            except ValidationError as exc:
                raise CommandError(f"Invalid key: {'; '.join(exc.messages)}") from None
            audit.record(AuditEntry.Action.OTHER, user, extra={"event": "otp_device_set"})
        self.stdout.write(self.style.SUCCESS(f"{username} now has a confirmed TOTP device."))
