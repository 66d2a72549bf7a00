"""Copy a SQLite database to a file while the application runs (SQLite's online backup
API, the same as `sqlite3 gongzhi.sqlite3 ".backup FILE"`). PostgreSQL uses pg_dump
(docs/deploy.md, "Backups")."""

import sqlite3
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connections


class Command(BaseCommand):
    help = "Back up the SQLite database to FILE (consistent while the application runs)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the backup file to write (must not exist)")
        parser.add_argument("--database", default="default")

    def handle(self, *args, file, database, **options):
        connection = connections[database]
        if connection.vendor != "sqlite":
            raise CommandError("Only SQLite databases are backed up here; use pg_dump -Fc.")
        target = Path(file)
        if target.exists():
            raise CommandError(f"{target} exists: choose a new file.")
        connection.ensure_connection()
        dest = sqlite3.connect(target)
        try:
            connection.connection.backup(dest)
            result = dest.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            dest.close()
        if result != "ok":
            raise CommandError(f"The backup failed its integrity check: {result}")
        self.stdout.write(f"Backed up to {target}.")
