"""Mark admitted affairs whose validity has ended as expired (audited). Lists already hide
them from the day after `valid_until`; this records the expiry. Run daily from cron or a
systemd timer (docs/deploy.md)."""

from django.core.management.base import BaseCommand

from gongzhi.access.actions import expire_affairs
from gongzhi.core.context import acting_as


class Command(BaseCommand):
    help = "Expire admitted affairs whose validity period has ended."

    def handle(self, **options):
        with acting_as(None, source="cli"):
            count = expire_affairs()
        self.stdout.write(f"{count} admitted affair(s) expired.")
