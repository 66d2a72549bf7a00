"""The demo's people in the registry: the demo resident account linked to a real record of
its community, and a grid worker in every grid (loaded by registry.demo.load)."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from gongzhi.org import actions as org_actions
from gongzhi.org.demo import DEMO_PASSWORD, demo_actor
from gongzhi.org.models import Grid, RoleAssignment
from gongzhi.org.roles import Role
from gongzhi.registry import choices
from gongzhi.registry.actions.accounts import link
from gongzhi.registry.models import Resident
from gongzhi.registry.queries import resident_communities

# The demo's fixed day: registry.demo.TODAY (demo imports this module, so not the reverse).
TODAY = datetime.date(2026, 6, 1)


def _link_demo_resident(communities) -> Resident | None:
    """The demo resident account stands for a real adult of its community's registry, so
    that its online requests and online vote carry that record (as after "verify who I am")."""

    user = get_user_model().objects.filter(username="demo_resident").first()
    if user is None:
        return None
    linked = Resident.objects.filter(account=user).first()
    if linked is not None:
        return linked
    resident = (
        Resident.objects.filter(
            community__in=resident_communities(user),
            status=choices.ResidentStatus.ACTIVE,
            account=None,
            birth_date__lte=TODAY.replace(year=TODAY.year - 18),
        )
        .order_by("pk")
        .first()
    )
    if resident is None:
        return None
    return link(resident, user, method="demo")


def _appoint(user, grid, grantor=None) -> RoleAssignment:
    """A grid worker appointed by the demo's street admin (`grantor`, found if not given),
    through org's action."""
    grantor = grantor or demo_actor("org.add_roleassignment", grid)
    return org_actions.do_assign_role(grantor, grid, user, Role.GRID_WORKER)


def _ensure_grid_worker(communities) -> None:
    """The demo grid worker (org.demo) works in a grid of the 梅园 community (003)."""

    user = get_user_model().objects.filter(username="demo_grid_worker").first()
    if user is None:
        return
    if RoleAssignment.objects.active().filter(user=user, role=Role.GRID_WORKER).exists():
        return
    community = next(
        (c for c in communities if c.code == "003"), communities[0] if communities else None
    )
    grid = (
        Grid.objects.filter(community=community).order_by("number").first() if community else None
    )
    if grid is not None:
        _appoint(user, grid)


def _staff_every_grid(communities) -> None:
    """Every grid has its grid worker (网格员): grids without one get a demo account
    `demo_gw_<community>_<grid>` (demo password), so the map and the phone pages show a
    staffed street, not 1 grid of 20."""

    staffed = set(
        RoleAssignment.objects.active()
        .filter(role=Role.GRID_WORKER, grid__community__in=communities)
        .values_list("grid", flat=True)
    )
    password = None  # hashed once: hashing is slow on purpose
    grantor = None  # the street admin, found once (every grid is in the demo street)
    User = get_user_model()
    for grid in Grid.objects.filter(community__in=communities).select_related("community"):
        if grid.pk in staffed:
            continue
        user, created = User.objects.get_or_create(
            username=f"demo_gw_{grid.community.code}_{grid.number:02d}",
            defaults={"display_name": f"{grid.community.name}第{grid.number}网格网格员(演示)"},
        )
        if created or not user.has_usable_password():
            password = password or make_password(DEMO_PASSWORD)
            user.password = password
            user.save(update_fields=["password"])
        grantor = grantor or demo_actor("org.add_roleassignment", grid)
        _appoint(user, grid, grantor)
