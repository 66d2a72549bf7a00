"""Background tasks of the registry (django-tasks). The demo and production use the
database backend: a worker (`gongzhi db_worker`) must run beside the web server."""

from django_tasks import task


@task()
def preview_import(job_id: int) -> None:
    """Check an uploaded import file and list its errors (writes nothing)."""
    from gongzhi.registry.imports.jobs import run_task

    run_task(job_id, "preview")


@task()
def run_import_job(job_id: int) -> None:
    """Import a checked file: all rows or nothing, or the valid rows only."""
    from gongzhi.registry.imports.jobs import run_task

    run_task(job_id, "execute")
