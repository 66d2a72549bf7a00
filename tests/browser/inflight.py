"""Requests the live server is still answering, so a browser test's teardown can wait for
them: a page the test no longer waits on (a receipt opening in a new tab) may still be
writing its audit entry when the test's database is flushed, and on SQLite the live server
shares the test's connection ("cannot start a transaction within a transaction")."""

import threading
import time

_lock = threading.Lock()
_busy = 0


class InFlightMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        global _busy
        with _lock:
            _busy += 1
        try:
            return self.get_response(request)
        finally:
            with _lock:
                _busy -= 1


def wait_idle(timeout: float = 10.0) -> None:
    """Return once no request is being answered (or after `timeout` seconds)."""
    end = time.monotonic() + timeout
    while _busy and time.monotonic() < end:
        time.sleep(0.05)
