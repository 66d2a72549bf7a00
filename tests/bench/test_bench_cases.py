"""bench/cases.py loads its million cases with COPY, around the ORM: a NOT NULL column the
model gains (a field with a Python default has no database default) must be in its column
list, or the benchmark breaks the next time someone runs it."""

import sys
from pathlib import Path

from django.db.models import NOT_PROVIDED

from gongzhi.cases.models import Case

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))

import cases as bench_cases  # noqa: E402


def test_the_copy_fills_every_not_null_column_of_a_case():
    required = {
        f.column
        for f in Case._meta.concrete_fields
        if not f.null and not f.primary_key and f.db_default is NOT_PROVIDED
    }
    assert required - set(bench_cases.COPY_COLUMNS) == set()
    assert set(bench_cases.COPY_COLUMNS) <= {f.column for f in Case._meta.concrete_fields}
