"""Test settings: production-like (DEBUG off) with the development keys and fast hashing."""

import os

os.environ.setdefault("GONGZHI_TESTING", "1")
os.environ.setdefault("DEBUG", "0")

from gongzhi.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
ALLOWED_HOSTS = ["*"]
# Counts the requests being answered, for the browser tests' teardown (tests/browser/inflight).
MIDDLEWARE = ["tests.browser.inflight.InFlightMiddleware", *MIDDLEWARE]  # noqa: F405

# WhiteNoise warns when STATIC_ROOT does not exist; tests serve from the app directories.
os.makedirs(STATIC_ROOT, exist_ok=True)  # noqa: F405
# The demo loads a year of cases in bulk (cases.demo_year); the tests load a few hundred.
GONGZHI_DEMO_CASES = 300
# The demo's volunteers and their weeks of activities (civil.demo.volunteers): a few in tests.
GONGZHI_DEMO_VOLUNTEERS = 60
GONGZHI_DEMO_VOLUNTEER_WEEKS = 6
