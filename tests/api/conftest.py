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
