"""`gongzhi demo [--no-serve] [--seed N]`: load the demo street and every app's demo data,
print the demo log-ins, then run the development server at 127.0.0.1:8000.

The database must be migrated first (`gongzhi migrate`; `make demo` does both).
Each installed gongzhi app may have a `demo` module with `load(stdout, seed=...)`; they are
called in INSTALLED_APPS order, all in one transaction, as the "demo" actor. Running the
command again leaves the same data (every loader is idempotent). Afterwards each module's
`report(stdout, style)`, if it has one, prints what a visitor needs (log-ins, keys): core
knows no app, so the apps say it themselves.
"""

import inspect
from importlib import import_module

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from gongzhi.core.context import acting_as


def demo_modules():
    for config in apps.get_app_configs():
        if not config.name.startswith("gongzhi."):
            continue
        try:
            module = import_module(f"{config.name}.demo")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.demo":
                raise
            continue
        if hasattr(module, "load"):
            yield config.name, module


class Command(BaseCommand):
    help = "Load the demo street (示范街道) and run the development server."

    def add_arguments(self, parser):
        parser.add_argument("--no-serve", action="store_true", help="Load the data and stop.")
        parser.add_argument("--seed", type=int, default=2026, help="Seed of the fake names.")

    def handle(self, *args, no_serve=False, seed=2026, **options):
        with acting_as(None, source="demo"), transaction.atomic():
            for name, module in demo_modules():
                self.stdout.write(f"· {name}")
                if "seed" in inspect.signature(module.load).parameters:
                    module.load(self.stdout, seed=seed)
                else:
                    module.load(self.stdout)
        for _name, module in demo_modules():
            if hasattr(module, "report"):
                module.report(self.stdout, self.style)
        if not no_serve:
            call_command("runserver", "127.0.0.1:8000")
