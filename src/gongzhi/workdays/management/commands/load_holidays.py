from django.core.management.base import BaseCommand, CommandError

from gongzhi.core.context import acting_as
from gongzhi.workdays import data


class Command(BaseCommand):
    # The official days apply without this (workdays.services.Calendar reads them live from
    # the holidays package); copy a year only to edit its days as the street's own.
    help = "Copy a year's official holidays and make-up working days into the editable calendar."

    def add_arguments(self, parser):
        parser.add_argument("year", type=int)

    def handle(self, year, **options):
        if data.provisional(year):
            known = ", ".join(str(y) for y in sorted(data.official_years()))
            raise CommandError(
                f"The holidays package has no State Council schedule for {year} "
                f"(it has: {known}); pip install -U holidays, or enter it by hand."
            )
        with acting_as(None, source="cli"):
            count = data.load(year)
        self.stdout.write(f"{year}: {count} days loaded.")
