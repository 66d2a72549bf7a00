"""Print the stable error codes of every app as the Markdown of docs/errors.md."""

import importlib

from django.apps import apps
from django.core.management.base import BaseCommand
from django.utils.module_loading import module_has_submodule

from gongzhi.core.errors import all_codes

HEADER = """# Error codes

Every refusal of an action carries a stable code (`core/errors.py`). The API answers
`400 {"field": [{"code": "...", "message": "..."}]}`; match the code, show the message.
A 403 means the actor's roles do not grant the verb in the record's place.
This page is generated: `gongzhi error-codes > docs/errors.md` (a test keeps it current).
"""


class Command(BaseCommand):
    help = "Print every app's stable error codes (docs/errors.md)."

    def handle(self, *args, **options):
        for config in apps.get_app_configs():  # load each app's errors module
            if config.name.startswith("gongzhi.") and module_has_submodule(config.module, "errors"):
                importlib.import_module(f"{config.name}.errors")
        lines = [HEADER]
        for app, codes in sorted(all_codes().items()):
            lines += [f"## {app}", "", "| code | meaning |", "| --- | --- |"]
            lines += [f"| `{code}` | {meaning} |" for code, meaning in codes]
            lines.append("")
        self.stdout.write("\n".join(lines).rstrip() + "\n")
