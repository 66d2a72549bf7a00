"""The permission the current request acts under.

A view declares the permission it needs (`role_required`, `RoleRequiredMixin`, the API's
`RolePermission`); the same declaration also limits where it may act: `org.scoping` reads it
here and keeps only the places where one of the user's roles grants that permission (role
AND place). Kept in core so that the view layer declares it without importing org."""


def act_under(user, permission: str | None) -> None:
    if user is not None and user.is_authenticated:
        user._gongzhi_acting_perm = permission or None


def acting_permission(user) -> str | None:
    return getattr(user, "_gongzhi_acting_perm", None)
