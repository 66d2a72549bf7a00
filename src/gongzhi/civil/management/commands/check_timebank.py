"""`gongzhi check_timebank`: an auditor's check of the time bank (civil.timebank_check).
Prints the figures per street and every mismatch; exits non-zero on any."""

from django.core.management.base import BaseCommand, CommandError

from gongzhi.civil.timebank_check import check


class Command(BaseCommand):
    help = (
        "Check the time bank: every movement balanced, every balance the sum of its postings, "
        "none below zero, the accounts summing to deposits minus spending."
    )

    def handle(self, *args, **options):
        report = check()
        self.stdout.write(f"accounts: {report.accounts}  movements: {report.movements}")
        for street, (persons, deposits, spending) in report.streets.items():
            self.stdout.write(
                f"street {street}: deposits {deposits} - spending {spending} = "
                f"{deposits - spending}; accounts hold {persons}"
            )
        for problem in report.problems:
            self.stderr.write(f"MISMATCH {problem}")
        if not report.ok:
            raise CommandError(f"{len(report.problems)} mismatch(es) in the time bank")
        self.stdout.write("OK")
