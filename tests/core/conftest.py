"""Core fixtures: the registry's `reg` and the services' `menu` (the text-rule tests write
through those apps' doors)."""

from tests.registry.helpers import reg  # noqa: F401
from tests.services.conftest import menu  # noqa: F401
