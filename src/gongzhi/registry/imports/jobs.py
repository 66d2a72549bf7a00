"""Import jobs (ImportJob): an upload is checked in the background (preview), then imported
in the background on confirmation; both report progress on the job row so that a page
can poll it. Used by the web pages and the API alike."""

import os
import shutil
import tempfile
from contextlib import contextmanager

from django.core.files import File
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from gongzhi.core import text
from gongzhi.core.context import acting_as
from gongzhi.registry.imports.engine import Result, run_import
from gongzhi.registry.imports.readers import ImportFileError
from gongzhi.registry.models import ImportJob

S = ImportJob.Status


def create_job(
    *,
    kind: str,
    upload,
    community,
    user,
    valid_only: bool = False,
    mapping: dict | None = None,
    check_only: bool = True,
) -> ImportJob:
    """Store the upload (an UploadedFile) and queue its check (the web: the user confirms
    the preview), or with `check_only=False` its import straight away (the API, one pass:
    all-or-nothing or valid rows only, as asked)."""

    job = ImportJob(
        kind=kind,
        community=community,
        created_by=user if getattr(user, "is_authenticated", False) else None,
        # A browser sends any file name: keep it printable rather than refuse the upload.
        original_name=text.sanitize(os.path.basename(upload.name), multiline=False)[:200],
        valid_only=valid_only,
        column_mapping=mapping or {},
    )
    job.file.save(os.path.basename(upload.name)[-100:], upload, save=False)
    if not check_only:
        job.status = S.RUNNING
    job.save()
    if check_only:
        preview_import.enqueue(job.pk)
    else:
        run_import_job.enqueue(job.pk)
    return job


def start(
    job: ImportJob, *, valid_only: bool | None = None, mapping: dict | None = None
) -> ImportJob:
    """Queue the import of a checked job (after the user confirmed the preview)."""
    if job.status not in (S.PREVIEW, S.INVALID):
        raise ValueError(job.status)
    if valid_only is not None:
        job.valid_only = valid_only
    if mapping is not None:
        job.column_mapping = mapping
    job.status = S.RUNNING
    job.processed_rows = 0
    job.save(
        update_fields=["valid_only", "column_mapping", "status", "processed_rows", "updated_at"]
    )
    run_import_job.enqueue(job.pk)
    return job


def remap(job: ImportJob, mapping: dict) -> ImportJob:
    """Check the upload again with a column mapping chosen in the preview form."""
    job.column_mapping = mapping
    job.status = S.UPLOADED
    job.processed_rows = 0
    job.save(update_fields=["column_mapping", "status", "processed_rows", "updated_at"])
    preview_import.enqueue(job.pk)
    return job


@contextmanager
def _local_copy(job: ImportJob):
    """The upload as a local file (storages other than the file system work too)."""
    suffix = os.path.splitext(job.file.name)[1]
    fd, path = tempfile.mkstemp(suffix=suffix, prefix="gongzhi-import-")
    try:
        with os.fdopen(fd, "wb") as out, job.file.open("rb") as src:
            shutil.copyfileobj(src, out, 1 << 20)
        yield path
    finally:
        os.unlink(path)


class _Progress:
    """Writes processed/total rows to the job row. Inside the import's transaction the
    write goes through a second connection on PostgreSQL (so pollers see it); on SQLite,
    which has one writer at a time, progress is written before and after only."""

    def __init__(self, job: ImportJob, *, in_transaction: bool):
        self.job = job
        self.last = -1
        self.side = None
        self.enabled = True
        if in_transaction:
            if connection.vendor == "postgresql":
                # A raw psycopg connection of its own, in autocommit mode.
                self.side = connection.get_new_connection(connection.get_connection_params())
                self.side.autocommit = True
            else:
                self.enabled = False

    def __call__(self, processed: int, total: int) -> None:
        if not self.enabled:
            return
        percent = int(100 * processed / total) if total else 0
        if percent == self.last:
            return
        self.last = percent
        table = connection.ops.quote_name(ImportJob._meta.db_table)
        if self.side is not None:
            with self.side.cursor() as cur:
                cur.execute(
                    f"UPDATE {table} SET processed_rows = %s, total_rows = %s WHERE id = %s",
                    [processed, total, self.job.pk],
                )
        else:
            ImportJob.objects.filter(pk=self.job.pk).update(
                processed_rows=processed, total_rows=total
            )

    def close(self):
        if self.side is not None:
            self.side.close()


def _store_result(job: ImportJob, result: Result) -> None:
    job.total_rows = result.total
    job.processed_rows = result.total
    job.rejected_rows = result.rejected
    job.errors = result.errors + [
        {"column": c, "count": n} for c, n in result.error_counts.most_common()
    ]
    if result.rejected_path:
        with open(result.rejected_path, "rb") as fh:
            stem = os.path.splitext(job.original_name)[0][:60]
            job.rejected_file.save(f"{stem}-rejected.xlsx", File(fh), save=False)
        os.unlink(result.rejected_path)


def split_errors(job: ImportJob) -> tuple[list[dict], list[dict]]:
    """(cell errors listed first, error counts per column) from job.errors."""
    cells = [e for e in job.errors or [] if "count" not in e]
    counts = [e for e in job.errors or [] if "count" in e]
    return cells, counts


def preview(job: ImportJob) -> ImportJob:
    """Check every row without writing; list the errors; offer the rejected rows."""
    job.status = S.VALIDATING
    job.message = ""
    job.save(update_fields=["status", "message", "updated_at"])
    progress = _Progress(job, in_transaction=False)
    try:
        with _local_copy(job) as path:
            fd, rejected_path = tempfile.mkstemp(suffix=".xlsx", prefix="gongzhi-rejected-")
            os.close(fd)
            result = run_import(
                job.kind,
                path,
                community=job.community,
                mapping=job.column_mapping,
                commit=False,
                progress=progress,
                rejected_path=rejected_path,
                file_name=job.original_name,
            )
    except ImportFileError as exc:
        job.status = S.FAILED
        job.message = exc.message
        job.errors = []
    else:
        job.rejected_file = ""
        _store_result(job, result)
        job.imported_rows = 0
        job.status = S.PREVIEW if result.ok else S.INVALID
        job.message = _describe(result, committed=False)
    job.save()
    return job


def execute(job: ImportJob) -> ImportJob:
    """Import the job's file (all or nothing, or valid rows only)."""
    if job.status != S.RUNNING:
        job.status = S.RUNNING
        job.save(update_fields=["status", "updated_at"])
    progress = _Progress(job, in_transaction=True)
    try:
        with _local_copy(job) as path:
            result = run_import(
                job.kind,
                path,
                community=job.community,
                mapping=job.column_mapping,
                valid_only=job.valid_only,
                commit=True,
                progress=progress,
                audit_object=job,
                file_name=job.original_name,
            )
    except ImportFileError as exc:
        job.status = S.FAILED
        job.message = exc.message
    except Exception as exc:  # the database refused (e.g. a duplicate written meanwhile)
        job.status = S.FAILED
        job.message = _("The import failed and nothing was written: %(error)s") % {
            "error": exc.__class__.__name__
        }
        raise
    else:
        job.rejected_file = ""
        _store_result(job, result)
        job.imported_rows = result.imported
        job.status = S.DONE if result.committed else S.INVALID
        job.message = _describe(result, committed=result.committed)
    finally:
        progress.close()
        job.finished_at = timezone.now()
        job.save()
    return job


def _describe(result: Result, *, committed: bool) -> str:
    if committed:
        return _("Imported %(imported)s of %(total)s rows; %(rejected)s rejected.") % {
            "imported": result.imported,
            "total": result.total,
            "rejected": result.rejected,
        }
    if result.rejected:
        return _("%(rejected)s of %(total)s rows have errors; nothing was written.") % {
            "rejected": result.rejected,
            "total": result.total,
        }
    return _("All %(total)s rows are valid and ready to import.") % {"total": result.total}


def run_task(job_id: int, action: str) -> None:
    job = ImportJob.objects.select_related("community", "created_by").get(pk=job_id)
    with acting_as(job.created_by, source="task"):
        if action == "preview":
            preview(job)
        else:
            execute(job)


# The background tasks (django-tasks; a worker, `gongzhi db_worker`, runs beside the web
# server). They live here, beside the functions that queue them, so that neither module
# imports the other.
@task()
def preview_import(job_id: int) -> None:
    """Check an uploaded import file and list its errors (writes nothing)."""
    run_task(job_id, "preview")


@task()
def run_import_job(job_id: int) -> None:
    """Import a checked file: all rows or nothing, or the valid rows only."""
    run_task(job_id, "execute")
