"""Open311 API keys are managed by street admins (see services.permissions)."""

ROLE_PERMISSIONS: dict = {}
