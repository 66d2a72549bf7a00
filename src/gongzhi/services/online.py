"""Residents requesting services themselves (the phone page and the resident API)."""

from gongzhi.org.models import RoleAssignment
from gongzhi.org.roles import Role


def resident_community(user):
    """The community of the user's active resident role, or None: an online request is
    filed there."""
    a = (
        RoleAssignment.objects.active()
        .filter(user=user, role=Role.RESIDENT, community__isnull=False)
        .select_related("community__street")
        .first()
    )
    return a.community if a else None
