"""Print the current TOTP code of a user's device. Development and demo only."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from gongzhi.core import otp


class Command(BaseCommand):
    help = "Print the current two-step code of USERNAME's device (only with DEBUG on)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        if not settings.DEBUG:
            # A code printer on a production server would defeat the second factor.
            raise CommandError("otp-code works only with DEBUG on (development and demo).")
        user = get_user_model()._default_manager.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user {username!r}.")
        device = otp.confirmed_device(user)
        if device is None:
            raise CommandError(f"{username} has no confirmed TOTP device.")
        self.stdout.write(otp.current_code(device))
