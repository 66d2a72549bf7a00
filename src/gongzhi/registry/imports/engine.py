"""One import, start to end: open the file, match its headers, check rows in chunks, write
them (unless previewing), keep derived counts right, write one audit entry.

- Default ("all or nothing"): the whole import runs in one transaction; at the first bad
  row writing stops, checking goes on to report every error, and everything is rolled back.
- `valid_only`: bad rows are skipped and written, with their reasons, to a rejected-rows
  workbook; the good rows are committed.
"""

import os
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass, field
from itertools import islice

import openpyxl
from django.db import transaction
from django.utils.translation import gettext as _

from gongzhi.core import audit, text
from gongzhi.core.models import AuditEntry
from gongzhi.registry.imports import columns as C
from gongzhi.registry.imports.readers import ImportFileError, open_table
from gongzhi.registry.imports.validate import VALIDATORS
from gongzhi.registry.imports.writers import WRITERS

MAX_LISTED_ERRORS = 200
CHUNK = 5000


@dataclass
class Result:
    kind: str
    total: int = 0
    valid: int = 0
    imported: int = 0
    rejected: int = 0
    # First errors: {"row": 7, "column": "身份证号", "message": "…"}
    errors: list[dict] = field(default_factory=list)
    error_counts: Counter = field(default_factory=Counter)
    warnings: list[dict] = field(default_factory=list)
    committed: bool = False
    rejected_path: str | None = None
    columns: dict[str, str] = field(default_factory=dict)  # file header → column key
    unmatched: list[str] = field(default_factory=list)  # headers left out

    @property
    def ok(self) -> bool:
        return self.rejected == 0


class _Rollback(Exception):
    pass


def _chunks(rows: Iterator, size: int) -> Iterator[list]:
    while True:
        chunk = list(islice(rows, size))
        if not chunk:
            return
        yield chunk


def run_import(
    kind: str,
    path: str,
    *,
    community,
    mapping: dict | None = None,
    valid_only: bool = False,
    commit: bool = True,
    progress: Callable[[int, int], None] | None = None,
    rejected_path: str | None = None,
    audit_object=None,
    file_name: str = "",
    chunk_size: int = CHUNK,
) -> Result:
    """Check (and unless `commit` is False, write) the rows of `path`. Raises
    ImportFileError when the file as a whole is unusable; row errors are in the result."""
    if kind not in C.KINDS:
        raise ImportFileError(_("Unknown import kind %(kind)s.") % {"kind": kind})
    spec = C.KINDS[kind]
    result = Result(kind)
    table = open_table(path, file_name)
    try:
        colmap = C.match_headers(spec, table.headers, mapping)
        result.columns = {table.headers[i] or f"#{i + 1}": key for i, key in colmap.items()}
        result.unmatched = [h for i, h in enumerate(table.headers) if i not in colmap and h]
        missing = [c for c in spec.columns if c.required and c.key not in colmap.values()]
        if missing:
            raise ImportFileError(
                _(
                    "Required columns are missing: %(columns)s. Use the template, or map your columns to these names."
                )
                % {"columns": "、".join(C.zh(c.label) for c in missing)}
            )
        validator = VALIDATORS[kind](community, colmap, table.headers)
        writer = WRITERS[kind](community, validator) if commit else None
        rejected = (
            _RejectedRows(table.headers, rejected_path)
            if (rejected_path or (commit and valid_only))
            else None
        )
        total = table.estimated_rows
        try:
            with transaction.atomic() if commit else nullcontext():
                for chunk in _chunks(table.rows, chunk_size):
                    good = []
                    for rownum, values, record, errors in validator.check_chunk(chunk):
                        result.total += 1
                        if errors:
                            result.rejected += 1
                            _note_errors(result, validator, rownum, errors)
                            if rejected is not None:
                                rejected.add(values, errors, validator)
                        else:
                            result.valid += 1
                            good.append(record)
                    if writer is not None and good and (valid_only or result.rejected == 0):
                        writer.write(good)
                    if progress:
                        progress(result.total, max(total, result.total))
                if writer is not None:
                    if result.rejected and not valid_only:
                        raise _Rollback
                    writer.finish()
                    result.imported = writer.written
                    result.committed = True
        except _Rollback:
            result.imported = 0
        for rownum, key, message in validator.warnings:
            result.warnings.append(
                {"row": rownum, "column": validator.header_of.get(key, key), "message": message}
            )
        if result.total == 0:
            raise ImportFileError(_("The file has a header row but no data rows."))
        if rejected is not None:
            result.rejected_path = rejected.save() if result.rejected else rejected.discard()
        if commit:
            _audit(result, community, audit_object, file_name or os.path.basename(path), valid_only)
    finally:
        table.close()
    return result


def _note_errors(result: Result, validator, rownum: int, errors) -> None:
    for key, message in errors:
        column = validator.header_of.get(key, key)
        result.error_counts[column] += 1
        if len(result.errors) < MAX_LISTED_ERRORS:
            result.errors.append({"row": rownum, "column": column, "message": message})


def _audit(result: Result, community, obj, file_name: str, valid_only: bool) -> None:
    audit.record(
        AuditEntry.Action.IMPORT,
        obj if obj is not None else community,
        reason=file_name,
        extra={
            "kind": result.kind,
            "community": community.pk,
            "rows": result.total,
            "imported": result.imported,
            "rejected": result.rejected,
            "valid_only": valid_only,
            "file": file_name,
        },
    )


class _RejectedRows:
    """The rejected rows as a workbook: the original columns plus the reasons."""

    def __init__(self, headers: list[str], path: str | None):
        self.wb = openpyxl.Workbook(write_only=True)
        self.ws = self.wb.create_sheet(_("Rejected rows"))
        self.ws.append([*headers, _("Reason")])
        self.width = len(headers)
        if path is None:
            fd, path = tempfile.mkstemp(suffix=".xlsx", prefix="gongzhi-rejected-")
            os.close(fd)
        self.path = path

    def add(self, values, errors, validator) -> None:
        row = list(values[: self.width]) + [None] * max(0, self.width - len(values))
        reason = "；".join(f"{validator.header_of.get(k, k)}：{m}" for k, m in errors)
        self.ws.append(text.row([*row, reason]))

    def save(self) -> str:
        self.wb.save(self.path)
        return self.path

    def discard(self) -> None:
        self.wb.save(self.path)  # closes the write-only sheet's row writer
        try:
            os.unlink(self.path)
        except OSError:
            pass
        return None
