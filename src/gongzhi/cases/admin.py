"""The Django admin of cases (core.admin_site): rule-guarded models read-only, or
their saves through actions."""
