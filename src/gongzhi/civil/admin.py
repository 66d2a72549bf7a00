"""The Django admin of civil (core.admin_site): rule-guarded models read-only, or
their saves through actions."""
