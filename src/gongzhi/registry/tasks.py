"""The registry's background tasks live in registry.imports.jobs; these names stay so that
tasks queued under them before the move (the database backend stores the path) still run."""

from gongzhi.registry.imports.jobs import preview_import, run_import_job

__all__ = ["preview_import", "run_import_job"]
