"""What the organization's actions share: where a record lies (for the permission check
before the write and after it), the one save every record goes through, and `records()`,
which makes the create / update / delete actions of a plain record."""

from __future__ import annotations

from collections.abc import Callable

from django.db import models

from gongzhi.core.actions import action, check_place
from gongzhi.org import services
from gongzhi.org.models import Community, Grid, RoleAssignment, Street


def _resolve(obj, path: str | None):
    if not path or path == "pk":
        return None
    current = obj
    for part in path.split("__"):
        current = getattr(current, part, None)
        if current is None:
            return None
    return current


def new_place(obj):
    """Where a record goes: its grid, else its community, else its street (the nearest saved
    place above it); None for a record tied to no place (departments, providers) or a new
    street — the permission alone is then the rule."""
    if isinstance(obj, RoleAssignment):
        return obj.grid or obj.community or obj.street
    if isinstance(obj, (Grid, Community, Street)) and obj.pk:
        return obj
    paths = getattr(type(obj), "scope_paths", None)
    if paths is None:
        return None
    for path in (paths.grid, paths.community, paths.street):
        place = _resolve(obj, path)
        if isinstance(place, models.Model) and place.pk:
            return place
    return None


def stored(obj):
    """The record as saved (its place before the edit in memory), for `@action(place=...)`."""
    if obj is None or not getattr(obj, "pk", None):
        return obj
    return type(obj)._default_manager.filter(pk=obj.pk).first() or obj


def save(actor, obj, permission: str, related: dict):
    """Validate (model rules, then org's) and save `obj` with its many-to-many choices, under
    the committee lock for members; refuse a role for an account outside the actor's area or
    an end to the actor's own admin role; refuse a result outside the actor's area. A new
    community gets its bodies (三位一体)."""
    if isinstance(obj, RoleAssignment):
        services.check_assignable(actor, obj)
    services.save_object(obj, **related)
    check_place(actor, permission, obj)
    return obj


def records(model: type[models.Model], noun: str) -> tuple[Callable, Callable, Callable]:
    """`do_create_<noun>(actor, obj, **related)`, `do_update_<noun>(actor, obj, **related)` and
    `do_delete_<noun>(actor, obj)` for a plain organization record: permission
    `org.add_/change_/delete_<model>` by role AND place (a new record's place is the one it
    goes into, an edited record's the one it was in), `services.save_object`'s rules, and a
    refusal of a result outside the actor's area. `related` are many-to-many choices."""
    label = model._meta.model_name
    add, change, delete = (f"org.{verb}_{label}" for verb in ("add", "change", "delete"))

    def create(actor, obj, **related):
        return save(actor, obj, add, related)

    def update(actor, obj, **related):
        return save(actor, obj, change, related)

    def remove(actor, obj):
        obj.delete()

    create.__doc__ = f"A new {model._meta.verbose_name}, in its place."
    update.__doc__ = f"An edit of a {model._meta.verbose_name}."
    remove.__doc__ = f"Delete a {model._meta.verbose_name}."
    made = []
    for fn, verb, permission, place in (
        (create, "create", add, new_place),
        (update, "update", change, stored),
        (remove, "delete", delete, stored),
    ):
        fn.__name__ = fn.__qualname__ = f"do_{verb}_{noun}"
        fn.__module__ = __name__  # the verb is "org.do_<verb>_<noun>"
        made.append(action(permission, place=place)(fn))
    return made[0], made[1], made[2]
