"""SQLite backup and restore (docs/deploy.md, "Backups")."""

import sqlite3

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection


@pytest.mark.django_db(transaction=True)
def test_sqlite_backup_restores_into_a_new_file_with_the_data(tmp_path):
    get_user_model().objects.create_user(username="backed_up", password="x-horse-battery-9")
    backup = tmp_path / "gongzhi-backup.sqlite3"
    if connection.vendor != "sqlite":
        # PostgreSQL is backed up with pg_dump (docs/deploy.md): the command says so.
        with pytest.raises(CommandError, match="pg_dump"):
            call_command("backup", str(backup))
        assert not backup.exists()
        return
    call_command("backup", str(backup))

    # Restore as docs/deploy.md says: into a new file, then check it and read it.
    restored = tmp_path / "restored.sqlite3"
    with sqlite3.connect(backup) as source, sqlite3.connect(restored) as target:
        source.backup(target)
    with sqlite3.connect(restored) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        names = {row[0] for row in db.execute("SELECT username FROM core_user")}
    assert "backed_up" in names


@pytest.mark.django_db
def test_backup_refuses_to_overwrite(tmp_path):
    existing = tmp_path / "old.sqlite3"
    existing.write_text("keep me")
    with pytest.raises(CommandError):
        call_command("backup", str(existing))
    assert existing.read_text() == "keep me"
