"""Print a new field-encryption key entry (`kid:base64`) or, with --index, a blind-index key."""

import re

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from gongzhi.core import crypto


class Command(BaseCommand):
    help = "Print a new key for GONGZHI_FIELD_KEYS (kid:base64), or with --index for GONGZHI_INDEX_KEY."

    def add_arguments(self, parser):
        parser.add_argument("--index", action="store_true", help="print a bare blind-index key")
        parser.add_argument("--kid", help="key id (default: k + today's date)")

    def handle(self, *args, index=False, kid=None, **options):
        key = crypto.generate_key()
        if index:
            self.stdout.write(key)
            return
        kid = kid or "k" + timezone.localdate().strftime("%Y%m%d")
        # The id is stored in front of every value: keep it short and unambiguous.
        if not re.fullmatch(r"[A-Za-z0-9_-]{1,16}", kid):
            raise CommandError("--kid must be 1-16 letters, digits, '-' or '_'.")
        self.stdout.write(f"{kid}:{key}")
