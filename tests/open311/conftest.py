import pytest

from gongzhi.open311 import definitions
from gongzhi.open311.models import ApiKey
from tests.services.conftest import menu  # noqa: F401


@pytest.fixture(autouse=True)
def fresh_definitions():
    # Rolled-back test data fires no signals: start each test with empty per-process copies.
    definitions.clear()
    yield
    definitions.clear()


@pytest.fixture
def key(world):
    obj, raw = ApiKey.issue("FixMyStreet", world["s1"])
    return raw
