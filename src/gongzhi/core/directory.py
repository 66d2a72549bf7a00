"""Who a user is, for core: the roles they hold, where, and whose accounts lie in their area.

Roles and places live in `org`, a layer above core, so core never imports them: it asks the
directory named by the setting `GONGZHI_DIRECTORY` (`org.directory.OrgDirectory` in
settings.py), loaded on first use. Without the setting every user holds no role.
"""

from dataclasses import dataclass
from functools import cache
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class HeldRole:
    """One role a user holds today, for the home page."""

    role: str
    label: str
    place: Any
    department: Any


class Directory:
    """The interface, answering as if nobody held a role."""

    def roles_of(self, user) -> list[str]:
        """The role codes the user holds today."""
        return []

    def role_labels(self, user) -> list[str]:
        """The translated names of those roles."""
        return []

    def held_roles(self, user) -> list[HeldRole]:
        """The user's role assignments today, with their places."""
        return []

    def user_ids_in_scope(self, viewer) -> QuerySet | list:
        """Ids of the accounts holding or having held a role inside the viewer's area (a
        `values("user_id")` queryset, usable in `pk__in`)."""
        return []


@cache
def directory() -> Directory:
    path = getattr(settings, "GONGZHI_DIRECTORY", None)
    return import_string(path)() if path else Directory()


def roles_of(user) -> list[str]:
    return directory().roles_of(user)
