import pytest

from gongzhi.open311.models import ApiKey
from tests.services.conftest import menu  # noqa: F401


@pytest.fixture
def key(world):
    obj, raw = ApiKey.issue("FixMyStreet", world["s1"])
    return raw
