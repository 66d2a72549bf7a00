"""Mark overdue cases and escalate them: an automatic 催办 to the unit once per overdue step,
an automatic 督办 by the street `GONGZHI_CASE_SUPERVISE_AFTER_HOURS` (24) later. Idempotent;
run it every 15 minutes or hourly from cron or a systemd timer (docs/deploy.md). The
figures never depend on it."""

from django.core.management.base import BaseCommand

from gongzhi.cases.actions.escalation import escalate
from gongzhi.core.context import acting_as


class Command(BaseCommand):
    help = "Mark overdue cases; remind their units and have the street supervise them."

    def handle(self, **options):
        with acting_as(None, source="cli"):
            done = escalate()
        self.stdout.write(
            f"{done.marked} case(s) newly overdue, {done.cleared} no longer overdue, "
            f"{done.reminded} reminder(s), {done.supervised} supervision(s)."
        )
