"""The roles a user can hold, the level of hierarchy each is held at, and what each may do.

Each gongzhi app lists what its roles may do in its own `permissions.py`
(`ROLE_PERMISSIONS = {Role.X: {"app.codename", ...}}`); `permissions_of(role)` merges them.
"""

from functools import cache
from importlib import import_module

from django.apps import apps
from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    STREET = "street", _("street")
    COMMUNITY = "community", _("community")
    GRID = "grid", _("grid")


class Role(models.TextChoices):
    STREET_ADMIN = "street_admin", _("Street admin")
    STREET_STAFF = "street_staff", _("Street staff")
    DEPARTMENT_STAFF = "department_staff", _("Department staff")
    PARTY_SECRETARY = "party_secretary", _("Community party secretary")
    COMMITTEE_MEMBER = "committee_member", _("Residents' committee member")
    STATION_STAFF = "station_staff", _("Service station staff")
    GRID_WORKER = "grid_worker", _("Grid worker")
    RESIDENT = "resident", _("Resident")
    SOCIAL_ORG_CONTACT = "social_org_contact", _("Social organization contact")
    CARE_PROVIDER = "care_provider", _("Care provider")


# The levels at which each role may be held.
ROLE_LEVELS: dict[str, set[str]] = {
    Role.STREET_ADMIN: {Level.STREET},
    Role.STREET_STAFF: {Level.STREET},
    Role.DEPARTMENT_STAFF: {Level.STREET},
    Role.PARTY_SECRETARY: {Level.COMMUNITY},
    Role.COMMITTEE_MEMBER: {Level.COMMUNITY},
    # Xuanwu: one street-level work station serves all communities.
    Role.STATION_STAFF: {Level.COMMUNITY, Level.STREET},
    Role.GRID_WORKER: {Level.GRID},
    Role.RESIDENT: {Level.COMMUNITY},
    Role.SOCIAL_ORG_CONTACT: {Level.COMMUNITY, Level.STREET},
    Role.CARE_PROVIDER: {Level.COMMUNITY, Level.STREET},
}

# The roles that may be held at the street, as choices (a review level's deciding role).
STREET_ROLES = [(r.value, r.label) for r in Role if Level.STREET in ROLE_LEVELS[r]]

# Roles whose holders work for the office or a community (not residents or partners).
STAFF_ROLES = {
    Role.STREET_ADMIN,
    Role.STREET_STAFF,
    Role.DEPARTMENT_STAFF,
    Role.PARTY_SECRETARY,
    Role.COMMITTEE_MEMBER,
    Role.STATION_STAFF,
    Role.GRID_WORKER,
}


@cache
def _all_role_permissions() -> dict[str, frozenset[str]]:
    merged: dict[str, set[str]] = {role: set() for role in Role.values}
    for config in apps.get_app_configs():
        if not config.name.startswith("gongzhi."):
            continue
        try:
            module = import_module(f"{config.name}.permissions")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.permissions":
                raise
            continue
        for role, perms in module.ROLE_PERMISSIONS.items():
            merged[str(role)].update(perms)
    return {role: frozenset(perms) for role, perms in merged.items()}


def permissions_of(role: str) -> frozenset[str]:
    return _all_role_permissions().get(str(role), frozenset())
