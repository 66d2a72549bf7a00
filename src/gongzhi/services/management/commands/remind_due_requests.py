"""Tell each handler, in the app (the bell), of their open requests due today or on the next
working day — once a day. Run it daily (or hourly) from cron or a systemd timer."""

from django.core.management.base import BaseCommand

from gongzhi.core.context import acting_as
from gongzhi.services.notifications import remind_due_soon


class Command(BaseCommand):
    help = "Notify handlers in the app of their requests due within one working day."

    def handle(self, **options):
        with acting_as(None, source="cli"):
            told = remind_due_soon()
        self.stdout.write(f"{told} notification(s).")
