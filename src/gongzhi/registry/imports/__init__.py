"""Import of buildings, households and residents from .xlsx and .csv (see engine.run_import).

Layout: `columns` (what each kind's columns are and how headers are matched), `readers`
(files → rows), `validate` (rows → records or errors), `writers` (records → database),
`engine` (one import, start to end), `template` (the downloadable template), `jobs`
(ImportJob: preview, background run, progress)."""

from gongzhi.registry.imports.engine import Result, run_import
from gongzhi.registry.imports.readers import ImportFileError

__all__ = ["ImportFileError", "Result", "run_import"]
