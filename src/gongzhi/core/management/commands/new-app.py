"""`gongzhi new-app NAME`: a new app with the skeleton every app has (docs/architecture.md,
"Adding an app"), in src/gongzhi/NAME. Then add it to INSTALLED_APPS and urls.py."""

from pathlib import Path

from django.core.management import CommandError, call_command
from django.core.management.base import BaseCommand

TEMPLATE = Path(__file__).resolve().parents[2] / "app_template"
SRC = Path(__file__).resolve().parents[3]


class Command(BaseCommand):
    help = "Create a new app with the project's skeleton in src/gongzhi/NAME."

    def add_arguments(self, parser):
        parser.add_argument("name")
        parser.add_argument("--directory", help="where to create it (default src/gongzhi/NAME)")

    def handle(self, *args, name, directory=None, **options):
        if not name.isidentifier() or not name.islower():
            raise CommandError("NAME must be a lower-case Python identifier")
        target = Path(directory) if directory else SRC / name
        if target.exists() and any(target.iterdir()):
            raise CommandError(f"{target} exists and is not empty")
        target.mkdir(parents=True, exist_ok=True)
        call_command("startapp", name, str(target), template=str(TEMPLATE), verbosity=0)
        for leftover in target.rglob("*.py-tpl"):  # startapp renames only top-level ones
            leftover.rename(leftover.with_suffix(".py"))
        self.stdout.write(f"Created {target}: add 'gongzhi.{name}' to INSTALLED_APPS.")
