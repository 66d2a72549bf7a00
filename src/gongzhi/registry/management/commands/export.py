"""`gongzhi export residents --community CODE --out FILE [--reveal --reason TEXT --user NAME]`"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from gongzhi.core.context import acting_as
from gongzhi.registry.export import export_residents
from gongzhi.registry.imports.cli import resolve_community, resolve_user


class Command(BaseCommand):
    help = "Export residents to .xlsx (masked unless --reveal with a reason by a user who may)."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=["residents"])
        parser.add_argument(
            "--community", help="12-digit division code, or 3-digit code with --street"
        )
        parser.add_argument("--street")
        parser.add_argument("--out", required=True)
        parser.add_argument("--reveal", action="store_true")
        parser.add_argument("--reason", default="")
        parser.add_argument("--user", help="export as this user: their scope and permissions")

    def handle(self, *args, **opts):
        community = (
            resolve_community(opts["community"], opts["street"]) if opts["community"] else None
        )
        user = resolve_user(opts["user"])
        if opts["reveal"] and user is None:
            raise CommandError(_("--reveal needs --user: a person who may reveal personal data."))
        with acting_as(user, source="cli"):
            try:
                count = export_residents(
                    opts["out"],
                    user=user,
                    community=community,
                    reveal=opts["reveal"],
                    reason=opts["reason"],
                )
            except PermissionDenied as exc:
                raise CommandError(str(exc)) from None
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from None
        self.stdout.write(
            _("%(count)s residents written to %(path)s.") % {"count": count, "path": opts["out"]}
        )
