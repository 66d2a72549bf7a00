"""Re-encrypt every sensitive value under the current (first) key of GONGZHI_FIELD_KEYS.

Procedure: generate a key, put it FIRST in GONGZHI_FIELD_KEYS keeping the old ones after
it, restart, run `gongzhi rotate-keys`, then the old keys may be removed.
"""

from django.core.management.base import BaseCommand, CommandError

from gongzhi.core import audit, crypto, keys
from gongzhi.core.context import acting_as
from gongzhi.core.models import AuditEntry


class Command(BaseCommand):
    help = "Re-encrypt every EncryptedTextField value not under the current key."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, batch_size=500, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        kid = crypto.current_key_id()
        self.stdout.write(f"Current key: {kid}")

        def progress(label, count):
            self.stdout.write(f"  {label}: {count} rewritten so far")

        with acting_as(None, source="cli"):
            report = keys.rotate(batch_size=batch_size, progress=progress)
            audit.record(
                AuditEntry.Action.OTHER,
                object_repr="rotate-keys",
                extra={
                    "event": "rotate_keys",
                    "key": kid,
                    "rewritten": report.rewritten,
                    "failed": {k: len(v) for k, v in report.failed.items()},
                },
            )
        for label, count in sorted(report.rewritten.items()):
            self.stdout.write(f"{label}: {count}")
        self.stdout.write(self.style.SUCCESS(f"Rewritten under {kid}: {report.total} value(s)."))
        if report.failed:
            for label, pks in sorted(report.failed.items()):
                self.stderr.write(f"{label}: cannot decrypt rows {', '.join(pks[:20])}")
            raise CommandError("Some values could not be decrypted with the configured keys.")
