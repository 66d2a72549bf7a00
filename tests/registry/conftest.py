"""Registry fixtures: `reg` (buildings, households, residents in every grid of `world`)."""

from tests.registry.helpers import reg  # noqa: F401
