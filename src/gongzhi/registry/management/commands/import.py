"""`gongzhi import residents FILE [--community CODE] [--valid-only] [--mapping JSON]`
(also `buildings` and `households`). Exit status 1 when rows are rejected (nothing is
written unless --valid-only) or the file cannot be read; 0 when everything was imported."""

import json
import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from gongzhi.core.context import acting_as
from gongzhi.registry.imports import ImportFileError, run_import
from gongzhi.registry.imports.cli import resolve_community, resolve_user
from gongzhi.registry.imports.columns import KINDS

LISTED = 20


class Command(BaseCommand):
    help = "Import buildings, households or residents from an .xlsx or .csv file."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(KINDS))
        parser.add_argument("file")
        parser.add_argument(
            "--community", help="12-digit division code, or 3-digit code with --street"
        )
        parser.add_argument(
            "--street", help="the street's division code, when --community is 3 digits"
        )
        parser.add_argument(
            "--valid-only", action="store_true", help="import the valid rows, reject the others"
        )
        parser.add_argument(
            "--mapping", help='JSON {"file header": "column key"} for headers not recognised'
        )
        parser.add_argument("--rejected", help="where to write the rejected rows (.xlsx)")
        parser.add_argument("--user", help="the user the import is recorded under")
        parser.add_argument("--dry-run", action="store_true", help="check only, write nothing")

    def handle(self, *args, **opts):
        community = resolve_community(opts["community"], opts["street"])
        user = resolve_user(opts["user"])
        mapping = None
        if opts["mapping"]:
            try:
                mapping = json.loads(opts["mapping"])
                assert isinstance(mapping, dict)
            except (ValueError, AssertionError):
                raise CommandError(_("--mapping must be a JSON object.")) from None
        rejected = opts["rejected"] or (
            opts["file"] + ".rejected.xlsx" if opts["valid_only"] else None
        )
        last = [-1]

        def progress(done, total):
            step = int(10 * done / total) if total else 0
            if step != last[0]:
                last[0] = step
                self.stdout.write(
                    _("%(done)s / %(total)s rows checked (%(percent)d%%)")
                    % {"done": done, "total": total, "percent": step * 10}
                )

        with acting_as(user, source="cli"):
            try:
                result = run_import(
                    opts["kind"],
                    opts["file"],
                    community=community,
                    mapping=mapping,
                    valid_only=opts["valid_only"],
                    commit=not opts["dry_run"],
                    progress=progress,
                    rejected_path=rejected,
                )
            except ImportFileError as exc:
                self.stderr.write(exc.message)
                sys.exit(1)
        for e in result.errors[:LISTED]:
            self.stderr.write(_("row %(row)s, %(column)s: %(message)s") % e)
        if len(result.errors) > LISTED or result.rejected > len(result.errors):
            self.stderr.write(_("… and more; errors per column:"))
        if result.rejected:
            for column, n in result.error_counts.most_common():
                self.stderr.write(f"  {column}: {n}")
        summary = _(
            "%(community)s: %(total)s rows, %(imported)s imported, %(rejected)s rejected."
        ) % {
            "community": community,
            "total": result.total,
            "imported": result.imported,
            "rejected": result.rejected,
        }
        self.stdout.write(summary)
        if result.rejected_path:
            self.stdout.write(
                _("Rejected rows with reasons: %(path)s") % {"path": result.rejected_path}
            )
        if result.rejected and not opts["valid_only"]:
            self.stderr.write(_("Nothing was written. Fix the rows above, or use --valid-only."))
        if result.rejected:
            sys.exit(1)
