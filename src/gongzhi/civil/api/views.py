"""REST endpoints of civil: scoped querysets (`visible_to`), `RolePermission`, writes
through actions."""
