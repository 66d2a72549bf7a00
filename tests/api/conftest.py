import pytest
from django.conf import settings

from tests.api.demo_data import demo  # noqa: F401  (module-scoped demo street)
from tests.api.org_objects import build_org_objects


@pytest.fixture
def org(world):
    return build_org_objects(world)


@pytest.fixture
def api_client(verified_client):
    """Signed in through the (OTP-verified) session, as the browser's API calls are; in
    English (the language cookie) so tests can read the messages."""

    def login(user):
        client = verified_client(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return login


def pytest_terminal_summary(terminalreporter, config):
    """How many schema-valid bodies each write operation accepted, per permitted role, in
    tests/api/test_schemathesis.py::test_most_generated_bodies_are_accepted (one process)."""
    import json

    factory = getattr(config, "_tmp_path_factory", None)
    if factory is None:
        return
    folder = factory.getbasetemp() / "schemathesis-acceptance"
    if not folder.is_dir():
        return
    totals: dict[tuple, list[int]] = {}
    for path in folder.glob("*.json"):
        for method, op, role, positive, accepted in json.loads(path.read_text()):
            t = totals.setdefault((method, op, role), [0, 0])
            t[0] += positive
            t[1] += accepted
    if not totals:
        return
    write = terminalreporter.write_line
    write("")
    write("schemathesis: schema-valid bodies accepted (2xx) per write operation and role")
    most = 0
    for (method, op, role), (positive, accepted) in sorted(totals.items()):
        most += accepted * 2 > positive
        write(f"  {accepted:>2}/{positive:<2} {method:<5} {op} ({role})")
    write(f"  most bodies accepted in {most} of {len(totals)} (operation, role) pairs")
