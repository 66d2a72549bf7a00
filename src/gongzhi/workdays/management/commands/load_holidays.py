"""`gongzhi load_holidays YEAR --user NAME`: copy a year's official days into the editable
calendar, as `NAME` (a street admin or a superuser), through workdays.actions.do_load_year."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from gongzhi.core.context import acting_as
from gongzhi.workdays import actions


class Command(BaseCommand):
    # The official days apply without this (workdays.services.Calendar reads them live from
    # the holidays package); copy a year only to edit its days as the street's own.
    help = "Copy a year's official holidays and make-up working days into the editable calendar."

    def add_arguments(self, parser):
        parser.add_argument("year", type=int)
        parser.add_argument(
            "--user", required=True, help="the street admin the change is recorded under"
        )

    def handle(self, year, user, **options):
        actor = get_user_model().objects.filter(username=user, is_active=True).first()
        if actor is None:
            raise CommandError(_("No active user %(name)s.") % {"name": user})
        with acting_as(actor, source="cli"):
            try:
                count = actions.do_load_year(actor, year)
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from None
            except PermissionDenied:
                raise CommandError(
                    _("%(name)s may not edit the holiday calendar.") % {"name": user}
                ) from None
        self.stdout.write(f"{year}: {count} days loaded.")
