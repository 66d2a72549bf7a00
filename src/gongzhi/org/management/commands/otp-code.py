"""Print the current TOTP code of a user's device: in development (DEBUG), or for one of the
demo's log-ins (org.demo.DEMO_USERS) that still has the demo's published password — the
user guide's way into the demo as the street admin. Any other account is refused: a code
printer on a production server would defeat the second factor."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from gongzhi.core import otp
from gongzhi.org.demo import DEMO_PASSWORD, DEMO_USERS

DEMO_NAMES = {name for name, *_rest in DEMO_USERS}


def is_demo_account(user) -> bool:
    return user.get_username() in DEMO_NAMES and user.check_password(DEMO_PASSWORD)


class Command(BaseCommand):
    help = "Print the current two-step code of USERNAME's device (DEBUG on, or a demo log-in)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = get_user_model()._default_manager.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user {username!r}.")
        if not (settings.DEBUG or is_demo_account(user)):
            raise CommandError(
                "otp-code works only with DEBUG on (development) or for a demo log-in."
            )
        device = otp.confirmed_device(user)
        if device is None:
            raise CommandError(f"{username} has no confirmed TOTP device.")
        self.stdout.write(otp.current_code(device))
