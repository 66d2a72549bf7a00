"""`gongzhi demo [--no-serve] [--seed N]`: load the demo street and every app's demo data,
print the demo log-ins, then run the development server at 127.0.0.1:8000.

The database must be migrated first (`gongzhi migrate`; `make demo` does both).
Each installed gongzhi app may have a `demo` module with `load(stdout, seed=...)`; they are
called in INSTALLED_APPS order, all in one transaction, as the "demo" actor. Running the
command again leaves the same data (every loader is idempotent).
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


def open311_key() -> str | None:
    """The demo Open311 key if the services demo made it (printed on every run)."""
    try:
        from gongzhi.open311.models import ApiKey, hash_key
        from gongzhi.services.demo import DEMO_OPEN311_KEY
    except ImportError:  # an installation without these apps
        return None
    if ApiKey.objects.filter(key_hash=hash_key(DEMO_OPEN311_KEY), active=True).exists():
        return DEMO_OPEN311_KEY
    return None


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
        from gongzhi.org.demo import DEMO_PASSWORD, demo_logins

        rows = demo_logins()
        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(f"演示账号 / demo log-ins (密码 password: {DEMO_PASSWORD})")
        )
        width = max((len(r[0]) for r in rows), default=10) + 2
        self.stdout.write(f"{'用户名 username':<{width}}角色 role / 位置 place")
        for username, role, place in rows:
            self.stdout.write(f"{username:<{width}}{role} · {place}")
        self._summary()
        self.stdout.write(
            "demo_street_admin 需要动态口令 (TOTP), 当前口令: gongzhi otp-code demo_street_admin\n"
            "demo_street_admin needs a TOTP code; get the current one with "
            "`gongzhi otp-code demo_street_admin`."
        )
        if not no_serve:
            call_command("runserver", "127.0.0.1:8000")

    def _summary(self):
        from gongzhi.org.models import RoleAssignment
        from gongzhi.org.roles import Role

        grid_workers = (
            RoleAssignment.objects.active()
            .filter(role=Role.GRID_WORKER, user__username__startswith="demo_gw_")
            .count()
        )
        if grid_workers:
            self.stdout.write(
                f"另有 {grid_workers} 名网格员 / {grid_workers} more grid workers: "
                "demo_gw_<社区 community>_<网格 grid>, e.g. demo_gw_001_01"
            )
        key = open311_key()
        if key:
            self.stdout.write(f"Open311 api_key: {key}")
