"""Benchmarks clean up what they start, whatever happens (bench/_setup.py): the server and
everything it forked is gone after an error or a SIGTERM, and a missing tool stops a
benchmark before it starts anything."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))

import _setup  # noqa: E402

# A "server" that forks a child, like gunicorn's workers, and prints both pids.
FORKING = [
    sys.executable,
    "-c",
    "import os, subprocess, sys, time;"
    "c = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)']);"
    "print(os.getpid(), c.pid, flush=True); time.sleep(60)",
]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie still answers kill(0): count it as gone.
    with open(f"/proc/{pid}/stat") as stat:
        return stat.read().split()[2] != "Z"


def _pids(process) -> list[int]:
    return [int(p) for p in process.stdout.readline().split()]


def test_an_error_in_the_benchmark_stops_the_server_and_its_children():
    with pytest.raises(RuntimeError):
        with _setup.background(FORKING, stdout=subprocess.PIPE, text=True) as server:
            pids = _pids(server)
            assert all(_alive(p) for p in pids)
            raise RuntimeError("the benchmark failed")
    time.sleep(0.2)
    assert not any(_alive(p) for p in pids)


def test_sigterm_to_the_benchmark_stops_the_server_too():
    with pytest.raises(KeyboardInterrupt):
        with _setup.background(FORKING, stdout=subprocess.PIPE, text=True) as server:
            pids = _pids(server)
            os.kill(os.getpid(), signal.SIGTERM)  # turned into an exception inside
            time.sleep(5)
    time.sleep(0.2)
    assert not any(_alive(p) for p in pids)
    assert signal.getsignal(signal.SIGTERM) is not None


def test_a_missing_tool_stops_before_anything_starts():
    with pytest.raises(SystemExit, match="make bench-deps"):
        _setup.require_tool("no-such-tool-here")
