"""REST endpoints of cases: scoped querysets (`visible_to`), `RolePermission`, writes
through actions."""
